// Unlocking what is not locked is Go's fatal error: message, status 2.
// RUN: %cc %s -o %t %libgocc
// RUN: sh -c '%t mutex 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=MUTEX
// RUN: sh -c '%t runlock 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=RUNLOCK
// RUN: sh -c '%t unlock 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=UNLOCK
// RUN: sh -c '%t twice 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=TWICE
// MUTEX: gocc: fatal error: sync: unlock of unlocked mutex
// MUTEX: exit status 2
// RUN: sh -c '%t goroutine 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=GOROUTINE
// GOROUTINE: gocc: fatal error: sync: unlock of unlocked mutex
// GOROUTINE-EMPTY:
// GOROUTINE-NEXT: goroutine {{[2-9]}} [running]:
// GOROUTINE: exit status 2
// RUNLOCK: gocc: fatal error: sync: RUnlock of unlocked RWMutex
// RUNLOCK: exit status 2
// UNLOCK: gocc: fatal error: sync: Unlock of unlocked RWMutex
// UNLOCK: exit status 2
// TWICE: locked and unlocked once
// TWICE: gocc: fatal error: sync: unlock of unlocked mutex
// TWICE: exit status 2
#include <gocc.h>
#include <stdio.h>
#include <string.h>

static void unlocker(void *mu)
{
	gocc_mutex_unlock(mu);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	gocc_mutex mu = GOCC_MUTEX_INIT;
	gocc_rwmutex rw = GOCC_RWMUTEX_INIT;

	if (!strcmp(what, "mutex")) {
		gocc_mutex_unlock(&mu);
	} else if (!strcmp(what, "runlock")) {
		gocc_rwmutex_runlock(&rw);
	} else if (!strcmp(what, "unlock")) {
		gocc_rwmutex_unlock(&rw);
	} else if (!strcmp(what, "goroutine")) {
		gocc_go(unlocker, &mu);
		for (int i = 0; i < 1000000; i++)
			gocc_yield();
	} else if (!strcmp(what, "twice")) {
		gocc_mutex_lock(&mu);
		gocc_mutex_unlock(&mu);
		printf("locked and unlocked once\n");
		fflush(stdout);
		gocc_mutex_unlock(&mu);
	}
	puts("unreachable: no fatal error");
	return 0;
}
