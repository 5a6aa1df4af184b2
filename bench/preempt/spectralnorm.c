/*
 * spectralnorm: the spectral norm of the infinite matrix
 * A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), cut to N x N, by 10 rounds of the
 * power method on AᵀA, after the Benchmarks Game's spectral-norm: an
 * integer multiply, a division and an in-order floating-point sum per
 * element (-O2 does not vectorize the sum) in loops of N.  A round is one
 * step of the power method (u = AᵀA AᵀA u); the result is the norm.
 */
#include "kernel.h"

#include <math.h>

enum { N = 3000, ROUNDS = 10 };

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

static double u[N], v[N], tmp[N];

void kernel_init(void)
{
	for (int i = 0; i < N; i++)
		u[i] = 1;
}

const char *kernel_round(int r)
{
	mul_atav(u, v, tmp);
	mul_atav(v, u, tmp);
	if (r < ROUNDS - 1)
		return NULL;
	double uv = 0, vv = 0;
	for (int i = 0; i < N; i++) {
		uv += u[i] * v[i];
		vv += v[i] * v[i];
	}
	return kernel_result("%.9f", sqrt(uv / vv));
}
