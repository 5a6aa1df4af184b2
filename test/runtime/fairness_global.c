// At P=1 two goroutines that ready each other forever inherit one time
// slice after another.  The global queue must still get its turn: a
// goroutine that yields (each yield puts it there) gets through its
// yields, and a goroutine started from a program thread (which holds no
// P, so it starts on the global queue) runs.  Before, neither did: the
// every-61-ticks look at the global queue never came round, since
// inherited runs did not advance the tick, and the end of an inherited
// slice looked only at the local ring.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout -s QUIT 60 %t yield | FileCheck %s --check-prefix=YIELD
// RUN: env GOCC_MAXPROCS=1 timeout -s QUIT 60 %t thread | FileCheck %s --check-prefix=THREAD
// RUN: env GOCC_MAXPROCS=2 timeout -s QUIT 60 %t yield | FileCheck %s --check-prefix=YIELD
// RUN: env GOCC_MAXPROCS=2 timeout -s QUIT 60 %t thread | FileCheck %s --check-prefix=THREAD
// YIELD: yielder yielded 20 times
// THREAD: the thread's goroutine ran
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { YIELDS = 20 };

static gocc_chan *ping, *pong;
static gocc_waitgroup yielded, started;

static void bounce(void *arg)
{
	gocc_chan *in = arg == NULL ? ping : pong, *out = arg == NULL ? pong : ping;
	long v;
	while (gocc_chan_recv(in, &v))
		gocc_chan_send(out, &v);
}

static void yielder(void *arg)
{
	for (int i = 0; i < YIELDS; i++)
		gocc_yield();
	gocc_wg_done(&yielded);
}

static void from_thread(void *arg)
{
	gocc_wg_done(&started);
}

static void *thread(void *arg)
{
	gocc_go(from_thread, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	long v = 1;
	pthread_t t;

	ping = gocc_chan_make(sizeof v, 0);
	pong = gocc_chan_make(sizeof v, 0);
	gocc_go(bounce, NULL);
	gocc_go(bounce, (void *)1);
	gocc_chan_send(ping, &v);       /* the pair now runs forever */
	if (argc > 1 && !strcmp(argv[1], "thread")) {
		gocc_wg_add(&started, 1);
		pthread_create(&t, NULL, thread, NULL);
		pthread_join(t, NULL);  /* gocc_go returns at once */
		gocc_wg_wait(&started);
		printf("the thread's goroutine ran\n");
	} else {
		gocc_wg_add(&yielded, 1);
		gocc_go(yielder, NULL);
		gocc_wg_wait(&yielded);
		printf("yielder yielded %d times\n", YIELDS);
	}
	return 0;
}
