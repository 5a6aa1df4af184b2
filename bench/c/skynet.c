/*
 * skynet with WaitGroups: a 10-ary tree of goroutines with N leaves (1M:
 * 1,111,111 goroutines).  Each inner node starts its 10 children and waits
 * for them on its own WaitGroup; leaves add their number to a shared
 * atomic sum.  Prints milliseconds.  Twin: bench/go/skynet.
 */
#include "bench.h"

#include <stdatomic.h>

struct node {
	int64_t num, size;
	gocc_waitgroup *parent;
};

static _Atomic int64_t sum;

static void skynet(void *arg)
{
	struct node *n = arg;

	if (n->size == 1) {
		atomic_fetch_add(&sum, n->num);
		gocc_wg_done(n->parent);
		return;
	}
	/* The children read their node from this frame, which outlives
	 * them: we return only after every child is done. */
	gocc_waitgroup wg = GOCC_WAITGROUP_INIT;
	struct node kids[10];
	int64_t size = n->size / 10;
	gocc_wg_add(&wg, 10);
	for (int i = 0; i < 10; i++) {
		kids[i] = (struct node){n->num + i * size, size, &wg};
		gocc_go(skynet, &kids[i]);
	}
	gocc_wg_wait(&wg);
	gocc_wg_done(n->parent);
}

int main(int argc, char **argv)
{
	int64_t leaves = bench_size(argc, argv, 1000000);
	gocc_waitgroup wg = GOCC_WAITGROUP_INIT;
	struct node root = {0, leaves, &wg};

	int64_t t0 = bench_now();
	gocc_wg_add(&wg, 1);
	gocc_go(skynet, &root);
	gocc_wg_wait(&wg);
	int64_t t = bench_now() - t0;

	bench_check(sum == leaves * (leaves - 1) / 2, "sum %ld", (long)sum);
	printf("ms %.1f\n", t / 1e6);
	return 0;
}
