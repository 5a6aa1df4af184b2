// A program thread spawns goroutines, each as soon as the last is done.  A
// thread holds no P, so its gocc_go puts the goroutine on the global queue
// and wakes an M only if none is spinning; an M that has just stopped
// spinning must look at the global queue again, or the goroutine stays
// runnable forever and the program hangs (timeout's SIGQUIT then dumps
// the goroutines and the test fails).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout -s QUIT 60 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 timeout -s QUIT 60 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=8 timeout -s QUIT 60 %t | FileCheck %s
// CHECK: ran 100000 (want 100000)
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { SPAWNS = 100000 };

static _Atomic long ran;
static gocc_waitgroup wg;

static void count(void *arg)
{
	atomic_fetch_add(&ran, 1);
	atomic_store((_Atomic int *)arg, 1);
}

/* The next spawn comes after a delay that sweeps across the way of the
 * last goroutine's M to idle. */
static void *spawner(void *arg)
{
	_Atomic int done;

	for (int i = 0; i < SPAWNS; i++) {
		atomic_store(&done, 0);
		gocc_go(count, (void *)&done);
		while (!atomic_load(&done))
			;
		for (volatile int k = 0; k < i % 256; k++)
			;
	}
	gocc_wg_done(&wg);
	return NULL;
}

int main(void)
{
	pthread_t t;

	gocc_wg_add(&wg, 1);
	pthread_create(&t, NULL, spawner, NULL);
	gocc_wg_wait(&wg);
	pthread_join(t, NULL);
	printf("ran %ld (want %d)\n", (long)ran, SPAWNS);
	return 0;
}
