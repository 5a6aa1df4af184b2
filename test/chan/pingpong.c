// Ping-pong: two goroutines bounce a counter over two unbuffered channels;
// each checks it receives the value it expects.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 20000 2>&1 | FileCheck %s --check-prefix=SMALL --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: 200000 round trips, final value 400000, errors 0
// SMALL: 20000 round trips, final value 40000, errors 0
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

static gocc_chan *ping, *pong;
static long errors_pong;

static void ponger(void *arg)
{
	long v, want = 0;
	while (gocc_chan_recv(ping, &v)) {
		errors_pong += v != want;
		v++;
		want = v + 1;
		gocc_chan_send(pong, &v);
	}
	gocc_chan_close(pong);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, v = 0, errors = 0;

	ping = gocc_chan_make(sizeof(long), 0);
	pong = gocc_chan_make(sizeof(long), 0);
	gocc_go(ponger, NULL);
	for (long i = 0; i < n; i++) {
		gocc_chan_send(ping, &v);
		long want = v + 1;
		gocc_chan_recv(pong, &v);
		errors += v != want;
		v++;
	}
	gocc_chan_close(ping);
	gocc_chan_recv(pong, NULL);     /* ponger is done: errors_pong is final */
	printf("%ld round trips, final value %ld, errors %ld\n", n, v, errors + errors_pong);
	return 0;
}
