/*
 * parked: memory per parked goroutine.  N goroutines each check in and
 * then park on a WaitGroup that main releases only after it has read
 * VmRSS.  Prints (VmRSS parked - VmRSS before) / N in KiB.
 * Twin: bench/go/parked.
 */
#include "bench.h"

#include <stdatomic.h>
#include <string.h>

static gocc_waitgroup started, release, done;
static _Atomic long released;

static long rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = atol(line + 6);
	if (f)
		fclose(f);
	bench_check(kib > 0, "no VmRSS in /proc/self/status");
	return kib;
}

static void parked(void *arg)
{
	gocc_wg_done(&started);
	gocc_wg_wait(&release);
	released++;
	gocc_wg_done(&done);
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 1000000);

	long before = rss_kib();
	gocc_wg_add(&started, n);
	gocc_wg_add(&release, 1);
	gocc_wg_add(&done, n);
	for (long i = 0; i < n; i++)
		gocc_go(parked, NULL);
	gocc_wg_wait(&started);
	long after = rss_kib();
	gocc_wg_done(&release);
	gocc_wg_wait(&done);

	bench_check(released == n, "%ld released", (long)released);
	printf("kib_per_g %.3f\n", (double)(after - before) / n);
	return 0;
}
