// A 3 KiB struct passes by value: there is no argument-size limit, and the
// goroutine sees the caller's values as they were at the go statement.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdio.h>

struct big { int head; char pad[3072]; int tail; };

static gocc_waitgroup wg;
static long seen;

static void sum(struct big b, int extra)
{
	long s = b.head + b.tail + extra;
	for (int i = 0; i < (int)sizeof b.pad; i++)
		s += b.pad[i];
	seen = s;
	gocc_wg_done(&wg);
}

int main(void)
{
	struct big b = {.head = 1, .tail = 2};
	for (int i = 0; i < (int)sizeof b.pad; i++)
		b.pad[i] = i % 3;
	gocc_wg_add(&wg, 1);
	go sum(b, 10);
	b.head = 1000; // the goroutine has its own copy
	gocc_wg_wait(&wg);
	// CHECK: sizeof 3080 sum 3085
	printf("sizeof %zu sum %ld\n", sizeof b, seen);
	return 0;
}
