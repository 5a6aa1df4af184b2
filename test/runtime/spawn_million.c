// A million goroutines, each adding its argument to a shared sum, joined
// by a WaitGroup; at P=1 and P=2, and (fewer: TSan allows ~8000 live
// fibers) under ASan, TSan and Valgrind with no reports.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=address %s -o %t.asan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.asan 2>&1 | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 5000 2>&1 | FileCheck %s --check-prefix=SAN --implicit-check-not=ThreadSanitizer
// RUN: env GOCC_MAXPROCS=2 valgrind -q --error-exitcode=9 %t 2000 2>&1 | FileCheck %s --check-prefix=VG --implicit-check-not==={{[0-9]+}}==
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static gocc_waitgroup wg = GOCC_WAITGROUP_INIT;
static _Atomic long sum;
static _Atomic long ran;

static void add(void *arg)
{
	atomic_fetch_add(&sum, (long)arg);
	atomic_fetch_add(&ran, 1);
	gocc_wg_done(&wg);
}

int main(int argc, char **argv)
{
	long N = argc > 1 ? atol(argv[1]) : 1000000;
	gocc_wg_add(&wg, N);
	for (long i = 0; i < N; i++)
		gocc_go(add, (void *)i);
	gocc_wg_wait(&wg);
	// CHECK: ran 1000000 sum 499999500000
	printf("ran %ld sum %ld\n", atomic_load(&ran), atomic_load(&sum));
	// SAN: ran 5000 sum 12497500
	// VG: ran 2000 sum 1999000
	return 0;
}
