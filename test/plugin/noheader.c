// The plugin declares gocc_newproc itself when gocc.h was not included,
// also when it is included only after the go statement.
// RUN: %cc-gocc %s -o %t %libgocc && %t | FileCheck %s
#include <stdio.h>

static int seen;
static void work(int x) { seen = x; }

static void early(void)
{
    go work(42);
}

#include <gocc.h>

int main(void)
{
    early();
    while (gocc_numgoroutine() > 1)
        gocc_yield();
    // CHECK: seen 42
    printf("seen %d\n", seen);
    return 0;
}
