/*
 * mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] at N x N
 * points, one bit each, at most 50 iterations, after the Benchmarks Game's
 * mandelbrot: a tight floating-point loop with an early exit, inside two
 * counted loops.  A round is a tenth of the rows; the result is a hash of
 * the bitmap.
 */
#include "kernel.h"

#include <stdint.h>

enum { N = 3000, ITER = 50, ROUNDS = 10, ROWS = N / ROUNDS };

static uint8_t bits[N][N / 8];

void kernel_init(void)
{
}

const char *kernel_round(int r)
{
	for (int y = r * ROWS; y < (r + 1) * ROWS; y++) {
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
				bits[y][x / 8] |= 0x80 >> (x % 8);
		}
	}
	if (r < ROUNDS - 1)
		return NULL;
	/* FNV-1a of the bitmap. */
	uint64_t h = 14695981039346656037u;
	for (int y = 0; y < N; y++)
		for (int x = 0; x < N / 8; x++)
			h = (h ^ bits[y][x]) * 1099511628211u;
	return kernel_result("%016llx", (unsigned long long)h);
}
