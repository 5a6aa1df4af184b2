// go statements start goroutines that run the call with copies of the
// arguments; main joins them with a WaitGroup and prints in a fixed order.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int sums[100];

static void add(int i, int a, int b)
{
	sums[i] = a + b;
	gocc_wg_done(&wg);
}

static void none(void)
{
	sums[99] = gocc_goid() > 1 ? -1 : 0;  // not main's goroutine
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, 2);
	go add(0, 1, 2);
	go none();
	gocc_wg_wait(&wg);
	// CHECK: 3 -1
	printf("%d %d\n", sums[0], sums[99]);

	gocc_wg_add(&wg, 50);
	for (int i = 1; i <= 50; i++)
		go add(i, i, 1000);
	gocc_wg_wait(&wg);
	long total = 0;
	for (int i = 1; i <= 50; i++)
		total += sums[i];
	// CHECK-NEXT: total 51275
	printf("total %ld\n", total);
	return 0;
}
