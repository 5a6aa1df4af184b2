// gocc_mutex under contention: goroutines increment a shared counter,
// often yielding while they hold the lock (so waiters pile up and starve
// into handoff mode); no increment is lost and no two goroutines are ever
// inside at once.  Also trylock, and static and zeroed mutexes.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: trylock: 1 0, after unlock 1
// CHECK: counter 200000 (want 200000), overlaps 0
#include <gocc.h>
#include <stdio.h>
#include <string.h>

enum { WORKERS = 100, ITERS = 2000 };

static gocc_mutex mu = GOCC_MUTEX_INIT;
static long counter, inside, overlaps;
static gocc_waitgroup wg;

static void worker(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		gocc_mutex_lock(&mu);
		overlaps += inside++ != 0;
		long c = counter;
		if (i % 8 == 0)
			gocc_yield();   /* hold it across a reschedule */
		counter = c + 1;
		inside--;
		gocc_mutex_unlock(&mu);
		if (i % 3 == 0)
			gocc_yield();
	}
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_mutex zeroed;
	memset(&zeroed, 0, sizeof zeroed);
	bool a = gocc_mutex_trylock(&zeroed);
	bool b = gocc_mutex_trylock(&zeroed);
	gocc_mutex_unlock(&zeroed);
	bool c = gocc_mutex_trylock(&zeroed);
	gocc_mutex_unlock(&zeroed);
	printf("trylock: %d %d, after unlock %d\n", a, b, c);

	gocc_wg_add(&wg, WORKERS);
	for (int i = 0; i < WORKERS; i++)
		gocc_go(worker, NULL);
	gocc_wg_wait(&wg);
	printf("counter %ld (want %d), overlaps %ld\n", counter, WORKERS * ITERS, overlaps);
	return 0;
}
