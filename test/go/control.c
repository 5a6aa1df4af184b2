// go statements in every statement position: loop bodies, if/else without
// braces, switch cases (after case labels), inside a statement expression, and
// written in a macro that is expanded twice.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int hits[16];

static void hit(int i) { __atomic_fetch_add(&hits[i], 1, __ATOMIC_RELAXED); gocc_wg_done(&wg); }

#define SPAWN(fn, x) do { gocc_wg_add(&wg, 1); go fn(x); } while (0)

int main(void)
{
	gocc_wg_add(&wg, 10 + 3 + 1 + 3 + 1);
	for (int i = 0; i < 10; i++)
		go hit(0);
	int n = 3;
	while (n--)
		go hit(1);
	if (n < 0)
		go hit(2);
	else
		go hit(3);
	for (int k = 0; k < 3; k++)
		switch (k) {
		case 0: go hit(4); break;
		case 1:
			go hit(5);
			break;
		default:
			go hit(6);
		}
	int r = ({ go hit(7); 5; });
	SPAWN(hit, 8);
	SPAWN(hit, 8);
	gocc_wg_wait(&wg);
	// CHECK: 10 3 1 0 1 1 1 1 2 r=5
	for (int i = 0; i < 9; i++)
		printf("%d ", hits[i]);
	printf("r=%d\n", r);
	return 0;
}
