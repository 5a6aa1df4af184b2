/*
 * mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] at N x N
 * points, one bit each, at most 50 iterations, after the Benchmarks Game's
 * mandelbrot: a tight floating-point loop with an early exit, inside two
 * counted loops.  Checks a hash of the bitmap.
 */
#include "kernel.h"

#include <stdint.h>
#include <stdlib.h>

enum { N = 3000, ITER = 50 };

int main(void)
{
	uint8_t *bits = calloc((size_t)N * (N / 8), 1);
	if (!bits)
		return 1;
	double t0 = kernel_seconds();
	for (int y = 0; y < N; y++) {
		double ci = 2.0 * y / N - 1.0;
		for (int x = 0; x < N; x++) {
			double cr = 2.0 * x / N - 1.5;
			double zr = 0, zi = 0, tr = 0, ti = 0;
			int i = 0;
			for (; i < ITER && tr + ti <= 4.0; i++) {
				zi = 2.0 * zr * zi + ci;
				zr = tr - ti + cr;
				tr = zr * zr;
				ti = zi * zi;
			}
			if (i == ITER)
				bits[(size_t)y * (N / 8) + x / 8] |= 0x80 >> (x % 8);
		}
	}
	/* FNV-1a of the bitmap. */
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < (size_t)N * (N / 8); i++)
		h = (h ^ bits[i]) * 1099511628211u;
	kernel_report(t0, "%016llx", (unsigned long long)h);
	free(bits);
	return 0;
}
