#include <gocc.h>
#include <stdio.h>

static void work(const char *what, int v) { printf("%s %d\n", what, v); }

int main(void)
{
	static char buf[16];
#ifdef __OPTIMIZE__
	go work("optimized", 1);
#endif
#ifdef __FAST_MATH__
	(void)__COUNTER__;	/* numbers the go statements after it */
	go work("fast-math", 2);
#endif
	go work("last", 3);
	go snprintf(buf, sizeof buf, "snprintf %d", 4);
	go printf("printf %d\n", 5);
	while (gocc_numgoroutine() > 1)
		gocc_yield();
	puts(buf);
	return 0;
}
