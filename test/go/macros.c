// go statements that macros and conditionals touch, the same through both
// front ends: a macro that spells the keyword (`#define GO go`), a go
// statement written out as a macro argument with the macro's own `;`
// after it, and #if branches inside the call's argument list that differ
// in how many arguments they hold.  A use of GO that starts no go
// statement is the identifier go.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | sort | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | sort | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static void work(int x) { printf("work %d\n", x); gocc_wg_done(&wg); }
static void work2(int x, int y) { printf("work2 %d %d\n", x, y); gocc_wg_done(&wg); }

#define GO go
#define SPAWN go
#define RUN(s) do { gocc_wg_add(&wg, 1); s; } while (0)

int main(void)
{
	int GO = 40;		/* the variable go */
	gocc_wg_add(&wg, 2);
	GO work(0);
	SPAWN work2(GO, 1);
	RUN(go work(2));
	RUN(GO work(3));
	gocc_wg_add(&wg, 2);
	go work2(4
#if 0
		, 5, 6
#else
		, 7
#endif
	);
	go work(
#ifdef __OPTIMIZE__
		8
#else
		8
#endif
	);
	gocc_wg_wait(&wg);
	return 0;
}
// CHECK: work 0
// CHECK-NEXT: work 2
// CHECK-NEXT: work 3
// CHECK-NEXT: work 8
// CHECK-NEXT: work2 4 7
// CHECK-NEXT: work2 40 1
