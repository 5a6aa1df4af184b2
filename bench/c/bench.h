/*
 * bench.h - what the gocc benchmark programs share: the size argument, a
 * monotonic clock, the result check, and the one line each prints.
 *
 * Every program times only its own work and prints a single line
 * "<unit> <value>" that bench/run.sh reads, so process start-up is never
 * measured.  A wrong result (sum, count) exits non-zero: a fast wrong
 * answer must never be reported as a figure.
 */
#ifndef BENCH_H
#define BENCH_H

#include <gocc.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline int64_t bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The run's size: argv[1] when given, for runs by hand (run.sh gives
 * none, so both twins use the same default). */
static inline long bench_size(int argc, char **argv, long dflt)
{
	return argc > 1 ? atol(argv[1]) : dflt;
}

#define bench_check(ok, ...) do {					\
	if (!(ok)) {							\
		fprintf(stderr, "wrong result: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		exit(1);						\
	}								\
} while (0)

#endif /* BENCH_H */
