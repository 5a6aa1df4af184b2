// A callee that starts with a parenthesised expression: the `)` is
// followed by `->`, `.`, `[` or `(`, which a call of a function named go
// never is; a digraph `<:` is a `[`.  Comments and line splices between
// the tokens change nothing: only tokens decide.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | sort | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | sort | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
struct obj { void (*fn)(int); };
struct go { int a; };
static void show(int v) { printf("ran %d\n", v); gocc_wg_done(&wg); }
static int twice(int x) { return 2 * x; }
struct holder { int (*go)(int); };

int main(void)
{
	struct obj o = { show }, *p = &o, **pp = &p;
	void (*tab[2])(int) = { show, show };
	struct holder h = { twice }, *hp = &h;
	gocc_wg_add(&wg, 6);
	go (*pp)->fn(1);
	go (o).fn(2);
	go (tab)[0](3);
	go (tab)<:1:>(4);
	// Start it.
	go show(5);
	int x = 0;
	x++; // count it.
	go /* a comment */ show \
		(6);
	int r = hp-> /*c*/ go(2);
	struct /*c*/ go g = { x };
	gocc_wg_wait(&wg);
	printf("r %d g %d\n", r, g.a);
	return 0;
}
// CHECK: r 4 g 1
// CHECK-NEXT: ran 1
// CHECK-NEXT: ran 2
// CHECK-NEXT: ran 3
// CHECK-NEXT: ran 4
// CHECK-NEXT: ran 5
// CHECK-NEXT: ran 6
