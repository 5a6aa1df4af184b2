// Functions GCC knows and folds at a call, named maybe in parentheses: a
// go statement starts them as it starts any function with an address (the
// call runs, discarded, in the goroutine); later calls of the same
// functions give their values.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang -w %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int x = -3;

int main(void)
{
	int n = 0;
	go abs(x);
	go strlen("k");
	go sqrt(4.0);
	go labs(x + n++);
	go memset(&n, 0, 0);
	go (strlen)("k");
	go ((abs))(x);
	gocc_yield();
	printf("%d %d %zu %.1f\n", n, abs(x), strlen("k"), sqrt(4.0));
	return 0;
}
// CHECK: 1 3 1 2.0
