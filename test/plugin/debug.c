// With -g the goroutine's frames point at the source: the trampoline's
// line is the go statement's, and so is the line of the gocc_newproc call.
// RUN: %cc-gocc -g -O0 %s -o %t0 %libgocc
// RUN: gdb -batch -ex 'info line __gocc_tramp_0' -ex 'break gocc_newproc' -ex run -ex 'frame 1' %t0 2>&1 | FileCheck %s
// RUN: %cc-gocc -g -O2 %s -o %t2 %libgocc
// RUN: gdb -batch -ex 'break gocc_newproc' -ex run -ex 'frame 1' %t2 2>&1 | FileCheck %s --check-prefix=SITE
// RUN: gdb -batch -ex 'break work' -ex run -ex bt %t2 2>&1 | FileCheck %s --check-prefix=TRAMP
// RUN: %cc-gocc -g -O2 -flto %s -o %tl %libgocc
// RUN: gdb -batch -ex 'break gocc_newproc' -ex run -ex 'frame 1' %tl 2>&1 | FileCheck %s --check-prefix=SITE
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;

static void work(int x)
{
    printf("%d\n", x);
    gocc_wg_done(&wg);
}

int main(void)
{
    gocc_wg_add(&wg, 1);
    go work(5);
// CHECK: Line [[#@LINE-1]] of "{{.*}}debug.c"
// CHECK: main () at {{.*}}debug.c:[[#@LINE-2]]
// SITE: main () at {{.*}}debug.c:[[#@LINE-3]]
// TRAMP: __gocc_tramp_0 ({{.*}}) at {{.*}}debug.c:[[#@LINE-4]]
    gocc_wg_wait(&wg);
    return 0;
}
