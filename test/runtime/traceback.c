// The deadlock report shows each goroutine's frames, three calls deep,
// and the go statement that made it by file:line; libgocc's frames are
// hidden unless GOCC_TRACEBACK=all.  gocc_dump shows the same.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %expect-exit 2 %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=HIDDEN < %t.out
// RUN: env GOCC_TRACEBACK=all GOCC_MAXPROCS=2 %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: env GOCC_MAXPROCS=1 %t dump | FileCheck %s --check-prefix=DUMP
// HIDDEN-NOT: gocc_
// HIDDEN-NOT: waitgroup.c
// HIDDEN-NOT: __libc_start
#include <gocc.h>
#include <stdio.h>
#include <string.h>

static gocc_waitgroup never, started;

__attribute__((noinline)) static void leaf(int x)
{
	gocc_wg_done(&started);
	gocc_wg_wait(&never);
	__asm__ volatile("");
}

__attribute__((noinline)) static void middle(int x)
{
	leaf(x + 1);
	__asm__ volatile("");
}

__attribute__((noinline)) static void entry(void *arg)
{
	middle(1);
	__asm__ volatile("");
}

__attribute__((noinline)) static void spawn(int n)
{
	gocc_wg_add(&started, n);
	for (int i = 0; i < n; i++)
		gocc_go(entry, NULL);
	__asm__ volatile("");   /* no tail call: it would hide spawn */
}

int main(int argc, char **argv)
{
	gocc_wg_add(&never, 1);
	// CHECK: gocc: fatal error: all goroutines are asleep - deadlock!
	// CHECK-EMPTY:
	// CHECK-NEXT: goroutine 1 [sync.WaitGroup.Wait, {{[0-9.]+}}s, main]:
	// CHECK-NEXT: main(...)
	// CHECK-NEXT: traceback.c:[[@LINE+33]]
	// CHECK-EMPTY:
	// CHECK-NEXT: goroutine [[G:[0-9]+]] [sync.WaitGroup.Wait, {{[0-9.]+}}s]:
	// CHECK-NEXT: leaf{{.*}}(...)
	// CHECK-NEXT: traceback.c:22
	// CHECK-NEXT: middle{{.*}}(...)
	// CHECK-NEXT: traceback.c:28
	// CHECK-NEXT: entry(...)
	// CHECK-NEXT: traceback.c:34
	// CHECK-NEXT: created by spawn{{.*}} in goroutine 1
	// CHECK-NEXT: traceback.c:42
	// CHECK-EMPTY:
	// CHECK-NEXT: goroutine {{[0-9]+}} [sync.WaitGroup.Wait, {{[0-9.]+}}s]:
	// CHECK: created by main in goroutine 1
	// CHECK-NEXT: traceback.c:[[@LINE+10]]
	// ALL: goroutine 1 [sync.WaitGroup.Wait
	// ALL: gocc_wg_wait(...)
	// ALL-NEXT: runtime/waitgroup.c:{{[0-9]+}}
	// ALL-NEXT: main(...)
	// ALL: __libc_start
	// ALL: entry(...)
	// ALL: gocc_goexit
	spawn(1);
	gocc_wg_add(&started, 1);
	gocc_go(entry, NULL);
	gocc_wg_wait(&started);
	if (argc > 1 && strcmp(argv[1], "dump") == 0) {
		// DUMP: goroutine 1 [running, main]:
		// DUMP: leaf{{.*}}(...)
		// DUMP: created by spawn{{.*}} in goroutine 1
		gocc_dump(stdout);
		return 0;
	}
	gocc_wg_wait(&never);
	return 0;
}
