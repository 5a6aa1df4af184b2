// A goroutine that overflows its stack stops the process with a message
// naming it and status 2, also with 200,000 other goroutines alive (past
// vm.max_map_count's default of 65,530 mappings), and with the mprotect
// guards of older kernels.
// RUN: %cc -O0 %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %expect-exit 2 %t 200000 > %t.out 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,BIG < %t.out
// RUN: env GOCC_GUARDMODE=mprotect GOCC_MAXPROCS=1 %expect-exit 2 %t 1000 > %t.out2 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,FEW < %t.out2
// RUN: env GOCC_GUARDMODE=mprotect %expect-exit 2 %t 40000 2>&1 | FileCheck %s --check-prefix=MAPS
// RUN: env GOCC_STACKSIZE=65536 %expect-exit 2 %t 10 2>&1 | FileCheck %s --check-prefix=SMALL
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

static gocc_waitgroup gate, started;

static void wait_at_gate(void *arg)
{
	gocc_wg_done(&started);
	gocc_wg_wait(&gate);
}

static int deep(volatile char *p, int n)
{
	volatile char buf[512];
	buf[0] = (char)n;
	return deep(buf, n + 1) + p[0];
}

static void recurse(void *arg)
{
	printf("overflowing goroutine %lld\n", (long long)gocc_goid());
	fflush(stdout);
	deep("", 0);
}

int main(int argc, char **argv)
{
	long n = atol(argv[1]);
	gocc_wg_add(&gate, 1);
	gocc_wg_add(&started, n);
	for (long i = 0; i < n; i++)
		gocc_go(wait_at_gate, NULL);
	gocc_wg_wait(&started);
	// BIG: alive 200001
	// FEW: alive 1001
	printf("alive %lld\n", (long long)gocc_numgoroutine());
	// CHECK: overflowing goroutine [[ID:[0-9]+]]
	gocc_go(recurse, NULL);
	gocc_wg_wait(&gate);
	// CHECK: gocc: goroutine [[ID]] stack overflow
	// MAPS: gocc: fatal error: cannot guard a goroutine stack: {{.*}}raise vm.max_map_count
	// SMALL: gocc: goroutine {{[0-9]+}} stack overflow (stack size 65536 bytes
	return 0;
}
