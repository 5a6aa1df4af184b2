// A fault in a goroutine is Go's "unexpected signal": the signal, its
// code, the address and the pc, the faulting goroutine first with its
// frames and creation site, then the others; exit status 2.  A handler
// the program installed wins, before the runtime starts or after.  At one
// P, so that main has parked in its wait before the goroutine runs.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %expect-exit 2 %t segv > %t.segv 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,SEGV < %t.segv
// RUN: env GOCC_MAXPROCS=1 %expect-exit 2 %t fpe > %t.fpe 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,FPE < %t.fpe
// RUN: env GOCC_MAXPROCS=1 %expect-exit 2 %t abort > %t.abort 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,ABORT < %t.abort
// RUN: %expect-exit 3 %t segv before | FileCheck %s --check-prefix=OWN
// RUN: %expect-exit 3 %t segv after | FileCheck %s --check-prefix=OWN
// RUN: %expect-exit 3 %t fpe before | FileCheck %s --check-prefix=OWN
#include <gocc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static gocc_waitgroup never;
static volatile int zero;
static int *volatile nil;

// CHECK: goroutine [[ID:[0-9]+]] faults
// CHECK: gocc: fatal error: unexpected signal
// SEGV-NEXT: [signal SIGSEGV: segmentation violation code=1 addr=(nil) pc=0x{{[0-9a-f]+}}]
// FPE-NEXT: [signal SIGFPE: floating-point exception code=1 addr=0x{{[0-9a-f]+}} pc=0x{{[0-9a-f]+}}]
// ABORT-NEXT: [signal SIGABRT: abort code=-6 addr={{.*}} pc=0x{{[0-9a-f]+}}]
// CHECK-EMPTY:
// CHECK-NEXT: goroutine [[ID]] [running]:
__attribute__((noinline)) static void fault(const char *how)
{
	if (strcmp(how, "segv") == 0)
		*nil = 1;       // SEGV: fault(...)
				// SEGV-NEXT: crash.c:[[@LINE-1]]
	else if (strcmp(how, "fpe") == 0)
		printf("%d\n", (int)(long)how / zero);
				// FPE: fault(...)
				// FPE-NEXT: crash.c:[[@LINE-2]]
	else
		abort();        // ABORT: abort(...)
				// ABORT: crash.c:[[@LINE-1]]
	__asm__ volatile("");
}

static void crasher(void *arg)
{
	printf("goroutine %lld faults\n", (long long)gocc_goid());
	fault(arg);
	__asm__ volatile("");
}

// OWN: own handler
static void mine(int sig)
{
	static const char m[] = "own handler\n";
	write(1, m, sizeof m - 1);
	_exit(3);
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[2], "before") == 0) {
		signal(SIGSEGV, mine);
		signal(SIGFPE, mine);
	}
	gocc_wg_add(&never, 1);
	if (argc > 2 && strcmp(argv[2], "after") == 0)
		signal(SIGSEGV, mine);
	// CHECK: created by main in goroutine 1
	// CHECK-NEXT: crash.c:[[@LINE+1]]
	gocc_go(crasher, argv[1]);
	// CHECK-EMPTY:
	// CHECK-NEXT: goroutine 1 [sync.WaitGroup.Wait, {{[0-9.]+}}s, main]:
	// CHECK-NEXT: main(...)
	gocc_wg_wait(&never);
	return 0;
}
