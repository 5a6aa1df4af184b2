// Threads the program makes itself, before and after the runtime starts,
// spawn goroutines and wait for them; a wait blocks only that thread, and
// goroutines and threads wake each other.  (Once main is a goroutine it
// waits for threads with a WaitGroup: blocking in pthread_join would hold
// its P, like any blocking call.)
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=address %s -o %t.asan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.asan 2>&1 | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not=ThreadSanitizer
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { THREADS = 4, PER = 1000 };

struct job {
	gocc_waitgroup wg;
	_Atomic long sum;
	int64_t id;
};

static void work(void *arg)
{
	struct job *j = arg;
	atomic_fetch_add(&j->sum, 1);
	gocc_yield();
	gocc_wg_done(&j->wg);
}

static gocc_waitgroup threads_done;

static void *thread(void *arg)
{
	struct job *j = arg;
	j->id = gocc_goid();
	gocc_wg_add(&j->wg, PER);
	for (int i = 0; i < PER; i++)
		gocc_go(work, j);
	gocc_wg_wait(&j->wg);
	gocc_wg_done(&threads_done);
	return NULL;
}

/* A goroutine releases a thread parked in gocc_wg_wait, and the thread
 * releases main (a goroutine). */
static gocc_waitgroup ping, pong;

static void release_thread(void *arg)
{
	gocc_wg_done(&ping);
}

static void *waiter(void *arg)
{
	gocc_wg_wait(&ping);
	gocc_wg_done(&pong);
	return NULL;
}

static void run(struct job *jobs, int n, int main_is_goroutine)
{
	pthread_t t[THREADS];
	gocc_wg_add(&threads_done, n);
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, thread, &jobs[i]);
	if (main_is_goroutine)
		gocc_wg_wait(&threads_done);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

int main(void)
{
	static struct job early[THREADS], late[THREADS];

	run(early, THREADS, 0);         /* the runtime starts in a thread */
	gocc_goid();                    /* main joins the runtime */
	run(late, THREADS, 1);
	long sum = 0;
	int idsok = 1;
	for (int i = 0; i < THREADS; i++) {
		sum += early[i].sum + late[i].sum;
		idsok &= early[i].id > 1 && late[i].id > 1 && early[i].id != late[i].id;
	}
	// CHECK: sum 8000 ids ok 1 main 1
	printf("sum %ld ids ok %d main %lld\n", sum, idsok, (long long)gocc_goid());

	pthread_t w;
	gocc_wg_add(&ping, 1);
	gocc_wg_add(&pong, 1);
	pthread_create(&w, NULL, waiter, NULL);
	gocc_go(release_thread, NULL);
	gocc_wg_wait(&pong);
	pthread_join(w, NULL);  /* it has nothing left to do */
	// CHECK-NEXT: thread and goroutines woke each other
	printf("thread and goroutines woke each other\n");
	return 0;
}
