/*
 * nbody: the Jovian planets and the Sun, integrated by symplectic Euler,
 * after the Benchmarks Game's n-body: floating-point arithmetic and a
 * square root in a short doubly nested loop over 5 bodies.  10 rounds of
 * 500,000 steps; the result is the energy before and after.
 */
#include "kernel.h"

#include <math.h>

enum { NBODIES = 5, ROUNDS = 10, STEPS = 500000 };

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body {
	double x[3], v[3], mass;
};

static struct body bodies[NBODIES] = {
	{ /* Sun */ { 0, 0, 0 }, { 0, 0, 0 }, SOLAR_MASS },
	{ /* Jupiter */
	  { 4.84143144246472090e+00, -1.16032004402742839e+00,
	    -1.03622044471123109e-01 },
	  { 1.66007664274403694e-03 * DAYS_PER_YEAR,
	    7.69901118419740425e-03 * DAYS_PER_YEAR,
	    -6.90460016972063023e-05 * DAYS_PER_YEAR },
	  9.54791938424326609e-04 * SOLAR_MASS },
	{ /* Saturn */
	  { 8.34336671824457987e+00, 4.12479856412430479e+00,
	    -4.03523417114321381e-01 },
	  { -2.76742510726862411e-03 * DAYS_PER_YEAR,
	    4.99852801234917238e-03 * DAYS_PER_YEAR,
	    2.30417297573763929e-05 * DAYS_PER_YEAR },
	  2.85885980666130812e-04 * SOLAR_MASS },
	{ /* Uranus */
	  { 1.28943695621391310e+01, -1.51111514016986312e+01,
	    -2.23307578892655734e-01 },
	  { 2.96460137564761618e-03 * DAYS_PER_YEAR,
	    2.37847173959480950e-03 * DAYS_PER_YEAR,
	    -2.96589568540237556e-05 * DAYS_PER_YEAR },
	  4.36624404335156298e-05 * SOLAR_MASS },
	{ /* Neptune */
	  { 1.53796971148509165e+01, -2.59193146099879641e+01,
	    1.79258772950371181e-01 },
	  { 2.68067772490389322e-03 * DAYS_PER_YEAR,
	    1.62824170038242295e-03 * DAYS_PER_YEAR,
	    -9.51592254519715870e-05 * DAYS_PER_YEAR },
	  5.15138902046611451e-05 * SOLAR_MASS },
};

/* Give the Sun the momentum that makes the system's total zero. */
static void offset_momentum(struct body *b)
{
	for (int i = 1; i < NBODIES; i++)
		for (int k = 0; k < 3; k++)
			b[0].v[k] -= b[i].v[k] * b[i].mass / SOLAR_MASS;
}

static double energy(const struct body *b)
{
	double e = 0;
	for (int i = 0; i < NBODIES; i++) {
		e += 0.5 * b[i].mass * (b[i].v[0] * b[i].v[0] +
			b[i].v[1] * b[i].v[1] + b[i].v[2] * b[i].v[2]);
		for (int j = i + 1; j < NBODIES; j++) {
			double d[3], d2 = 0;
			for (int k = 0; k < 3; k++) {
				d[k] = b[i].x[k] - b[j].x[k];
				d2 += d[k] * d[k];
			}
			e -= b[i].mass * b[j].mass / sqrt(d2);
		}
	}
	return e;
}

static void advance(struct body *b, double dt)
{
	for (int i = 0; i < NBODIES; i++)
		for (int j = i + 1; j < NBODIES; j++) {
			double d[3], d2 = 0;
			for (int k = 0; k < 3; k++) {
				d[k] = b[i].x[k] - b[j].x[k];
				d2 += d[k] * d[k];
			}
			double mag = dt / (d2 * sqrt(d2));
			for (int k = 0; k < 3; k++) {
				b[i].v[k] -= d[k] * b[j].mass * mag;
				b[j].v[k] += d[k] * b[i].mass * mag;
			}
		}
	for (int i = 0; i < NBODIES; i++)
		for (int k = 0; k < 3; k++)
			b[i].x[k] += dt * b[i].v[k];
}

static double before;

void kernel_init(void)
{
	offset_momentum(bodies);
	before = energy(bodies);
}

const char *kernel_round(int i)
{
	for (int s = 0; s < STEPS; s++)
		advance(bodies, 0.01);
	return i < ROUNDS - 1 ? NULL
		: kernel_result("%.9f %.9f", before, energy(bodies));
}
