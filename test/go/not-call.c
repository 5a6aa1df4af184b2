// The operand of go must be a function call (Go's words); the error points
// at the go keyword.  (Indented with spaces: columns count bytes.)
// RUN: not %cc-gocc -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,GCC
// RUN: not %rewrite %s -o %t.c -- -I %include 2>&1 | FileCheck %s --check-prefixes=CHECK,REWRITE
#include <gocc.h>

int f(int a) { return a; }
int x;

void m(void)
{
    go x;
// CHECK: not-call.c:[[@LINE-1]]:5: error: expression in go must be function call
    go 42;
// CHECK: not-call.c:[[@LINE-1]]:5: error: expression in go must be function call
    go f;
// CHECK: not-call.c:[[@LINE-1]]:5: error: expression in go must be function call
    go x = f(1);
// CHECK: not-call.c:[[@LINE-1]]:5: error: expression in go must be function call
    go f(1), f(2);
// CHECK: not-call.c:[[@LINE-1]]:5: error: expression in go must be function call
    if (x)
        go "str";
// CHECK: not-call.c:[[@LINE-1]]:9: error: expression in go must be function call
}
// Nothing else: one error per go statement, and no internal error.
// GCC-NOT: error:
// REWRITE-NOT: error:
