// Two program threads and a goroutine hammer one mutex, or one RWMutex,
// while main waits on a WaitGroup.  A thread holds no P: what it readies
// goes on the global queue, and an M that has just stopped spinning must
// still see it there, or that goroutine stays runnable forever (timeout's
// SIGQUIT then dumps the goroutines).  And the threads park and wake each
// other while the Ms are idle: the deadlock check must never take that
// for everyone asleep.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout -s QUIT 60 %t mutex | FileCheck %s --check-prefix=MUTEX
// RUN: env GOCC_MAXPROCS=2 timeout -s QUIT 60 %t mutex | FileCheck %s --check-prefix=MUTEX
// RUN: env GOCC_MAXPROCS=8 timeout -s QUIT 60 %t mutex | FileCheck %s --check-prefix=MUTEX
// RUN: env GOCC_MAXPROCS=1 timeout -s QUIT 60 %t rwmutex | FileCheck %s --check-prefix=RW
// RUN: env GOCC_MAXPROCS=2 timeout -s QUIT 60 %t rwmutex | FileCheck %s --check-prefix=RW
// RUN: env GOCC_MAXPROCS=8 timeout -s QUIT 60 %t rwmutex | FileCheck %s --check-prefix=RW
// MUTEX: mutex: counter 4500000 (want 4500000)
// RW: rwmutex: writes 2250000 (want 2250000), torn reads 0
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

enum { ROUNDS = 300, THREADS = 2, ITERS = 5000, HOLD = 200 };

static gocc_mutex mu = GOCC_MUTEX_INIT;
static gocc_rwmutex rw = GOCC_RWMUTEX_INIT;
static long counter, a, b;
static _Atomic long torn;
static gocc_waitgroup wg;

/* Holding the lock a little makes the goroutine park often, so that its
 * M goes idle just as a thread unlocks and readies it. */
static void hold(void)
{
	for (volatile int k = 0; k < HOLD; k++)
		;
}

static void hammer_mutex(void)
{
	for (int i = 0; i < ITERS; i++) {
		gocc_mutex_lock(&mu);
		counter++;
		hold();
		gocc_mutex_unlock(&mu);
	}
}

/* Half the iterations write, half read and check the writers' pair. */
static void hammer_rw(void)
{
	for (int i = 0; i < ITERS; i++) {
		if (i % 2) {
			gocc_rwmutex_lock(&rw);
			a++;
			hold();
			b++;
			gocc_rwmutex_unlock(&rw);
		} else {
			gocc_rwmutex_rlock(&rw);
			torn += a != b;         /* no writer can be inside */
			gocc_rwmutex_runlock(&rw);
		}
	}
}

static void (*hammer)(void);

static void goroutine(void *arg)
{
	hammer();
	gocc_wg_done(&wg);
}

static void *thread(void *arg)
{
	hammer();
	gocc_wg_done(&wg);
	return NULL;
}

int main(int argc, char **argv)
{
	bool rwmode = argc > 1 && !strcmp(argv[1], "rwmutex");
	pthread_t t[THREADS];

	hammer = rwmode ? hammer_rw : hammer_mutex;
	for (int r = 0; r < ROUNDS; r++) {
		gocc_wg_add(&wg, THREADS + 1);
		for (int i = 0; i < THREADS; i++)
			pthread_create(&t[i], NULL, thread, NULL);
		gocc_go(goroutine, NULL);
		gocc_wg_wait(&wg);
		for (int i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
	}
	if (rwmode)
		printf("rwmutex: writes %ld (want %d), torn reads %ld\n", a,
		       ROUNDS * (THREADS + 1) * ITERS / 2, (long)torn);
	else
		printf("mutex: counter %ld (want %d)\n", counter, ROUNDS * (THREADS + 1) * ITERS);
	return 0;
}
