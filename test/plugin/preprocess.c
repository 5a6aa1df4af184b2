// Preprocessing alone expands go statements the same way: gcc -E with the
// plugin, then compiling the .i (with the plugin), and -save-temps.
// RUN: gcc -fplugin=%plugin -I %include -E %s -o %t.i
// RUN: FileCheck %s --check-prefix=EXPANDED < %t.i
// RUN: gcc -O2 -fplugin=%plugin %t.i -o %t %libgocc && %t | FileCheck %s
// RUN: cd %T && %cc-gocc -save-temps %s -o %t.st %libgocc && %t.st | FileCheck %s
// EXPANDED: __gocc_go_{{[0-9]+}}: __attribute__((__unused__)) work(21)
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int seen;

static void work(int x) { seen = 2 * x * (gocc_goid() > 1); gocc_wg_done(&wg); }

int main(void)
{
    gocc_wg_add(&wg, 1);
    go work(21);
    gocc_wg_wait(&wg);
    // CHECK: seen 42
    printf("seen %d\n", seen);
    return 0;
}
