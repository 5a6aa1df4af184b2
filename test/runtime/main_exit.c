// When main returns, the process ends with main's status whatever other
// goroutines do (parked forever, or spinning without ever yielding); exit
// from a goroutine ends it too.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %expect-exit 7 %t return | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 %expect-exit 7 %t return | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %expect-exit 3 %t exit | FileCheck %s --check-prefix=EXIT
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gocc_waitgroup never;
static _Atomic int spinning;

static void park_forever(void *arg)
{
	gocc_wg_wait(&never);
}

static void spin(void *arg)
{
	atomic_store(&spinning, 1);
	for (;;)
		;
}

static void exit3(void *arg)
{
	printf("goroutine %lld exits\n", (long long)gocc_goid());
	exit(3);
}

int main(int argc, char **argv)
{
	gocc_wg_add(&never, 1);
	for (int i = 0; i < 1000; i++)
		gocc_go(park_forever, NULL);
	if (strcmp(argv[1], "exit") == 0) {
		gocc_go(exit3, NULL);
		// EXIT: goroutine {{[0-9]+}} exits
		gocc_wg_wait(&never);
	}
	gocc_go(spin, NULL);
	if (gocc_maxprocs(0) > 1)
		while (!atomic_load(&spinning))
			gocc_yield();
	// CHECK: main returns 7 with {{[0-9]+}} goroutines
	printf("main returns 7 with %lld goroutines\n", (long long)gocc_numgoroutine());
	return 7;
}
