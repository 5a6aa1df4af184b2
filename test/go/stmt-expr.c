// A macro written as a statement expression, ({ go iwork(x); }), whose
// callee returns a value: a go statement has none, so the statement
// expression is used only as a statement (an if's branch, a loop's body
// or step, a cast to void, a comma or conditional expression that is a
// statement).
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | sort | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | sort | FileCheck %s
// Its value used is an error, at the macro's `)`, where GCC places an
// expansion (the rewriter's error is clang's: void is no int).
// RUN: not %cc-gocc -DUSED -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=USED
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int iwork(int x) { printf("iwork %d\n", x); gocc_wg_done(&wg); return x; }

#define SPAWN(x) ({ go iwork(x); })

int main(void)
{
	gocc_wg_add(&wg, 8);
	SPAWN(1);
	if (gocc_numgoroutine() > 0)
		SPAWN(2);
	for (int i = 3; i < 5; SPAWN(i++))
		;
	(void)SPAWN(5);
	SPAWN(6), SPAWN(7);
	gocc_numgoroutine() ? SPAWN(8) : SPAWN(8);
#ifdef USED
	int v = SPAWN(9);
// USED: stmt-expr.c:[[@LINE-1]]:17: error: go statement cannot be used as a value
	return SPAWN(10);
// USED: stmt-expr.c:[[@LINE-1]]:16: error: go statement cannot be used as a value
#endif
	gocc_wg_wait(&wg);
	return 0;
}
// CHECK: iwork 1
// CHECK-NEXT: iwork 2
// CHECK-NEXT: iwork 3
// CHECK-NEXT: iwork 4
// CHECK-NEXT: iwork 5
// CHECK-NEXT: iwork 6
// CHECK-NEXT: iwork 7
// CHECK-NEXT: iwork 8
