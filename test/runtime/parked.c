// 100,000 goroutines parked at once on a WaitGroup "gate", all counted by
// gocc_numgoroutine, all released; memory per parked goroutine stays near
// one stack page.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: %cc -fsanitize=address %s -o %t.asan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.asan 20000 2>&1 | FileCheck %s --check-prefix=SAN
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2000 2>&1 | FileCheck %s --check-prefix=TSAN --implicit-check-not=ThreadSanitizer
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
	long N = argc > 1 ? atol(argv[1]) : 100000;
	long before = rss_kib();
	gocc_wg_add(&gate, 1);
	gocc_wg_add(&started, N);
	gocc_wg_add(&done, N);
	for (int i = 0; i < N; i++)
		gocc_go(wait_at_gate, NULL);
	gocc_wg_wait(&started);
	long per = (rss_kib() - before) * 1024 / N;
	// CHECK: alive 100001
	// SAN: alive 20001
	// TSAN: alive 2001
	printf("alive %lld\n", (long long)gocc_numgoroutine());
	// CHECK-NEXT: under 4.5 KiB each: 1
	printf("under 4.5 KiB each: %d\n", per <= 4608);
	gocc_wg_done(&gate);
	gocc_wg_wait(&done);
	// CHECK-NEXT: released 100000
	// SAN: released 20000
	// TSAN: released 2000
	printf("released %ld\n", atomic_load(&released));
	return 0;
}
