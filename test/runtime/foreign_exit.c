// A program thread that used gocc calls into it again from a thread-exit
// destructor that runs after gocc's own (a pthread key made later, and
// re-armed for a second round).  gocc's destructor gives the thread's G
// back; a later call must bind the thread afresh, not use the G it gave
// back, which the next gocc_go takes for a goroutine.  Once the thread is
// gone, nothing of it is left counted: main blocking for good is a
// deadlock.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=address %s -o %t.asan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.asan 2>&1 | FileCheck %s
// RUN: %expect-exit 2 %t block 2>&1 | FileCheck %s --check-prefix=DEAD
// CHECK: destructor round 1: spawned and waited, thread goid changed 1
// CHECK: destructor round 2: spawned and waited, thread goid changed 1
// CHECK: done
// DEAD: done
// DEAD: gocc: fatal error: all goroutines are asleep - deadlock!
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>

static pthread_key_t later;
static gocc_waitgroup done;
static int64_t goid;            /* the thread's, before it exits */

static void release(void *arg)
{
	gocc_wg_done(arg);
}

/* Spawn a goroutine and wait for it, which parks this thread. */
static void late(void *arg)
{
	long round = (long)arg;
	gocc_waitgroup wg = {0};

	gocc_wg_add(&wg, 1);
	gocc_go(release, &wg);
	gocc_wg_wait(&wg);
	int64_t id = gocc_goid();
	printf("destructor round %ld: spawned and waited, thread goid changed %d\n",
	       round, id != goid);
	goid = id;
	if (round == 1)
		pthread_setspecific(later, (void *)2);
	gocc_wg_done(&done);
}

static void *thread(void *arg)
{
	goid = gocc_goid();     /* binds, making gocc's key first */
	pthread_key_create(&later, late);
	pthread_setspecific(later, (void *)1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	gocc_wg_add(&done, 2);
	pthread_create(&t, NULL, thread, NULL);
	gocc_wg_wait(&done);
	pthread_join(t, NULL);
	printf("done\n");
	if (argc > 1) {
		long v;
		fflush(stdout);
		gocc_chan_recv(gocc_chan_make(sizeof v, 0), &v);
	}
	return 0;
}
