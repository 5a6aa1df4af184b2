void f(int a) { (void)a; }
int main(void)
{
	go f(1) return 0;
}
