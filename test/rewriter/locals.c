// Types the argument structs must spell at file scope although the
// function spelled them with local names: block-scope typedefs, a local
// enum, pointers to a local struct, types from macros, anonymous structs
// behind a typedef, and a local function-pointer variable.
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t %libgocc && %t | sort | FileCheck %s
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | sort | FileCheck %s
#include <gocc.h>
#include <stdarg.h>
#include <stdio.h>

static gocc_waitgroup wg;
typedef struct { int x, y; } point;
#define COUNT_T unsigned long long

static void pt(point p, COUNT_T n) { printf("point %d %d %llu\n", p.x, p.y, n); gocc_wg_done(&wg); }
static void num(long v) { printf("num %ld\n", v); gocc_wg_done(&wg); }
static void ptr(const char *tag, void *p) { printf("ptr %s %d\n", tag, p != 0); gocc_wg_done(&wg); }
static void vars(const char *tag, ...)
{
	va_list ap;
	va_start(ap, tag);
	long l = va_arg(ap, long);
	int e = va_arg(ap, int);
	int *s = va_arg(ap, int *);
	va_end(ap);
	printf("%s %ld %d %d\n", tag, l, e, *s);
	gocc_wg_done(&wg);
}

int main(void)
{
	typedef long mylong;
	enum local { A = 5, B };
	struct secret { int s; } sec = { 1 };
	struct secret *sp = &sec;
	mylong ml = 7;
	void (*fp)(mylong) = num;
	point p = { 1, 2 };
	gocc_wg_add(&wg, 5);
	go pt(p, (COUNT_T)1 << 40);
	go num(ml);
	go fp(B);
	go ptr("local", sp);
	go vars("vars", ml, (enum local)B, sp);
	gocc_wg_wait(&wg);
	return 0;
}
// CHECK: num 6
// CHECK-NEXT: num 7
// CHECK-NEXT: point 1 2 1099511627776
// CHECK-NEXT: ptr local 1
// CHECK-NEXT: vars 7 6 1
