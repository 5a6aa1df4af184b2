// Over-aligned arguments: an _Alignas(64) struct, a 32-byte vector and an
// _Alignas(128) struct, whose block is aligned above what the runtime's
// copy promises (64 bytes) and must be realigned before the call.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdint.h>
#include <stdio.h>

typedef double v4df __attribute__((vector_size(32)));
struct a64 { _Alignas(64) int v; };
struct a128 { _Alignas(128) int v; };

static gocc_waitgroup wg;
static char out[2][80];

static void take64(char c, struct a64 a, v4df v)
{
	snprintf(out[0], sizeof out[0], "%c %d %g %g aligned %d", c, a.v, v[0], v[3],
		 (int)((uintptr_t)&a % 64 == 0));
	gocc_wg_done(&wg);
}

static void take128(struct a128 a, char c)
{
	snprintf(out[1], sizeof out[1], "%c %d aligned %d", c, a.v,
		 (int)((uintptr_t)&a % 128 == 0));
	gocc_wg_done(&wg);
}

int main(void)
{
	struct a64 a = {7};
	struct a128 b = {9};
	v4df v = {1.5, 2, 3, 4.5};
	gocc_wg_add(&wg, 2);
	go take64('x', a, v);
	go take128(b, 'y');
	gocc_wg_wait(&wg);
	// CHECK: x 7 1.5 4.5 aligned 1
	// CHECK-NEXT: y 9 aligned 1
	printf("%s\n%s\n", out[0], out[1]);
	return 0;
}
