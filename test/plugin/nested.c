// A GCC nested function may not be the callee: its parent's frame (its
// static chain) may be gone when the goroutine runs.  A go statement
// inside a nested function is fine.
// RUN: %cc-gocc %s -o %t %libgocc && %t | FileCheck %s --check-prefix=OK
// RUN: not %cc-gocc -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int seen;

static void work(int x) { seen = x; gocc_wg_done(&wg); }

int main(void)
{
    int base = 40;
    void spawn(int x) { go work(base + x); }
#ifdef BAD
    int nested(int a) { return a + base; }
    go nested(1);
// BAD: nested.c:[[@LINE-1]]:5: error: go statement calls a nested function; its frame may be gone when the goroutine runs
#endif
    gocc_wg_add(&wg, 1);
    spawn(2);
    gocc_wg_wait(&wg);
    // OK: seen 42
    printf("seen %d\n", seen);
    return 0;
}
