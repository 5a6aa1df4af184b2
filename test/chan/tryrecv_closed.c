// gocc_chan_tryrecv's lock-free "would block" against a concurrent close.
// Each round a channel holds one value; a goroutine closes it and says so
// on another channel, and main, having seen that, drains it.  So the
// channel is never open and empty, unless the poller (a program thread
// calling tryrecv in a loop) took the value itself.  A tryrecv that reads
// "closed" before "empty" (loads out of order: relaxed loads on AArch64)
// can see it open and drained, and say "would block".  test/arch runs this
// under qemu-aarch64.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=8 %t | FileCheck %s
// CHECK: 20000 rounds, would-block on a full or closed channel: 0
#include <gocc.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

static int rounds = 20000;
static gocc_chan *current;             /* the round's channel */
static long wrong;
/* main and the poller meet on semaphores, not channels: a thread readying
 * a goroutine is not what this tests.  main may block its P while it
 * waits: nothing else has to run by then. */
static sem_t start, polled;
static gocc_chan *closed;              /* closer to main: it is closed */

static void *poller(void *arg)
{
	for (int r = 0; r < rounds; r++) {
		sem_wait(&start);
		gocc_chan *c = current;
		long took = 0, v;
		bool ok;
		for (;;) {
			if (!gocc_chan_tryrecv(c, &v, &ok))
				wrong += !took;         /* open and empty only if we took it */
			else if (ok)
				took++;
			else
				break;
		}
		sem_post(&polled);
	}
	return NULL;
}

static void closer(void *c)
{
	gocc_chan_close(c);
	gocc_chan_send(closed, NULL);
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc > 1)
		rounds = atoi(argv[1]);
	closed = gocc_chan_make(0, 0);
	sem_init(&start, 0, 0);
	sem_init(&polled, 0, 0);
	pthread_create(&t, NULL, poller, NULL);
	for (int r = 0; r < rounds; r++) {
		gocc_chan *c = gocc_chan_make(sizeof(long), 1);
		long v = r;
		bool ok;
		gocc_chan_send(c, &v);
		current = c;
		sem_post(&start);
		gocc_go(closer, c);
		gocc_chan_recv(closed, NULL);
		gocc_chan_tryrecv(c, &v, &ok);
		sem_wait(&polled);
		gocc_chan_free(c);
	}
	pthread_join(t, NULL);          /* done: it posted its last round */
	printf("%d rounds, would-block on a full or closed channel: %ld\n", rounds, wrong);
	return 0;
}
