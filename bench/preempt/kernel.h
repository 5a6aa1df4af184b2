/*
 * kernel.h - what a CPU kernel of bench/preempt.sh defines.
 *
 * bench/preempt.sh builds each kernel twice (say, with safe points and
 * without) and links both builds into one process with bench/preempt/ab.c,
 * which runs them round by round, alternating: a kernel's work is cut into
 * rounds of a tenth of a second or so, so that both builds see the same
 * machine even when other work on it comes and goes within seconds.  The
 * script keeps these two functions global and renames them per build;
 * everything else in a build, zlib included, becomes local to it.
 *
 * Plain C on purpose: no gocc.h, so that the kernels stand for code that
 * knows nothing of gocc (the plugin's safe points come from
 * -fplugin-arg-gocc-preempt=all alone).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdarg.h>
#include <stdio.h>

/* Set up (allocate, fill the input); not timed. */
void kernel_init(void);

/* Round i (from 0) of the work.  Returns NULL while rounds remain; after
 * the last, the result as text, which every build must give alike (a
 * safe point that changed a result must not pass as a fast one). */
const char *kernel_round(int i);

/* The text kernel_round returns: printf's format and arguments. */
static inline __attribute__((format(printf, 1, 2)))
const char *kernel_result(const char *fmt, ...)
{
	static char text[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	return text;
}

#endif /* KERNEL_H */
