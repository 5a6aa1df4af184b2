/* Input for bytes.test and idempotent.test: goroutines started in
 * several shapes; every other line must come out unchanged. */
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static void work(int a, const char *s) { printf("%s %d\n", s, a); gocc_wg_done(&wg); }
static void (*tbl[1])(int, const char *) = { work };
#define SPAWN(f, x) do { go f(x, #x); } while (0)

int main(void)
{
	gocc_wg_add(&wg, 4);
	go work(1, "one");
	go (*tbl[0])(2,
		     "two");
	SPAWN(work, 3);	/* comment */ SPAWN(work, 4);
	gocc_wg_wait(&wg);
	return 0;
}
