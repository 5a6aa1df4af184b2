// A program thread blocks on a channel while main, which has touched gocc
// only to make the channel, is still busy: main may yet send, so this is
// no deadlock.  main sends 100 ms later and the thread gets the value.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=4 %t | FileCheck %s
// CHECK: thread received 42
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static gocc_chan *c;

static void *receiver(void *arg)
{
	long v = 0;
	gocc_chan_recv(c, &v);
	printf("thread received %ld\n", v);
	return NULL;
}

int main(void)
{
	pthread_t t;
	long v = 42;

	c = gocc_chan_make(sizeof v, 0);
	pthread_create(&t, NULL, receiver, NULL);
	nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	gocc_chan_send(c, &v);
	pthread_join(t, NULL);
	return 0;
}
