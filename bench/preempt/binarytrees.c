/*
 * binarytrees: perfect binary trees built with malloc, walked and freed,
 * after the Benchmarks Game's binary-trees: a long-lived tree of depth
 * MAX, and for each even depth d from 4 to MAX, 2^(MAX - d + 4) trees of
 * depth d.  Recursion and the allocator: a call per node.  A round is
 * one depth; the result is the count of nodes.
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

static struct node *longlived;
static long total;

void kernel_init(void)
{
}

/* Round 0: the stretch tree, then the long-lived one; round k: the trees
 * of depth MIN + 2 (k - 1); the last also walks the long-lived tree. */
const char *kernel_round(int k)
{
	if (k == 0) {
		struct node *stretch = make(MAX + 1);
		total = count(stretch);
		release(stretch);
		longlived = make(MAX);
		return NULL;
	}
	int d = MIN + 2 * (k - 1);
	for (long i = 0, trees = 1L << (MAX - d + MIN); i < trees; i++) {
		struct node *t = make(d);
		total += count(t);
		release(t);
	}
	if (d < MAX)
		return NULL;
	total += count(longlived);
	release(longlived);
	return kernel_result("%ld", total);
}
