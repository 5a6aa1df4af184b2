/*
 * ab.c - two builds of one kernel (kernel.h) in one process, a and b,
 * round by round: round i of a then of b, then round i + 1 of b then of a,
 * and so on, each timed in CPU seconds of the process (the kernels are
 * single-threaded; the CPU time leaves out what other processes took).
 * Other work on the machine slows whichever build runs while it does, for
 * seconds at a time; neighbouring rounds see nearly the same machine, so
 * the ratio of each pair of rounds is measured, and their median is the
 * figure.  Prints
 *     check <result>
 *     a <seconds>     (all of a's rounds)
 *     b <seconds>
 *     ratio <median of b/a over the rounds>
 * and exits 1 if the builds' results differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* kernel.h's two functions, renamed for each build by bench/preempt.sh. */
void kernel_init_a(void), kernel_init_b(void);
const char *kernel_round_a(int), *kernel_round_b(int);

enum { MAX_ROUNDS = 64 };

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run round i of one build; add its time to *total, return it. */
static double timed(const char *(*round)(int), int i, const char **result,
		    double *total)
{
	double t0 = cpu_seconds();
	*result = round(i);
	double t = cpu_seconds() - t0;
	*total += t;
	return t;
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

int main(void)
{
	double ratio[MAX_ROUNDS], ta = 0, tb = 0;
	const char *ra = NULL, *rb = NULL;
	int n = 0;

	kernel_init_a();
	kernel_init_b();
	while (!ra && !rb) {
		if (n == MAX_ROUNDS) {
			fprintf(stderr, "ab: more than %d rounds\n", MAX_ROUNDS);
			return 1;
		}
		double a, b;
		if (n % 2 == 0) {
			a = timed(kernel_round_a, n, &ra, &ta);
			b = timed(kernel_round_b, n, &rb, &tb);
		} else {
			b = timed(kernel_round_b, n, &rb, &tb);
			a = timed(kernel_round_a, n, &ra, &ta);
		}
		ratio[n++] = b / a;
	}
	if (!ra || !rb || strcmp(ra, rb)) {
		fprintf(stderr, "ab: the builds differ: a %s, b %s\n",
			ra ? ra : "(not done)", rb ? rb : "(not done)");
		return 1;
	}
	qsort(ratio, (size_t)n, sizeof *ratio, by_value);
	printf("check %s\na %.6f\nb %.6f\nratio %.6f\n", ra, ta, tb,
	       n % 2 ? ratio[n / 2] : (ratio[n / 2 - 1] + ratio[n / 2]) / 2);
	return 0;
}
