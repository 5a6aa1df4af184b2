// go statements compile and run at every optimisation level, with -fPIC,
// -g, -flto and under each C standard.
// RUN: %cc-gocc -O0 %s -o %t0 %libgocc && %t0 | FileCheck %s
// RUN: %cc-gocc -O1 -g %s -o %t1 %libgocc && %t1 | FileCheck %s
// RUN: %cc-gocc -O3 %s -o %t3 %libgocc && %t3 | FileCheck %s
// RUN: %cc-gocc -Os -fPIC %s -o %ts %libgocc && %ts | FileCheck %s
// RUN: %cc-gocc -flto %s -o %tl %libgocc && %tl | FileCheck %s
// RUN: %cc-gocc -std=c99 -pedantic-errors %s -o %t99 %libgocc && %t99 | FileCheck %s
// RUN: %cc-gocc -std=c11 %s -o %t11 %libgocc && %t11 | FileCheck %s
// RUN: %cc-gocc -std=c17 %s -o %t17 %libgocc && %t17 | FileCheck %s
// RUN: %cc-gocc -std=gnu17 %s -o %tg17 %libgocc && %tg17 | FileCheck %s
#include <gocc.h>
#include <stdio.h>

struct pt { double x, y; };
static gocc_waitgroup wg;
static double got;

static void work(struct pt p, long double k, const char *s)
{
    got = (p.x + p.y) * (double)k + s[0];
    gocc_wg_done(&wg);
}

int main(void)
{
    struct pt p = {1.5, 2.5};
    gocc_wg_add(&wg, 1);
    go work(p, 2.0L, "A");
    gocc_wg_wait(&wg);
    // CHECK: got 73
    printf("got %g\n", got);
    return 0;
}
