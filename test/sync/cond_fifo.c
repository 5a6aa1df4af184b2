// gocc_cond keeps its promises with the mutex unlocked outside its own
// lock: waiters wake in the order they called wait, and no signal is
// lost, also one sent while a waiter is between unlocking the mutex and
// queueing (which the program's threads, running in parallel, hit often).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=8 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: signals woke 20 waiters in the order they waited
// CHECK-NEXT: ring of 8 goroutines: 40000 turns
// CHECK-NEXT: ring of 4 threads: 40000 turns
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>

enum { WAITERS = 20, GOROUTINES = 8, THREADS = 4, TURNS = 40000 };

static gocc_mutex mu = GOCC_MUTEX_INIT;
static gocc_cond line = GOCC_COND_INIT;
static int waiting, signalled, order[WAITERS], nwoken;
static gocc_waitgroup wg;

static void waiter(void *arg)
{
	gocc_mutex_lock(&mu);
	waiting++;
	while (signalled == nwoken)
		gocc_cond_wait(&line, &mu);
	order[nwoken++] = (int)(long)arg;
	gocc_mutex_unlock(&mu);
	gocc_wg_done(&wg);
}

static int locked_read(int *v)
{
	gocc_mutex_lock(&mu);
	int n = *v;
	gocc_mutex_unlock(&mu);
	return n;
}

static void await(int *v, int want)
{
	while (locked_read(v) < want)
		gocc_yield();
}

/* Each member of a ring of n waits on its own cond for its turn, then
 * signals the next: one lost signal and the ring stops. */
static gocc_cond turnof[GOROUTINES];
static long turn;

static void member(long i, long N)
{
	for (;;) {
		gocc_mutex_lock(&mu);
		while (turn % N != i && turn < TURNS)
			gocc_cond_wait(&turnof[i], &mu);
		if (turn >= TURNS) {
			gocc_mutex_unlock(&mu);
			break;
		}
		turn++;
		gocc_cond_signal(&turnof[(i + 1) % N]);
		gocc_mutex_unlock(&mu);
	}
	gocc_mutex_lock(&mu);
	gocc_cond_signal(&turnof[(i + 1) % N]);     /* pass the end on */
	gocc_mutex_unlock(&mu);
}

static void goroutine_member(void *arg)
{
	member((long)arg, GOROUTINES);
	gocc_wg_done(&wg);
}

static void *thread_member(void *arg)
{
	member((long)arg, THREADS);
	return NULL;
}

int main(void)
{
	/* Waiter i has called wait before waiter i+1 starts. */
	gocc_wg_add(&wg, WAITERS);
	for (long i = 0; i < WAITERS; i++) {
		gocc_go(waiter, (void *)i);
		await(&waiting, (int)i + 1);
	}
	for (int i = 0; i < WAITERS; i++) {
		gocc_mutex_lock(&mu);
		signalled++;
		gocc_cond_signal(&line);
		gocc_mutex_unlock(&mu);
		await(&nwoken, i + 1);
	}
	gocc_wg_wait(&wg);
	int fifo = 1;
	for (int i = 0; i < WAITERS; i++)
		fifo &= order[i] == i;
	printf("signals woke %d waiters %s\n", nwoken,
	       fifo ? "in the order they waited" : "OUT OF ORDER");

	gocc_wg_add(&wg, GOROUTINES);
	for (long i = 0; i < GOROUTINES; i++)
		gocc_go(goroutine_member, (void *)i);
	gocc_wg_wait(&wg);
	printf("ring of %d goroutines: %ld turns\n", GOROUTINES, turn);

	/* Threads wake threads only: readying a goroutine from a thread is
	 * the scheduler's business (test/runtime), not the cond's. */
	pthread_t tid[THREADS];
	turn = 0;
	for (long i = 0; i < THREADS; i++)
		pthread_create(&tid[i], NULL, thread_member, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(tid[i], NULL);
	printf("ring of %d threads: %ld turns\n", THREADS, turn);
	return 0;
}
