// gdb's backtrace inside a goroutine runs from the breakpoint through the
// goroutine's entry function and ends cleanly at gocc_goexit.
// RUN: %cc -O0 %s -o %t %libgocc
// RUN: gdb -nx -batch -ex 'break leaf' -ex run -ex bt %t 2>&1 | FileCheck %s
// CHECK: Breakpoint 1, leaf
// CHECK: {{^#0}} {{.*}}leaf
// CHECK-NEXT: #1 {{.*}} middle
// CHECK-NEXT: #2 {{.*}} entry
// CHECK: {{^#[0-9]+}} {{.*}}gocc_goexit ()
// CHECK-NOT: {{^#[0-9]+}}
// CHECK-NOT: Backtrace stopped
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;

__attribute__((noinline)) void leaf(int x)
{
	printf("leaf %d\n", x);
}

__attribute__((noinline)) void middle(int x)
{
	leaf(x + 1);
}

__attribute__((noinline)) void entry(void *arg)
{
	middle(1);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, 1);
	gocc_go(entry, NULL);
	gocc_wg_wait(&wg);
	return 0;
}
