// #line keeps the original lines: __LINE__ after go statements and after
// the definitions inserted before a function, and clang's diagnostics on
// the output, name the original file and line.
// RUN: %rewrite %s -o %t.rw.c -- -I %include
// RUN: %clang -Wall %t.rw.c -o %t %libgocc 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %t | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static void work(int a, int b) { printf("work %d\n", a + b); gocc_wg_done(&wg); }

static int two(void) { gocc_wg_add(&wg, 2); go work(1, 2); go work(3,
	4); return __LINE__; }

static int gx; static int three(void) { gocc_wg_add(&wg, 1); go work(gx, 5); return __LINE__; }

int main(void)
{
	printf("three %d\n", three());
	// CHECK: three [[@LINE-5]]
	gocc_wg_wait(&wg);
	int l = two();
	printf("two %d\n", l);
	// CHECK: two [[@LINE-11]]
	gocc_wg_wait(&wg);
	gocc_wg_add(&wg, 1);
	go work(0,
		0);
	printf("line %d\n", __LINE__);
	// CHECK: line [[@LINE-1]]
	gocc_wg_wait(&wg);
	int unused_var = 1;
	// WARN: lines.c:[[@LINE-1]]:6: warning: unused variable 'unused_var'
	printf("%s\n", __FILE__);
	// CHECK: {{^.*}}lines.c{{$}}
	return 0;
}
