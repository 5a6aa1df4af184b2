// skynet: a tree of 1M goroutines, 10 children each, every leaf sends its
// number up through a channel and every node sums its children's.  The
// goroutines start through gocc_newproc, as `go skynet(c, num, size);`
// compiles.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 1000 2>&1 | FileCheck %s --check-prefix=SMALL --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: skynet 1000000: 499999500000
// SMALL: skynet 1000: 499500
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
	gocc_chan *up;
	long num, size;
};

static void skynet(void *arg);
static const gocc_funcval skynet_fv = {skynet};

static void skynet(void *arg)
{
	struct node n = *(struct node *)arg;
	long sum = 0;

	if (n.size == 1) {
		gocc_chan_send(n.up, &n.num);
		return;
	}
	gocc_chan *c = gocc_chan_make(sizeof(long), 0);
	long step = n.size / 10;
	for (long i = 0; i < 10; i++) {
		struct node child = {c, n.num + i * step, step};
		gocc_newproc(sizeof child, &skynet_fv, &child);
	}
	for (int i = 0; i < 10; i++) {
		long v;
		gocc_chan_recv(c, &v);
		sum += v;
	}
	gocc_chan_free(c);
	gocc_chan_send(n.up, &sum);
}

int main(int argc, char **argv)
{
	long size = argc > 1 ? atol(argv[1]) : 1000000;
	struct node root = {gocc_chan_make(sizeof(long), 0), 0, size};
	long sum;

	gocc_newproc(sizeof root, &skynet_fv, &root);
	gocc_chan_recv(root.up, &sum);
	printf("skynet %ld: %ld\n", size, sum);
	return 0;
}
