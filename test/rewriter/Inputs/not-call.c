#include <gocc.h>
int f(int a) { return a; }
int x;
void m(void)
{
	if (x) go x;
	while (x) go (f)(1) + 1;
	go f(2);
}
