void h(void)
{
	go x[);
}
