// Many goroutines select over the same channels from both sides at once:
// producers send through selects over two channels, consumers receive
// through selects over those two and a buffered one; every value arrives
// exactly once.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 10000 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: every value received once
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

enum { PRODUCERS = 8, CONSUMERS = 8 };

static long per_producer = 50000;
static gocc_chan *x, *y, *z, *done;
static gocc_waitgroup producers;

static void producer(void *arg)
{
	long base = (long)arg * per_producer;
	for (long i = 0; i < per_producer; i++) {
		long v = base + i;
		gocc_select_case cases[] = {{x, GOCC_SEND, &v, false}, {y, GOCC_SEND, &v, false},
					    {z, GOCC_SEND, &v, false}};
		gocc_select(cases, 3, false);
	}
	gocc_wg_done(&producers);
}

static void consumer(void *arg)
{
	unsigned char *seen = arg;
	long v, n = 0, bad = 0;
	gocc_select_case cases[] = {{x, GOCC_RECV, &v, false}, {y, GOCC_RECV, &v, false},
				    {z, GOCC_RECV, &v, false}};
	for (;;) {
		int k = gocc_select(cases, 3, false);
		if (!cases[k].ok)
			break;          /* closed: everything was sent */
		/* Values are unique, so each byte is written by one consumer. */
		bad += seen[v]++ != 0;
		n++;
	}
	long r[2] = {n, bad};
	gocc_chan_send(done, r);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		per_producer = atol(argv[1]);
	long total = PRODUCERS * per_producer;
	unsigned char *seen = calloc(total, 1);
	x = gocc_chan_make(sizeof(long), 0);
	y = gocc_chan_make(sizeof(long), 0);
	z = gocc_chan_make(sizeof(long), 16);
	done = gocc_chan_make(2 * sizeof(long), CONSUMERS);
	gocc_wg_add(&producers, PRODUCERS);
	for (long i = 0; i < PRODUCERS; i++)
		gocc_go(producer, (void *)i);
	for (int i = 0; i < CONSUMERS; i++)
		gocc_go(consumer, seen);
	gocc_wg_wait(&producers);
	/* Closing one channel ends every consumer's select soon enough: a
	 * closed channel is always ready. */
	gocc_chan_close(x);
	long n = 0, bad = 0;
	for (int i = 0; i < CONSUMERS; i++) {
		long r[2];
		gocc_chan_recv(done, r);
		n += r[0];
		bad += r[1];
	}
	/* z may still hold values the consumers left when x closed. */
	long v;
	while (gocc_chan_tryrecv(z, &v, NULL)) {
		bad += seen[v]++ != 0;
		n++;
	}
	long missing = 0;
	for (long i = 0; i < total; i++)
		missing += seen[i] == 0;
	if (n == total && !bad && !missing)
		printf("every value received once\n");
	else
		printf("received %ld of %ld, %ld twice, %ld missing\n", n, total, bad, missing);
	return 0;
}
