// go statements written in macros: a spawning macro expanded twice in one
// function and once in another, a macro that uses it, a go statement
// passed as a macro argument, and arguments that are macros themselves.
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t %libgocc && %t | sort | FileCheck %s
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | sort | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static void say(const char *what, int n) { printf("%s %d\n", what, n); gocc_wg_done(&wg); }
static void sayd(double d) { printf("double %.1f\n", d); gocc_wg_done(&wg); }

#define SPAWN(f, ...) do { gocc_wg_add(&wg, 1); go f(__VA_ARGS__); } while (0)
#define TWICE(n) SPAWN(say, "twice", n); SPAWN(say, "twice", n + 1)
#define RUN(stmt) do { gocc_wg_add(&wg, 1); stmt } while (0)
#define NUM (40 + 2)
#define HALF(x) ((x) / 2.0)

static void other(void) { SPAWN(sayd, HALF(5)); }

int main(void)
{
	SPAWN(say, "spawn", 1);
	SPAWN(say, "spawn", 2);
	TWICE(10);
	RUN(go say("run", NUM););
	other();
	gocc_wg_wait(&wg);
	return 0;
}
// CHECK: double 2.5
// CHECK-NEXT: run 42
// CHECK-NEXT: spawn 1
// CHECK-NEXT: spawn 2
// CHECK-NEXT: twice 10
// CHECK-NEXT: twice 11
