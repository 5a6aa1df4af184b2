/*
 * binarytrees: perfect binary trees built with malloc, walked and freed,
 * after the Benchmarks Game's binary-trees: a long-lived tree of depth
 * MAX, and for each even depth d from 4 to MAX, 2^(MAX - d + 4) trees of
 * depth d.  Recursion and the allocator: a call per node.  Checks the
 * node counts.
 */
#include "kernel.h"

#include <stdlib.h>

enum { MIN = 4, MAX = 16 };

struct node {
	struct node *left, *right;
};

static struct node *make(int depth)
{
	struct node *n = malloc(sizeof *n);
	if (!n)
		abort();
	n->left = depth > 0 ? make(depth - 1) : NULL;
	n->right = depth > 0 ? make(depth - 1) : NULL;
	return n;
}

static long count(const struct node *n)
{
	return 1 + (n->left ? count(n->left) + count(n->right) : 0);
}

static void release(struct node *n)
{
	if (n->left) {
		release(n->left);
		release(n->right);
	}
	free(n);
}

int main(void)
{
	double t0 = kernel_seconds();
	struct node *stretch = make(MAX + 1);
	long total = count(stretch);
	release(stretch);
	struct node *longlived = make(MAX);
	for (int d = MIN; d <= MAX; d += 2) {
		long trees = 1L << (MAX - d + MIN);
		for (long i = 0; i < trees; i++) {
			struct node *t = make(d);
			total += count(t);
			release(t);
		}
	}
	total += count(longlived);
	release(longlived);
	kernel_report(t0, "%ld", total);
	return 0;
}
