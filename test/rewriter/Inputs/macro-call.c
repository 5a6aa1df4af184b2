void f(int a) { (void)a; }
#define SPAWN(call) go call
void m(void) { SPAWN(f(1)); }
