/*
 * spectralnorm: the spectral norm of the infinite matrix
 * A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), cut to N x N, by 10 rounds of the
 * power method on AᵀA, after the Benchmarks Game's spectral-norm: an
 * integer multiply, a division and an in-order floating-point sum per
 * element (-O2 does not vectorize the sum) in loops of N.
 */
#include "kernel.h"

#include <math.h>
#include <stdlib.h>

enum { N = 2000 };

static double a(int i, int j)
{
	return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

/* out = A v */
static void mul_av(const double *v, double *out)
{
	for (int i = 0; i < N; i++) {
		double s = 0;
		for (int j = 0; j < N; j++)
			s += a(i, j) * v[j];
		out[i] = s;
	}
}

/* out = Aᵀ v */
static void mul_atv(const double *v, double *out)
{
	for (int i = 0; i < N; i++) {
		double s = 0;
		for (int j = 0; j < N; j++)
			s += a(j, i) * v[j];
		out[i] = s;
	}
}

/* out = AᵀA v */
static void mul_atav(const double *v, double *out, double *tmp)
{
	mul_av(v, tmp);
	mul_atv(tmp, out);
}

int main(void)
{
	double *u = malloc(N * sizeof *u), *v = malloc(N * sizeof *v);
	double *tmp = malloc(N * sizeof *tmp);
	if (!u || !v || !tmp)
		return 1;
	for (int i = 0; i < N; i++)
		u[i] = 1;
	double t0 = kernel_seconds();
	for (int r = 0; r < 10; r++) {
		mul_atav(u, v, tmp);
		mul_atav(v, u, tmp);
	}
	double uv = 0, vv = 0;
	for (int i = 0; i < N; i++) {
		uv += u[i] * v[i];
		vv += v[i] * v[i];
	}
	kernel_report(t0, "%.9f", sqrt(uv / vv));
	return 0;
}
