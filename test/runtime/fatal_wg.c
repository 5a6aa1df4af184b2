// A negative WaitGroup counter is a fatal error naming the goroutine; a
// WaitGroup that nobody will ever release is a deadlock, reported with a
// dump of every goroutine; SIGQUIT dumps them too.  All exit with 2.
// RUN: %cc %s -o %t %libgocc
// RUN: %expect-exit 2 %t negative 2>&1 | FileCheck %s --check-prefix=NEG
// RUN: env GOCC_MAXPROCS=2 %expect-exit 2 %t deadlock 2>&1 | FileCheck %s --check-prefix=DEAD
// RUN: env GOCC_MAXPROCS=1 %expect-exit 2 %t deadlock 2>&1 | FileCheck %s --check-prefix=DEAD
// RUN: %expect-exit 2 %t sigquit 2>&1 | FileCheck %s --check-prefix=QUIT
// RUN: env GOCC_MAXPROCS=2 %expect-exit 2 %t thread 2>&1 | FileCheck %s --check-prefix=THREAD
// RUN: %expect-exit 2 %t early 2>&1 | FileCheck %s --check-prefix=EARLY
#include <gocc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
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

/* A thread blocked in a gocc call counts as a goroutine: once it and main
 * both wait forever, that is a deadlock too, whoever blocks last. */
static gocc_waitgroup forever;

static void *thread(void *arg)
{
	usleep(100000);         /* main is parked and every M idle by now */
	gocc_wg_wait(&forever);
	return NULL;
}

int main(int argc, char **argv)
{
	if (strcmp(argv[1], "early") == 0) {
		// EARLY: gocc: fatal error: sync: negative WaitGroup counter
		// EARLY-EMPTY:
		// EARLY-NEXT: goroutine 1 [running]:
		gocc_wg_done(&wg);
	}
	if (strcmp(argv[1], "thread") == 0) {
		// THREAD: gocc: fatal error: all goroutines are asleep - deadlock!
		// THREAD-DAG: goroutine 1 [sync.WaitGroup.Wait, {{[0-9.]+}}s, main]:
		// THREAD-DAG: goroutine {{[0-9]+}} [sync.WaitGroup.Wait, {{[0-9.]+}}s, thread]:
		pthread_t t;
		gocc_wg_add(&forever, 1);
		pthread_create(&t, NULL, thread, NULL);
		gocc_wg_wait(&forever);
	}
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
