// gocc_cond: a bounded queue with "not empty" and "not full" conditions
// moves every item once; signal wakes one waiter, broadcast wakes them all.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: signal woke 1 of 10
// CHECK: broadcast woke the other 9
// CHECK: queue: 100000 items, sum ok
#include <gocc.h>
#include <stdio.h>

enum { WAITERS = 10, ITEMS = 100000, QCAP = 8, PRODUCERS = 4, CONSUMERS = 4 };

static gocc_mutex mu = GOCC_MUTEX_INIT;
static gocc_cond go_on = GOCC_COND_INIT, notempty = GOCC_COND_INIT, notfull = GOCC_COND_INIT;
static int waiting, wakeups, tickets, woken;
static gocc_waitgroup wg;

/* Wait for a ticket; count every return from the wait. */
static void waiter(void *arg)
{
	gocc_mutex_lock(&mu);
	waiting++;
	while (tickets == 0) {
		gocc_cond_wait(&go_on, &mu);
		wakeups++;
	}
	tickets--;
	woken++;
	gocc_mutex_unlock(&mu);
	gocc_wg_done(&wg);
}

static long queue[QCAP], qlen, qhead, sum;

static void producer(void *arg)
{
	long base = (long)arg;
	for (long i = base; i < ITEMS; i += PRODUCERS) {
		gocc_mutex_lock(&mu);
		while (qlen == QCAP)
			gocc_cond_wait(&notfull, &mu);
		queue[(qhead + qlen++) % QCAP] = i;
		gocc_cond_signal(&notempty);
		gocc_mutex_unlock(&mu);
	}
	gocc_wg_done(&wg);
}

static void consumer(void *arg)
{
	for (long n = 0; n < ITEMS / CONSUMERS; n++) {
		gocc_mutex_lock(&mu);
		while (qlen == 0)
			gocc_cond_wait(&notempty, &mu);
		sum += queue[qhead];
		qhead = (qhead + 1) % QCAP;
		qlen--;
		gocc_cond_signal(&notfull);
		gocc_mutex_unlock(&mu);
	}
	gocc_wg_done(&wg);
}

static int locked_read(int *v)
{
	gocc_mutex_lock(&mu);
	int n = *v;
	gocc_mutex_unlock(&mu);
	return n;
}

/* Give the woken goroutines ample time to run. */
static void settle(int *v, int want)
{
	for (int i = 0; i < 100000 && locked_read(v) < want; i++)
		gocc_yield();
	for (int i = 0; i < 1000; i++)
		gocc_yield();
}

int main(void)
{
	gocc_wg_add(&wg, WAITERS);
	for (int i = 0; i < WAITERS; i++)
		gocc_go(waiter, NULL);
	settle(&waiting, WAITERS);

	gocc_mutex_lock(&mu);
	tickets = 1;
	gocc_cond_signal(&go_on);
	gocc_mutex_unlock(&mu);
	settle(&woken, 1);
	printf("signal woke %d of %d\n", locked_read(&wakeups), WAITERS);

	gocc_mutex_lock(&mu);
	tickets = WAITERS - 1;
	gocc_cond_broadcast(&go_on);
	gocc_mutex_unlock(&mu);
	settle(&woken, WAITERS);
	printf("broadcast woke the other %d\n", locked_read(&woken) - 1);
	gocc_wg_wait(&wg);

	gocc_wg_add(&wg, PRODUCERS + CONSUMERS);
	for (long i = 0; i < PRODUCERS; i++)
		gocc_go(producer, (void *)i);
	for (int i = 0; i < CONSUMERS; i++)
		gocc_go(consumer, NULL);
	gocc_wg_wait(&wg);
	long want = (long)ITEMS * (ITEMS - 1) / 2;
	printf("queue: %d items, sum %s\n", ITEMS, sum == want ? "ok" : "WRONG");
	return 0;
}
