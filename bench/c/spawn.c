/*
 * spawn: N goroutines that each add their index to a shared sum and call
 * gocc_wg_done; main waits on the WaitGroup.  Prints nanoseconds per
 * goroutine (create, run, exit).  Twin: bench/go/spawn.
 */
#include "bench.h"

#include <stdatomic.h>

static gocc_waitgroup wg = GOCC_WAITGROUP_INIT;
static _Atomic int64_t sum;

static void work(void *arg)
{
	atomic_fetch_add(&sum, (intptr_t)arg);
	gocc_wg_done(&wg);
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 1000000);

	int64_t t0 = bench_now();
	gocc_wg_add(&wg, n);
	for (long i = 0; i < n; i++)
		gocc_go(work, (void *)(intptr_t)i);
	gocc_wg_wait(&wg);
	int64_t t = bench_now() - t0;

	bench_check(sum == (int64_t)n * (n - 1) / 2, "sum %ld", (long)sum);
	printf("ns_per_op %.1f\n", (double)t / n);
	return 0;
}
