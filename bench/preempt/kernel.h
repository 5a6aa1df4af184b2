/*
 * kernel.h - what the CPU kernels of bench/preempt.sh share: the clock and
 * the two lines each prints.
 *
 * The clock is the process's CPU time, not the wall clock: the kernels are
 * single-threaded, and on a machine shared with other work the CPU time
 * leaves out the time another process held the CPU.  Each kernel times its
 * work alone (not its set-up) and prints
 *     check <result>
 *     s <seconds>
 * The script requires every build of a kernel (with and without safe
 * points, by GCC and by clang) to print the same check line, so a safe
 * point that changed a result cannot pass as a fast one.
 *
 * Plain C on purpose: no gocc.h, so that these files stand for code that
 * knows nothing of gocc (the plugin's safe points come from
 * -fplugin-arg-gocc-preempt=all alone).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdio.h>
#include <time.h>

static inline double kernel_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Print the check line (a printf format and its arguments), then the CPU
 * seconds since start. */
#define kernel_report(start, ...) do {					\
	double kernel_t = kernel_seconds() - (start);			\
	printf("check " __VA_ARGS__);					\
	printf("\ns %.6f\n", kernel_t);					\
} while (0)

#endif /* KERNEL_H */
