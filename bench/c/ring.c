/*
 * thread ring (the benchmarks game): 503 goroutines in a ring of
 * unbuffered channels pass a token N times; the one that receives it at
 * zero reports its number, (N mod 503) + 1.  Prints nanoseconds per hop.
 * Twin: bench/go/ring.
 */
#include "bench.h"

enum { RING = 503 };

struct link {
	int id;
	gocc_chan *in, *out;
};

static struct link ring[RING];
static gocc_chan *winner;

static void pass(void *arg)
{
	struct link *l = arg;
	long token;

	for (;;) {
		gocc_chan_recv(l->in, &token);
		if (token == 0)
			break;
		token--;
		gocc_chan_send(l->out, &token);
	}
	gocc_chan_send(winner, &l->id);
}

int main(int argc, char **argv)
{
	long hops = bench_size(argc, argv, 10000000);
	gocc_chan *c[RING];
	int id;

	for (int i = 0; i < RING; i++)
		c[i] = gocc_chan_make(sizeof(long), 0);
	winner = gocc_chan_make(sizeof(int), 0);
	for (int i = 0; i < RING; i++) {
		ring[i] = (struct link){i + 1, c[i], c[(i + 1) % RING]};
		gocc_go(pass, &ring[i]);
	}

	int64_t t0 = bench_now();
	gocc_chan_send(c[0], &hops);
	gocc_chan_recv(winner, &id);
	int64_t t = bench_now() - t0;

	bench_check(id == hops % RING + 1, "winner %d", id);
	printf("ns_per_op %.1f\n", (double)t / hops);
	return 0;
}
