struct { int x; } anon;
struct huge { char b[1ULL << 32]; };
static void f(struct huge h) { (void)h; }
static void g(__typeof__(anon) a) { (void)a; }
int main(void)
{
	static struct huge h;
	struct local { int v; } l;
	void (*lp)(struct local *) = 0;
	go f(h);
	go g(anon);
	go lp(&l);
	return 0;
}
