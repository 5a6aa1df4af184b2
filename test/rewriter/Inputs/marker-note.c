#include <gocc.h>
void f(int *_Gx);
void h(void)
{
	f(1.0);
	go f(0);
}
