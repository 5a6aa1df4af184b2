// A negative WaitGroup counter is a fatal error naming the goroutine; a
// WaitGroup that nobody will ever release is a deadlock, reported with a
// dump of every goroutine; SIGQUIT dumps them too.  All exit with 2.
// RUN: %cc %s -o %t %libgocc
// RUN: %expect-exit 2 %t negative 2>&1 | FileCheck %s --check-prefix=NEG
// RUN: env GOCC_MAXPROCS=2 %expect-exit 2 %t deadlock 2>&1 | FileCheck %s --check-prefix=DEAD
// RUN: env GOCC_MAXPROCS=1 %expect-exit 2 %t deadlock 2>&1 | FileCheck %s --check-prefix=DEAD
// RUN: %expect-exit 2 %t sigquit 2>&1 | FileCheck %s --check-prefix=QUIT
#include <gocc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static gocc_waitgroup wg, never, started;

static void negative(void *arg)
{
	printf("goroutine %lld calls done\n", (long long)gocc_goid());
	fflush(stdout);
	gocc_wg_done(&wg);
}

static void park(void *arg)
{
	gocc_wg_done(&started);
	gocc_wg_wait(&never);
}

int main(int argc, char **argv)
{
	if (strcmp(argv[1], "negative") == 0) {
		// NEG: goroutine [[ID:[0-9]+]] calls done
		// NEG: gocc: fatal error: sync: negative WaitGroup counter
		// NEG-EMPTY:
		// NEG-NEXT: goroutine [[ID]] [running]:
		gocc_go(negative, NULL);
		gocc_wg_add(&never, 1);
		gocc_wg_wait(&never);
	}
	gocc_wg_add(&never, 1);
	gocc_wg_add(&started, 3);
	for (int i = 0; i < 3; i++)
		gocc_go(park, NULL);
	gocc_wg_wait(&started);
	if (strcmp(argv[1], "sigquit") == 0) {
		// QUIT: SIGQUIT: quit
		// QUIT-DAG: goroutine 1 [running, main]:
		// QUIT-DAG: goroutine {{[0-9]+}} [sync.WaitGroup.Wait, {{[0-9.]+}}s]:
		raise(SIGQUIT);
	}
	// DEAD: gocc: fatal error: all goroutines are asleep - deadlock!
	// DEAD-EMPTY:
	// DEAD-DAG: goroutine 1 [sync.WaitGroup.Wait, {{[0-9.]+}}s, main]:
	// DEAD-DAG: goroutine {{[0-9]+}} [sync.WaitGroup.Wait, {{[0-9.]+}}s]:
	gocc_wg_wait(&never);
	return 0;
}
