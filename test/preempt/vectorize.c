// Safe points come after the vectorizer: a loop vectorized without them
// is vectorized with them (-fopt-info-vec), and its vector body tests its
// induction variable, checking the flag once in many vector iterations.
// RUN: %cc-gocc -O3 -fplugin-arg-gocc-preempt=all -fopt-info-vec-optimized -S %s -o %t.s 2>&1 | FileCheck %s --check-prefix=VEC
// RUN: FileCheck %s < %t.s
// VEC: vectorize.c:{{[0-9]+}}:{{[0-9]+}}: optimized: loop vectorized
// CHECK-LABEL: sum:
// CHECK: testl ${{[0-9]+}}
// CHECK: paddd
// CHECK: gocc_preemptflag
// CHECK: call gocc_preempt
// CHECK: .size sum
#include <gocc.h>

int sum(const int *a, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += a[i];
	return s;
}
