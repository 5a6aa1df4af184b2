// Callee and parameter shapes the argument block must reproduce: array
// parameters (decayed to pointers), function attributes on the callee
// (noreturn, a calling convention) called directly and through pointers,
// _Atomic parameters, C2x attributes before the function, a struct
// defined in the enclosing function's return type, and a 64 KiB struct,
// a quarter of the default stack, which fits since a direct callee's
// block holds only the arguments.
// RUN: %cc-gocc -std=gnu2x %s -o %t.gcc %libgocc && %t.gcc | sort | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -std=gnu2x -I %include && %clang -std=gnu2x -Werror=incompatible-pointer-types %t.rw.c -o %t.clang %libgocc && %t.clang | sort | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;

static void arr(const int a[], int n) { printf("arr %d %d\n", a[1], n); gocc_wg_done(&wg); }
static void str(const char s[]) { printf("str %s\n", s); gocc_wg_done(&wg); }
static void stat(int a[static 2]) { printf("stat %d\n", a[0] + a[1]); gocc_wg_done(&wg); }
static void vla(int n, int a[n]) { printf("vla %d\n", a[n - 1]); gocc_wg_done(&wg); }

static _Noreturn void nr(int x)
{
	printf("noreturn %d\n", x);
	gocc_wg_done(&wg);
	for (;;)
		gocc_sleep(1000000000);
}
static __attribute__((noreturn)) void nr2(int x)
{
	printf("attribute noreturn %d\n", x);
	gocc_wg_done(&wg);
	for (;;)
		gocc_sleep(1000000000);
}
static void __attribute__((ms_abi)) ms(int x, long y, double z)
{
	printf("ms_abi %d %ld %g\n", x, y, z);
	gocc_wg_done(&wg);
}
typedef void __attribute__((ms_abi)) ms_fn(int, long, double);

static void atom(_Atomic int v) { printf("atomic %d\n", v); gocc_wg_done(&wg); }

static void work(int v) { printf("work %d\n", v); gocc_wg_done(&wg); }
[[maybe_unused]] static void c2x(int v) { go work(v); }

static void show();
struct pair { int a, b; } make(void)
{
	struct pair p = { 1, 2 };
	go show(p);
	return p;
}
static void show(struct pair p) { printf("pair %d %d\n", p.a, p.b); gocc_wg_done(&wg); }

struct big { unsigned char b[65536]; };
static void big(struct big b) { printf("big %d %d\n", b.b[0], b.b[65535]); gocc_wg_done(&wg); }

int main(void)
{
	int a[2] = { 3, 4 };
	static struct big b = { { 5 } };
	b.b[65535] = 6;
	void (*arrp)(const int a[], int n) = arr;
	ms_fn *msp = ms;
	void (__attribute__((noreturn)) *nrp)(int) = nr2;
	gocc_wg_add(&wg, 14);
	go arr(a, 2);
	go arrp(a, 3);
	go str("s");
	go stat(a);
	go vla(2, a);
	go nr(1);
	go nr2(2);
	go nrp(3);
	go ms(4, 5L, 6.5);
	go msp(7, 8L, 9.5);
	go atom(10);
	c2x(11);
	make();
	go big(b);
	gocc_wg_wait(&wg);
	return 0;
}
// CHECK: arr 4 2
// CHECK-NEXT: arr 4 3
// CHECK-NEXT: atomic 10
// CHECK-NEXT: attribute noreturn 2
// CHECK-NEXT: attribute noreturn 3
// CHECK-NEXT: big 5 6
// CHECK-NEXT: ms_abi 4 5 6.5
// CHECK-NEXT: ms_abi 7 8 9.5
// CHECK-NEXT: noreturn 1
// CHECK-NEXT: pair 1 2
// CHECK-NEXT: stat 7
// CHECK-NEXT: str s
// CHECK-NEXT: vla 4
// CHECK-NEXT: work 11
