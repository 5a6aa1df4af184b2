// Two goroutines that ready each other forever inherit one time slice;
// without preemption the slice is ended by hand every so often, so at P=1
// the rest of the run queue (and main) still get to run.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
#include <gocc.h>
#include <stdio.h>

static gocc_chan *ping, *pong;
static gocc_waitgroup wg;

static void bounce(void *arg)
{
	gocc_chan *in = arg == NULL ? ping : pong, *out = arg == NULL ? pong : ping;
	long v;
	while (gocc_chan_recv(in, &v))
		gocc_chan_send(out, &v);
}

static void bystander(void *arg)
{
	gocc_wg_done(&wg);
}

int main(void)
{
	long v = 1;
	ping = gocc_chan_make(sizeof v, 0);
	pong = gocc_chan_make(sizeof v, 1);
	gocc_go(bounce, NULL);
	gocc_go(bounce, (void *)1);
	gocc_chan_send(ping, &v);       /* the pair now runs forever */
	gocc_wg_add(&wg, 100);
	for (int i = 0; i < 100; i++)
		gocc_go(bystander, NULL);
	gocc_wg_wait(&wg);
	// CHECK: bystanders ran
	printf("bystanders ran\n");
	return 0;
}
