// A go statement is a statement: where its value would be used, or
// outside a function, both compilers say so at the keyword, in words.
// RUN: not %cc-gocc -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not %rewrite %s -o %t.c -- -I %include 2>&1 | FileCheck %s
#include <gocc.h>

void f(int);
int g(int);

go f(1);
// CHECK: misplaced.c:[[@LINE-1]]:1: error: go statement outside a function

int h(void)
{
    int y = go g(1);
// CHECK: misplaced.c:[[@LINE-1]]:13: error: go statement cannot be used as a value
    int a[] = { go g(2) };
// CHECK: misplaced.c:[[@LINE-1]]:17: error: go statement cannot be used as a value
    return y + a[0] + go g(3);
// CHECK: misplaced.c:[[@LINE-1]]:23: error: go statement cannot be used as a value
}
// CHECK-NOT: __gocc
