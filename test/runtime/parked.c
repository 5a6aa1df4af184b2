// 100,000 goroutines parked at once on a WaitGroup "gate", all counted by
// gocc_numgoroutine, all released; memory per parked goroutine stays near
// one stack page.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

enum { N = 100000 };
static gocc_waitgroup gate, started, done;
static _Atomic long released;

static long rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void wait_at_gate(void *arg)
{
	gocc_wg_done(&started);
	gocc_wg_wait(&gate);
	atomic_fetch_add(&released, 1);
	gocc_wg_done(&done);
}

int main(void)
{
	long before = rss_kib();
	gocc_wg_add(&gate, 1);
	gocc_wg_add(&started, N);
	gocc_wg_add(&done, N);
	for (int i = 0; i < N; i++)
		gocc_go(wait_at_gate, NULL);
	gocc_wg_wait(&started);
	long per = (rss_kib() - before) * 1024 / N;
	// CHECK: alive 100001
	printf("alive %lld\n", (long long)gocc_numgoroutine());
	// CHECK-NEXT: under 4.5 KiB each: 1
	printf("under 4.5 KiB each: %d\n", per <= 4608);
	gocc_wg_done(&gate);
	gocc_wg_wait(&done);
	// CHECK-NEXT: released 100000
	printf("released %ld\n", atomic_load(&released));
	return 0;
}
