// Where the front ends differ on purpose (gocc_abi.h, "Where the front ends
// differ"): a callee that is a function-like macro, and a struct declared
// inside the function passed by value.  The plugin lowers the call the
// compiler sees; gocc-rewrite, which edits the text, refuses both in words.
// (show is never defined: no function outside main can take main's struct.)
// RUN: %cc-gocc -c %s -o %t.o
// RUN: not %rewrite %s -o %t.rw.c -- -I %include 2>&1 | FileCheck %s --check-prefix=REWRITE
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static void say(const char *what, int n) { printf("%s %d\n", what, n); gocc_wg_done(&wg); }
#define LOG(n) say("log", n)

int main(void)
{
	struct pt { int x, y; } p = { 3, 4 };
	void show(struct pt);
	gocc_wg_add(&wg, 2);
	go LOG(1);
// REWRITE: differences.c:[[@LINE-1]]:2: error: gocc-rewrite: the call in a go statement must be written out, not made by a macro
	go show(p);
// REWRITE: differences.c:[[@LINE-1]]:2: error: go statement calls through type 'void (struct pt)', which names a type declared inside the function; gocc-rewrite needs it declared at file scope
	gocc_wg_wait(&wg);
	return 0;
}
