// gocc-rewrite --preempt writes the safe points into the source: first in
// a body that calls something, and into every loop's condition; not into
// a GOCC_NOPREEMPT function.  The output, built by clang, runs the
// spinning example at one P.  Without --preempt there are none.
// RUN: %rewrite --preempt %s -o %t.c -- -I %include
// RUN: FileCheck %s < %t.c
// RUN: %clang %t.c -o %t %libgocc && env GOCC_MAXPROCS=1 timeout 60 %t | FileCheck %s --check-prefix=OUT
// RUN: %rewrite %s -o - -- -I %include | grep -v '^[[:space:]]*//' | FileCheck %s --check-prefix=OFF
// OFF-NOT: GOCC_SAFEPOINT()
// OFF: int main(void)
// OFF-NOT: GOCC_SAFEPOINT()
// OUT-DAG: main ran
// OUT-DAG: sum 10, quiet 0, j 0
#include <gocc.h>
#include <stdio.h>

static volatile long spins;

// CHECK: static void spin(void) { for (;GOCC_SAFEPOINT(), 1;) spins++; }
static void spin(void) { for (;;) spins++; }

// CHECK: for (int i = 0; GOCC_SAFEPOINT(), (i < n); i++)
static int sum(const int *a, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += a[i];
	return s;
}

// CHECK: static GOCC_NOPREEMPT int quiet(void) { int k = 0; while (k < 10) k++; do { k--; } while (k > 0); return k; }
static GOCC_NOPREEMPT int quiet(void) { int k = 0; while (k < 10) k++; do { k--; } while (k > 0); return k; }

// CHECK: int main(void)
// CHECK-NEXT: { GOCC_SAFEPOINT();
int main(void)
{
	int a[4] = { 1, 2, 3, 4 }, j = 0;

	go spin();
	gocc_sleep(50 * 1000000);
	puts("main ran");
	// CHECK: do j++; while (GOCC_SAFEPOINT(), (j < 3));
	do j++; while (j < 3);
	// CHECK: while (GOCC_SAFEPOINT(), (j)) j--;
	while (j) j--;
	printf("sum %d, quiet %d, j %d\n", sum(a, 4), quiet(), j);
	return 0;
}
