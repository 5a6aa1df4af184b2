// Where the plugin puts safe points: at the entry of a function that
// calls something and on each loop's back edge, in a file that includes
// gocc.h (or has a go statement); not in a GOCC_NOPREEMPT function, not
// at the entry of a leaf without loops, not on the back edges of a loop
// nest with small bounded trip counts; in a short loop with an induction
// variable, once in many iterations.  =off: none; a file with neither gets
// none by default and some with =all.  A bad value is an error.
// RUN: %cc-gocc -S -fno-asynchronous-unwind-tables %s -o - | FileCheck %s
// RUN: %cc-gocc -fplugin-arg-gocc-preempt=off -S %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %cc-gocc -DNOHEADER -S %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %cc-gocc -DNOHEADER -fplugin-arg-gocc-preempt=all -S %s -o - | FileCheck %s --check-prefix=ALL
// RUN: not %cc-gocc -fplugin-arg-gocc-preempt=some -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BAD
// OFF-NOT: gocc_preempt
// ALL: gocc_preempt
// BAD: error: gocc plugin: '-fplugin-arg-gocc-preempt=some': expected 'all' or 'off'
#ifndef NOHEADER
#include <gocc.h>
#else
#define GOCC_NOPREEMPT __attribute__((no_split_stack, noinline))
#endif

void ext(int);

// CHECK-LABEL: leaf:
// CHECK-NOT: gocc_preempt
// CHECK: ret
int leaf(int x)
{
	return x * 3 + 1;
}

// CHECK-LABEL: caller:
// CHECK: gocc_preemptflag@gottpoff
// CHECK: call gocc_preempt
// CHECK: .size caller
void caller(int x)
{
	ext(x);
}

// The loop tests its pointer's bits 3 to 11: a check in 512 iterations.
// CHECK-LABEL: looper:
// CHECK: testl $4088,
// CHECK: gocc_preemptflag
// CHECK: call gocc_preempt
// CHECK: .size looper
long looper(const long *a, long n)
{
	long s = 0;
	for (long i = 0; i < n; i++)
		s = s * 31 + a[i];
	return s;
}

// 8 x 8 iterations at most: no check, where each loop had one.
// CHECK-LABEL: bounded:
// CHECK-NOT: gocc_preempt
// CHECK: .size bounded
int bounded(const int *a)
{
	int s = 0;
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8 && a[j] != i; j++)
			s = s * 31 + a[j];
	return s;
}

// A million outer iterations: the outer loop keeps its check, the inner
// loop (8 at most) has none.
// CHECK-LABEL: long_outer:
// CHECK: call gocc_preempt
// CHECK-NOT: call gocc_preempt
// CHECK: .size long_outer
int long_outer(const int *a)
{
	int s = 0;
	for (int i = 0; i < 1000000; i++)
		for (int j = 0; j < 8 && a[j] != i; j++)
			s = s * 31 + a[j];
	return s;
}

// CHECK-LABEL: optout:
// CHECK-NOT: gocc_preempt
// CHECK: .size optout
GOCC_NOPREEMPT long optout(const long *a, long n)
{
	long s = 0;
	for (long i = 0; i < n; i++) {
		ext(i);
		s = s * 31 + a[i];
	}
	return s;
}
