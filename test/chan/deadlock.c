// When every goroutine is blocked on runtime objects and no timer is
// pending, the program dies as Go's does: the deadlock message, a dump of
// every goroutine with what it waits on, exit status 2.  A pending timer
// (a sleeper, a gocc_after channel) is not a deadlock until it has fired.
// RUN: %cc %s -o %t %libgocc
// RUN: sh -c 'env GOCC_MAXPROCS=2 %t 2>&1; echo "exit status $?"' | FileCheck %s
// RUN: sh -c '%t timer 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=TIMER
// CHECK: started
// CHECK: gocc: fatal error: all goroutines are asleep - deadlock!
// CHECK-DAG: goroutine 1 [chan receive, {{[0-9.]+}}s, main]:
// CHECK-DAG: goroutine {{[0-9]+}} [chan send, {{[0-9.]+}}s]:
// CHECK-DAG: goroutine {{[0-9]+}} [select, {{[0-9.]+}}s]:
// CHECK-DAG: goroutine {{[0-9]+}} [sync.Mutex.Lock, {{[0-9.]+}}s]:
// CHECK-DAG: goroutine {{[0-9]+}} [sync.Cond.Wait, {{[0-9.]+}}s]:
// CHECK: exit status 2
// TIMER: timer fired: 1
// TIMER: gocc: fatal error: all goroutines are asleep - deadlock!
// TIMER: exit status 2
#include <gocc.h>
#include <stdio.h>
#include <string.h>

static gocc_chan *c, *d, *e;
static gocc_mutex mu;
static gocc_cond cond;

static void sender(void *arg)
{
	long v = 1;
	gocc_chan_send(e, &v);
}

static void selector(void *arg)
{
	long v;
	gocc_select_case cases[] = {{c, GOCC_RECV, &v, false}, {d, GOCC_RECV, &v, false}};
	gocc_select(cases, 2, false);
}

static void locker(void *arg)
{
	gocc_mutex_lock(&mu);
}

static void waiter(void *arg)
{
	gocc_mutex mu2 = GOCC_MUTEX_INIT;
	gocc_mutex_lock(&mu2);
	gocc_cond_wait(&cond, &mu2);
}

int main(int argc, char **argv)
{
	long v;
	c = gocc_chan_make(sizeof(long), 0);
	if (argc > 1 && !strcmp(argv[1], "timer")) {
		/* Blocked on a timer's channel: not a deadlock while it is
		 * pending; after it, a receive on c is. */
		gocc_chan *t = gocc_after(20 * 1000 * 1000);
		printf("timer fired: %d\n", gocc_chan_recv(t, &v));
		fflush(stdout);
		gocc_chan_recv(c, &v);
		return 0;
	}
	d = gocc_chan_make(sizeof(long), 0);
	e = gocc_chan_make(sizeof(long), 0);
	gocc_mutex_lock(&mu);
	gocc_go(sender, NULL);
	gocc_go(selector, NULL);
	gocc_go(locker, NULL);
	gocc_go(waiter, NULL);
	printf("started\n");
	fflush(stdout);
	gocc_chan_recv(c, &v);
	puts("unreachable");
	return 0;
}
