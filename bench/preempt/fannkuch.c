/*
 * fannkuch: every permutation of 1..N, generated in the Benchmarks Game's
 * fannkuch-redux order; each is "pancake flipped" (reverse the first p[0]
 * elements) until 1 comes first.  The result is the checksum (the flip
 * counts, signed by the permutation's parity) and the most flips: short
 * loops with data-dependent trip counts, and branches.  A round is a
 * tenth of the N! permutations.
 */
#include "kernel.h"

enum { N = 10, ROUNDS = 10, PERMS = 3628800 / ROUNDS };

static int perm[N], count[N];
static int checksum, maxflips, sign = 1;

void kernel_init(void)
{
	for (int i = 0; i < N; i++) {
		perm[i] = i;
		count[i] = i + 1;
	}
}

/* Flip a copy of perm until 0 (the 1 of the puzzle) comes first. */
static int flips(void)
{
	int work[N], n = 0;
	if (perm[0] == 0)
		return 0;
	for (int i = 0; i < N; i++)
		work[i] = perm[i];
	for (int first = work[0]; first != 0; n++) {
		for (int lo = 1, hi = first - 1; lo < hi; lo++, hi--) {
			int t = work[lo];
			work[lo] = work[hi];
			work[hi] = t;
		}
		int next = work[first];
		work[first] = first;
		first = next;
	}
	return n;
}

/* The next permutation: rotate the first r + 1 elements left, counting
 * down r's rotations, r from 1 up. */
static void next(void)
{
	for (int r = 1; r < N; r++) {
		int p0 = perm[0];
		for (int i = 0; i < r; i++)
			perm[i] = perm[i + 1];
		perm[r] = p0;
		if (--count[r] > 0)
			break;
		count[r] = r + 1;
	}
	sign = -sign;
}

const char *kernel_round(int r)
{
	for (int p = 0; p < PERMS; p++) {
		int n = flips();
		if (n > maxflips)
			maxflips = n;
		checksum += sign * n;
		next();
	}
	return r < ROUNDS - 1 ? NULL : kernel_result("%d %d", checksum, maxflips);
}
