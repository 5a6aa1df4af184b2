// A builtin that has no address cannot be called from a trampoline: the
// compiler's own diagnostic, at the go statement.
// RUN: not %cc-gocc -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,GCC
// RUN: not %rewrite %s -o %t.c -- -I %include 2>&1 | FileCheck %s --check-prefixes=CHECK,REWRITE
#include <gocc.h>

void m(void)
{
    go __builtin_trap();
// GCC: builtin.c:[[@LINE-1]]:5: error: built-in function '__builtin_trap' must be directly called
// REWRITE: builtin.c:[[@LINE-2]]:{{[0-9]+}}: error:
// CHECK-NOT: error:
}

// One GCC folds at once has no address either.
int x;
void e(void)
{
    go __builtin_expect(x, 1);
// GCC: builtin.c:[[@LINE-1]]:5: error: built-in function '__builtin_expect' must be directly called
// REWRITE: builtin.c:[[@LINE-2]]:{{[0-9]+}}: error: built-in function '__builtin_expect' must be directly called
}
