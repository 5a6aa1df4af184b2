// Timers outlive the Ps that gocc_maxprocs removes: goroutines on 8 Ps
// arm sleeps and gocc_afters, the Ps go down to 1, and every timer fires
// while main keeps that one P busy (yielding, so it runs its timers).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=8 %t | FileCheck %s
// CHECK: 20 rounds: every timer of a removed P fired
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { ROUNDS = 20, NG = 7, STALL_S = 10 };

static _Atomic int arrived, armed, fired;

/* Each goroutine holds its own P until all have arrived, so that the
 * timers land on 7 different Ps; half sleep, half wait on gocc_after. */
static void timed(void *arg)
{
	long i = (long)arg;
	int64_t v;

	atomic_fetch_add(&arrived, 1);
	while (atomic_load(&arrived) < NG)
		;
	if (i % 2) {
		atomic_fetch_add(&armed, 1);
		gocc_sleep(5 * 1000000);
	} else {
		gocc_chan *c = gocc_after(5 * 1000000);
		atomic_fetch_add(&armed, 1);
		gocc_chan_recv(c, &v);
		gocc_chan_free(c);
	}
	atomic_fetch_add(&fired, 1);
}

int main(void)
{
	for (int r = 0; r < ROUNDS; r++) {
		gocc_maxprocs(8);
		atomic_store(&arrived, 0);
		atomic_store(&armed, 0);
		atomic_store(&fired, 0);
		for (long i = 0; i < NG; i++)
			gocc_go(timed, (void *)i);
		while (atomic_load(&armed) < NG)
			;
		gocc_maxprocs(1);
		int64_t t0 = gocc_nanotime();
		while (atomic_load(&fired) < NG) {
			if (gocc_nanotime() - t0 > STALL_S * 1000000000LL) {
				printf("round %d: %d of %d timers stalled\n", r,
				       NG - atomic_load(&fired), NG);
				return 1;
			}
			gocc_yield();
		}
	}
	printf("%d rounds: every timer of a removed P fired\n", ROUNDS);
	return 0;
}
