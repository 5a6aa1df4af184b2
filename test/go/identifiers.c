// `go` stays an ordinary identifier wherever it does not start a go
// statement: a function go(), a variable, a struct field, a struct tag, a
// label, a macro parameter and a typedef, in the same file as go statements;
// also when the plugin only preprocesses (-save-temps), with no scopes to ask.
// RUN: cd %T && %cc-gocc -save-temps %s -o %t.st %libgocc && %t.st | FileCheck %s
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int ran;

struct go { int go; int (*fn)(int); };
union u { int go; };
enum go_enum { go_first };

static int go(int x) { return x + 1; }
static void work(int x) { ran = x; gocc_wg_done(&wg); }

#define TWICE(go) ((go) * 2)

static int field(struct go *p, struct go s)
{
	return p->go * 10 + s.go - p->go + go(s.go) + (*p).fn(1);
}

int main(void)
{
	struct go s = { .go = 3, .fn = go }, *p = &s;
	union u un = { .go = 4 };
	int a = go(1) + go (2);            // calls of the function go
	gocc_wg_add(&wg, 1);
	go work(a);                        // a go statement
	int r = field(p, s) + un.go + TWICE(p->go);
	{
		typedef long go;           // a typedef named go
		go t = 5;
		go *tp = &t;
		r += (int)*tp + (int)sizeof(go);
	}
	{
		int go = 7;                // a variable named go
		go = go * 2 + 1;
		go++;
		r += go;
		if (r > 0)
			goto go;
	go:                                // and a label
		r += 1;
	}
	gocc_wg_wait(&wg);
	// CHECK: ran 5 r 76
	printf("ran %d r %d\n", ran, r);
	return 0;
}
