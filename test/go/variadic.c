// Variadic and unprototyped callees get C's default argument promotions
// (char and short to int, float to double); printf runs in a goroutine.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static char buf[64];
static int old_seen;

static void old();          // no prototype
static void old(c, f) int c; double f; { old_seen = c + (int)f; }

static void join(void)
{
	while (gocc_numgoroutine() > 1)
		gocc_yield();
}

int main(void)
{
	char c = 'A';
	float f = 2.5f;
	short s = -3;
	go printf("printf %c %.1f %d %s\n", c, f, s, "str");
	join();
	go snprintf(buf, sizeof buf, "%d %.2f", s, f);
	go old(c, f);
	join();
	// CHECK: printf A 2.5 -3 str
	// CHECK-NEXT: -3 2.50 67
	printf("%s %d\n", buf, old_seen);
	return 0;
}
