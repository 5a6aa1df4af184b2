// Wrong argument counts and types get the diagnostics the compiler gives
// for the plain call.
// RUN: not %cc-gocc -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,GCC
// RUN: not %rewrite %s -o %t.c -- -I %include 2>&1 | FileCheck %s --check-prefixes=CHECK,REWRITE
#include <gocc.h>

struct s { int a; };
void two(int a, int b);
void one(struct s v);

void m(void)
{
    int i = 0;
    go two(1);
// CHECK: args.c:[[@LINE-1]]:{{[0-9]+}}: error: too few arguments to function
// GCC-SAME: 'two'
    go two(1, 2, 3);
// CHECK: args.c:[[@LINE-1]]:{{[0-9]+}}: error: too many arguments to function
// GCC-SAME: 'two'
    go one(i);
// GCC: args.c:[[@LINE-1]]:12: error: incompatible type for argument 1 of 'one'
// REWRITE: args.c:[[@LINE-2]]:{{[0-9]+}}: error:
}
