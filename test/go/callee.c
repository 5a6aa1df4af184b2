// Every form of callee: a field, an element through (*table[i]), a cast,
// a parenthesised name, a static inline function, one returning a struct
// (the result is discarded), a variadic one, a pointer through a typedef;
// and a compound literal's commas are not the call's.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdarg.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int got[10];

static void put(int i, int v) { got[i] = v; gocc_wg_done(&wg); }
static void put1(int v) { put(1, v); }
static void put2(int v) { put(2, v); }
static void put3(int v) { put(3, v); }
static inline void put4(int v) { put(4, v); }

struct big { int x[40]; };
static struct big make(int v) { struct big b = {{0}}; b.x[39] = v; put(5, v); return b; }

static void sum(int i, int n, ...)
{
	va_list ap;
	int s = 0;
	va_start(ap, n);
	while (n--)
		s += va_arg(ap, int);
	va_end(ap);
	put(i, s);
}

typedef void (*putter)(int);
static void put8(int v) { put(8, v); }

struct pair { int i, v; };
static void putpair(struct pair p) { put(p.i, p.v); }

struct obj { void (*fp)(int, int); };
static void (*table[3])(int) = { put1, put2, put3 };

int main(void)
{
	struct obj s = { put }, *ps = &s;
	void *p = (void *)put3;
	putter tp = put8;
	gocc_wg_add(&wg, 10);
	go s.fp(0, 10);
	go (*table[0])(11);
	go table[1](12);
	go ((void (*)(int))p)(13);
	go (put4)(14);
	go make(15);
	go sum(6, 3, 1, 2, (char)3);
	go ps->fp(7, 17);
	go tp(18);
	go putpair((struct pair){9, 19});
	gocc_wg_wait(&wg);
	// CHECK: 10 11 12 13 14 15 6 17 18 19
	for (int i = 0; i < 10; i++)
		printf("%d ", got[i]);
	printf("\n");
	return 0;
}
