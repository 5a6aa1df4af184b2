// gocc_once: of many goroutines calling once_do together, one runs fn,
// and none returns before fn has returned (fn yields midway).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: fn ran 1 times; callers that returned early: 0
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { CALLERS = 100 };

static gocc_once once = GOCC_ONCE_INIT;
static _Atomic int runs, early;
static int table[64];                   /* written by fn, read by callers */
static gocc_waitgroup wg;

static void init(void)
{
	atomic_fetch_add(&runs, 1);
	for (int i = 0; i < 64; i++) {
		table[i] = i * i;
		if (i == 32)
			gocc_yield();
	}
}

static void caller(void *arg)
{
	gocc_once_do(&once, init);
	if (table[63] != 63 * 63)
		atomic_fetch_add(&early, 1);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, CALLERS);
	for (int i = 0; i < CALLERS; i++)
		gocc_go(caller, NULL);
	gocc_wg_wait(&wg);
	gocc_once_do(&once, init);
	printf("fn ran %d times; callers that returned early: %d\n", atomic_load(&runs),
	       atomic_load(&early));
	return 0;
}
