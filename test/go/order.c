// The callee and the arguments are evaluated in the calling goroutine,
// once, in C's order, before the goroutine starts; the goroutine sees
// copies, converted to the parameter types.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static char log_[64];
static int nlog;
static int result[4];

static int note(char c, int v) { log_[nlog++] = c; return v; }

static void put0(int a, int b) { result[0] = a * 100 + b; gocc_wg_done(&wg); }
static void put1(int a, int b) { result[1] = a * 100 + b; gocc_wg_done(&wg); }
static void (*table[2])(int, int) = { put0, put1 };

static void conv(char c, float f, int i)
{
	result[2] = c + (int)(f * 10) + i;
	gocc_wg_done(&wg);
}

static void sees(int *p, int v)
{
	result[3] = *p * 1000 + v;
	gocc_wg_done(&wg);
}

int main(void)
{
	int i = 0;
	gocc_wg_add(&wg, 2);
	go table[note('f', i++)](note('a', i), note('b', i + 10));
	go table[note('g', i)](note('c', 7), note('d', 8));
	// Nothing here waits: every expression was evaluated already.
	log_[nlog] = 0;
	// CHECK: i=1 log=fabgcd
	printf("i=%d log=%s\n", i, log_);
	gocc_wg_wait(&wg);
	// CHECK-NEXT: 111 708
	printf("%d %d\n", result[0], result[1]);

	int shared = 1, v = 5, big = 300;
	double d = 2.9;
	gocc_wg_add(&wg, 2);
	go conv(big, 1, d);            // char wraps to 44, 2.9 truncates to 2
	go sees(&shared, v);
	v = 6;                         // the copy was taken at the go statement
	gocc_wg_wait(&wg);
	// CHECK-NEXT: 56 1005
	printf("%d %d\n", result[2], result[3]);
	return 0;
}
