/*
 * demo.c - goroutines at work: 100,000 goroutines each count the primes in
 * a slice of a range and add their count to a shared total; main waits on
 * a WaitGroup and checks the answer against a plain loop.
 */
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { WORKERS = 100000, SLICE = 20 };

static gocc_waitgroup wg = GOCC_WAITGROUP_INIT;
static _Atomic long total;
static _Atomic long most_alive;

static int isprime(long n)
{
	if (n < 2)
		return 0;
	for (long d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

static void count(void *arg)
{
	long lo = (long)(intptr_t)arg, n = 0;

	for (long i = lo; i < lo + SLICE; i++)
		n += isprime(i);
	long alive = gocc_numgoroutine();
	long seen = atomic_load(&most_alive);
	while (alive > seen && !atomic_compare_exchange_weak(&most_alive, &seen, alive))
		;
	gocc_yield();   /* let the others in: they all run interleaved */
	atomic_fetch_add(&total, n);
	gocc_wg_done(&wg);
}

int main(void)
{
	printf("gocc demo: %d goroutines on %d threads count primes below %d\n",
	       WORKERS, gocc_maxprocs(0), WORKERS * SLICE);
	int64_t t0 = gocc_nanotime();
	gocc_wg_add(&wg, WORKERS);
	for (long w = 0; w < WORKERS; w++)
		gocc_go(count, (void *)(intptr_t)(w * SLICE));
	gocc_wg_wait(&wg);
	int64_t t1 = gocc_nanotime();

	long expect = 0;
	for (long i = 0; i < WORKERS * SLICE; i++)
		expect += isprime(i);
	printf("primes: %ld (plain loop says %ld) %s\n", atomic_load(&total), expect,
	       atomic_load(&total) == expect ? "ok" : "WRONG");
	printf("at most %ld goroutines alive at once; %.1f ms; main is goroutine %lld\n",
	       atomic_load(&most_alive), (t1 - t0) / 1e6, (long long)gocc_goid());
	return atomic_load(&total) == expect ? 0 : 1;
}
