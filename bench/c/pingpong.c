/*
 * ping-pong: main and one goroutine pass an integer back and forth over
 * two unbuffered channels N times.  Prints nanoseconds per round trip.
 * Twin: bench/go/pingpong.
 */
#include "bench.h"

static gocc_chan *ping, *pong;

static void ponger(void *arg)
{
	long v;

	while (gocc_chan_recv(ping, &v)) {
		v++;
		gocc_chan_send(pong, &v);
	}
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 1000000), v = 0;

	ping = gocc_chan_make(sizeof(long), 0);
	pong = gocc_chan_make(sizeof(long), 0);
	gocc_go(ponger, NULL);

	int64_t t0 = bench_now();
	for (long i = 0; i < n; i++) {
		gocc_chan_send(ping, &v);
		gocc_chan_recv(pong, &v);
	}
	int64_t t = bench_now() - t0;

	bench_check(v == n, "%ld round trips counted", v);
	printf("ns_per_op %.1f\n", (double)t / n);
	return 0;
}
