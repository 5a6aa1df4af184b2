/*
 * skynet with channels, as atemerev/skynet: each inner node makes an
 * unbuffered channel, starts its 10 children on it and sums what they
 * send; each node sends its sum to its parent.  1M leaves: 1,111,111
 * goroutines, sum 499999500000.  Prints milliseconds.
 * Twin: bench/go/skynet_chan.
 */
#include "bench.h"

struct node {
	gocc_chan *up;
	int64_t num, size;
};

static void skynet(void *arg)
{
	struct node *n = arg;
	int64_t sum = 0;

	if (n->size == 1) {
		gocc_chan_send(n->up, &n->num);
		return;
	}
	/* Children read their node from this frame before they send, and
	 * we leave only after the last send has been received. */
	struct node kids[10];
	gocc_chan *c = gocc_chan_make(sizeof(int64_t), 0);
	int64_t size = n->size / 10;
	for (int i = 0; i < 10; i++) {
		kids[i] = (struct node){c, n->num + i * size, size};
		gocc_go(skynet, &kids[i]);
	}
	for (int i = 0; i < 10; i++) {
		int64_t v;
		gocc_chan_recv(c, &v);
		sum += v;
	}
	gocc_chan_free(c);
	gocc_chan_send(n->up, &sum);
}

int main(int argc, char **argv)
{
	int64_t leaves = bench_size(argc, argv, 1000000), sum;
	gocc_chan *c = gocc_chan_make(sizeof(int64_t), 0);
	struct node root = {c, 0, leaves};

	int64_t t0 = bench_now();
	gocc_go(skynet, &root);
	gocc_chan_recv(c, &sum);
	int64_t t = bench_now() - t0;

	bench_check(sum == leaves * (leaves - 1) / 2, "sum %ld", (long)sum);
	printf("ms %.1f\n", t / 1e6);
	return 0;
}
