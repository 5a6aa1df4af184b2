// Two translation units, each with go statements (and so each with a
// static __gocc_tramp_0), linked with -flto; the plugin is loaded by lto1
// too and stays out of its way.
// RUN: %cc-gocc -flto -c %s -o %t.a.o
// RUN: %cc-gocc -flto -c %S/Inputs/lto-other.c -o %t.b.o
// RUN: %cc-gocc -flto %t.a.o %t.b.o -o %t %libgocc && %t | FileCheck %s
#include <gocc.h>
#include <stdio.h>

gocc_waitgroup wg;
int seen[2];
void other(void);

static void work(int x) { seen[0] = x; gocc_wg_done(&wg); }

int main(void)
{
    gocc_wg_add(&wg, 2);
    go work(1);
    other();
    gocc_wg_wait(&wg);
    // CHECK: 1 2
    printf("%d %d\n", seen[0], seen[1]);
    return 0;
}
