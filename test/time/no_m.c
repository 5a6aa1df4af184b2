// A timer armed when no M will look at the timers still fires: from a
// program thread before any M exists (main never calls gocc), and from one
// that arms a timer just as the last M goes idle without a deadline.
// RUN: %cc %s -o %t %libgocc -lpthread
// RUN: env GOCC_MAXPROCS=1 timeout 60 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 timeout 60 %t | FileCheck %s
// CHECK: first sleep from a thread: woke
// CHECK: first after from a thread: fired
// CHECK: sleeps racing the last M going idle: all woke
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { ROUNDS = 20000 };

static _Atomic int ran;

static void task(void *arg)
{
	atomic_fetch_add(&ran, 1);
}

static void *thread(void *arg)
{
	int64_t v;

	gocc_sleep(5 * 1000000);
	printf("first sleep from a thread: woke\n");
	printf("first after from a thread: %s\n",
	       gocc_chan_recv(gocc_after(5 * 1000000), &v) ? "fired" : "closed");
	/* The spawned goroutine's M goes idle at about the time the timer
	 * is armed; the spin before the sleep moves that moment around. */
	for (int i = 0; i < ROUNDS; i++) {
		gocc_go(task, NULL);
		int64_t until = gocc_nanotime() + i % 100 * 1000;
		while (gocc_nanotime() < until)
			;
		gocc_sleep(1000);
	}
	printf("sleeps racing the last M going idle: all woke\n");
	fflush(stdout);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, thread, NULL);
	pthread_join(t, NULL);
	return 0;
}
