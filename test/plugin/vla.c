// An argument of variably modified type has no layout the trampoline can
// name: a clear error, not an internal one.
// RUN: not %cc-gocc -c %s -o /dev/null 2>&1 | FileCheck %s
#include <gocc.h>

void take(int n, int (*rows)[n]);

void spawn(int n)
{
    int a[n][n];
    go take(n, a);
// CHECK: vla.c:[[@LINE-1]]:5: error: go statement passes a value of variably modified type
}
