// A million goroutines, each adding its argument to a shared sum, joined
// by a WaitGroup; at P=1 and P=2.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { N = 1000000 };
static gocc_waitgroup wg = GOCC_WAITGROUP_INIT;
static _Atomic long sum;
static _Atomic long ran;

static void add(void *arg)
{
	atomic_fetch_add(&sum, (long)arg);
	atomic_fetch_add(&ran, 1);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, N);
	for (long i = 0; i < N; i++)
		gocc_go(add, (void *)i);
	gocc_wg_wait(&wg);
	// CHECK: ran 1000000 sum 499999500000
	printf("ran %ld sum %ld\n", atomic_load(&ran), atomic_load(&sum));
	return 0;
}
