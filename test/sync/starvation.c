// Starvation mode: a holder that keeps the mutex for 2 ms at a time and
// takes it again at once would win every time against a parked waiter
// (newcomers barge in normal mode).  Once the waiter has waited over 1 ms
// the mutex hands itself to the waiter at the next unlock, so the waiter
// gets it within a couple of the holder's rounds, not after all of them.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// CHECK: waiter got the lock within 3 of 10 holder rounds: yes
// CHECK: holder finished its 10 rounds
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { ROUNDS = 10 };

static gocc_mutex mu = GOCC_MUTEX_INIT;
static _Atomic int round_no, waiter_round = -1;
static gocc_waitgroup wg;

static void waiter(void *arg)
{
	gocc_mutex_lock(&mu);
	atomic_store(&waiter_round, atomic_load(&round_no));
	gocc_mutex_unlock(&mu);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, 1);
	gocc_mutex_lock(&mu);
	gocc_go(waiter, NULL);
	for (int i = 0; i < ROUNDS; i++) {
		atomic_store(&round_no, i);
		gocc_sleep(2 * 1000 * 1000);    /* hold it: the waiter parks */
		gocc_mutex_unlock(&mu);
		gocc_mutex_lock(&mu);           /* barge straight back in */
	}
	gocc_mutex_unlock(&mu);
	gocc_wg_wait(&wg);
	int got = atomic_load(&waiter_round);
	printf("waiter got the lock within 3 of %d holder rounds: %s (round %d)\n", ROUNDS,
	       got >= 0 && got < 3 ? "yes" : "no", got);
	printf("holder finished its %d rounds\n", ROUNDS);
	return 0;
}
