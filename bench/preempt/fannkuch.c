/*
 * fannkuch: every permutation of 1..N, generated in the Benchmarks Game's
 * fannkuch-redux order; each is "pancake flipped" (reverse the first p[0]
 * elements) until 1 comes first.  Prints the checksum (the flip counts,
 * signed by the permutation's parity) and the most flips: short loops
 * with data-dependent trip counts, and branches.
 */
#include "kernel.h"

enum { N = 10 };

int main(void)
{
	int perm[N], work[N], count[N];
	int checksum = 0, maxflips = 0, sign = 1;

	double t0 = kernel_seconds();
	for (int i = 0; i < N; i++)
		perm[i] = i;
	for (int i = 0; i < N; i++)
		count[i] = i + 1;
	for (;;) {
		/* Flip a copy until 0 (the 1 of the puzzle) comes first. */
		int flips = 0;
		if (perm[0] != 0) {
			for (int i = 0; i < N; i++)
				work[i] = perm[i];
			for (int first = work[0]; first != 0; flips++) {
				for (int lo = 1, hi = first - 1; lo < hi; lo++, hi--) {
					int t = work[lo];
					work[lo] = work[hi];
					work[hi] = t;
				}
				int next = work[first];
				work[first] = first;
				first = next;
			}
		}
		if (flips > maxflips)
			maxflips = flips;
		checksum += sign * flips;

		/* The next permutation: rotate the first r + 1 elements left,
		 * counting down r's rotations, r from 1 up. */
		int r = 1;
		for (;; r++) {
			if (r == N)
				goto done;
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
done:
	kernel_report(t0, "%d %d", checksum, maxflips);
	return 0;
}
