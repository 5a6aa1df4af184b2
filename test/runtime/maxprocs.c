// gocc_maxprocs: GOCC_MAXPROCS or the CPUs in the affinity mask by default;
// set returns the previous value, 0 only asks; goroutines keep running
// while the number of Ps grows and shrinks.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=3 %t | FileCheck %s --check-prefix=ENV
// RUN: taskset -c 0 %t | FileCheck %s --check-prefix=ONECPU
// RUN: %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=0 %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=BAD
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { ROUNDS = 8, PER = 20000 };
static gocc_waitgroup wg;
static _Atomic long done;

static void work(void *arg)
{
	gocc_yield();
	atomic_fetch_add(&done, 1);
	gocc_wg_done(&wg);
}

int main(void)
{
	// ENV: default 3
	// ONECPU: default 1
	int def = gocc_maxprocs(0);
	printf("default %d\n", def);
	// BAD: gocc: fatal error: GOCC_MAXPROCS=0: want a positive number
	// CHECK: set 4 returned the default 1
	printf("set 4 returned the default %d\n", gocc_maxprocs(4) == def);
	// CHECK-NEXT: now 4
	printf("now %d\n", gocc_maxprocs(0));
	static const int sizes[ROUNDS] = { 1, 3, 2, 1, 4, 2, 1, 2 };
	for (int r = 0; r < ROUNDS; r++) {
		gocc_wg_add(&wg, PER);
		for (int i = 0; i < PER; i++) {
			gocc_go(work, NULL);
			if (i == PER / 2)
				gocc_maxprocs(sizes[r]);
		}
		gocc_wg_wait(&wg);
	}
	// CHECK-NEXT: done 160000 with 2 Ps
	printf("done %ld with %d Ps\n", atomic_load(&done), gocc_maxprocs(0));
	return 0;
}
