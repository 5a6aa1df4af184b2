// No P is lost when gocc_maxprocs grows the Ps back while an M is retiring
// one: main takes the Ps from 4 down to 1 and up to 1024 while goroutines
// yield on them (the growth's long critical section is the window), back
// to 4, then 4 goroutines spin until all 4 run at once, which needs every
// P.  (They spin without yielding: a yield would let 4 take turns on 3.)
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=8 %t | FileCheck %s
// CHECK: 100 rounds: 4 goroutines ran at once on 4 Ps each time
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

enum { ROUNDS = 100, NP = 4, MANY = 1024, STALL_S = 10 };

static _Atomic bool stop;
static _Atomic int arrived;
static gocc_waitgroup wg;

static void worker(void *arg)
{
	atomic_fetch_add(&arrived, 1);
	while (!atomic_load(&stop))
		gocc_yield();
	gocc_wg_done(&wg);
}

static void barrier(void *arg)
{
	int64_t t0 = gocc_nanotime();

	atomic_fetch_add(&arrived, 1);
	while (atomic_load(&arrived) < NP) {
		if (gocc_nanotime() - t0 > STALL_S * 1000000000LL) {
			printf("round %ld: only %d of %d goroutines ran at once: a P "
			       "is lost\n", (long)arg, atomic_load(&arrived), NP);
			fflush(stdout);
			_exit(1);
		}
	}
	gocc_wg_done(&wg);
}

static void all(void (*fn)(void *), long r)
{
	atomic_store(&arrived, 0);
	gocc_wg_add(&wg, NP);
	for (int i = 0; i < NP; i++)
		gocc_go(fn, (void *)r);
}

int main(void)
{
	for (long r = 0; r < ROUNDS; r++) {
		gocc_maxprocs(NP);
		atomic_store(&stop, false);
		all(worker, r);
		while (atomic_load(&arrived) < NP)
			gocc_yield();
		gocc_maxprocs(1);
		gocc_maxprocs(MANY);
		gocc_maxprocs(NP);
		atomic_store(&stop, true);
		gocc_wg_wait(&wg);

		all(barrier, r);
		gocc_wg_wait(&wg);
	}
	printf("%d rounds: %d goroutines ran at once on %d Ps each time\n",
	       ROUNDS, NP, NP);
	return 0;
}
