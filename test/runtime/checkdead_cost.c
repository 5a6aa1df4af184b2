// The deadlock check runs every time the last M goes idle, and used to
// walk every G ever made: with 200,000 goroutines parked, each value a
// program thread handed to a goroutine cost a walk.  (The thread pauses
// before each value, so that the goroutine's M has gone idle.)  It now
// reads one count.  The bound is on process CPU time (not wall time) per
// hand-off, and generous: a hand-off costs microseconds of futex wake-ups
// and the pause's syscall, the walk a millisecond.  The best of several
// batches counts, so that a moment of machine noise does not.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// CHECK: parked 200000
// CHECK: hand-offs 2000, cpu per hand-off ok
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

enum { PARKED = 200000, BATCHES = 5, BATCH = 400, BOUND_NS = 300 * 1000 };

static gocc_waitgroup gate, started, received;
static gocc_chan *c;

static void park(void *arg)
{
	gocc_wg_done(&started);
	gocc_wg_wait(&gate);
}

static void receiver(void *arg)
{
	long v;
	while (gocc_chan_recv(c, &v))
		;
	gocc_wg_done(&received);
}

static int64_t cputime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The least CPU time per hand-off over the batches. */
static void *sender(void *arg)
{
	int64_t *best = arg;

	for (long b = 0; b < BATCHES; b++) {
		int64_t t0 = cputime();
		for (long i = 0; i < BATCH; i++) {
			nanosleep(&(struct timespec){0, 20000}, NULL);
			gocc_chan_send(c, &i);
		}
		int64_t ns = (cputime() - t0) / BATCH;
		if (b == 0 || ns < *best)
			*best = ns;
	}
	gocc_chan_close(c);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int64_t ns;

	gocc_wg_add(&gate, 1);
	gocc_wg_add(&started, PARKED);
	for (int i = 0; i < PARKED; i++)
		gocc_go(park, NULL);
	gocc_wg_wait(&started);
	printf("parked %d\n", PARKED);

	c = gocc_chan_make(sizeof(long), 0);
	gocc_wg_add(&received, 1);
	gocc_go(receiver, NULL);
	pthread_create(&t, NULL, sender, &ns);
	gocc_wg_wait(&received);
	pthread_join(t, NULL);
	printf("hand-offs %d, cpu per hand-off %s\n", BATCHES * BATCH,
	       ns < BOUND_NS ? "ok" : "too high");
	fprintf(stderr, "%lld ns of cpu per hand-off\n", (long long)ns);
	gocc_wg_done(&gate);
	return 0;
}
