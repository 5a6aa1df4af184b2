// Thread ring (the benchmarks game): 503 goroutines in a ring of
// unbuffered channels pass a token that counts down from n; the goroutine
// that receives 0 prints its number, (n mod 503) + 1.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t 1000 | FileCheck %s --check-prefix=K1
// RUN: env GOCC_MAXPROCS=1 %t 1000000 | FileCheck %s --check-prefix=M1
// RUN: env GOCC_MAXPROCS=2 %t 1000000 | FileCheck %s --check-prefix=M1
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 1000 2>&1 | FileCheck %s --check-prefix=K1 --implicit-check-not "WARNING: ThreadSanitizer"
// K1: 498
// M1: 37
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

enum { RING = 503 };

static gocc_chan *ring[RING];
static gocc_chan *result;

static void node(void *arg)
{
	long id = (long)arg, token;
	for (;;) {
		gocc_chan_recv(ring[id - 1], &token);
		if (token == 0) {
			gocc_chan_send(result, &id);
			return;
		}
		token--;
		gocc_chan_send(ring[id % RING], &token);
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, id;

	for (int i = 0; i < RING; i++)
		ring[i] = gocc_chan_make(sizeof(long), 0);
	result = gocc_chan_make(sizeof(long), 0);
	for (long i = 1; i <= RING; i++)
		gocc_go(node, (void *)i);
	gocc_chan_send(ring[0], &n);
	gocc_chan_recv(result, &id);
	printf("%ld\n", id);
	return 0;
}
