// select: default (nonblock) with nothing ready, a ready send or receive
// case, blocking until a peer arrives on either side, a closed channel's
// case, NULL channels, and the sudogs of the cases that lost being taken
// off their channels (later operations on those channels still work).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: default: -1 -1 -1
// CHECK: ready receive: case 1 value 5 ok 1
// CHECK: ready send: case 0, received 6
// CHECK: blocked, woken by a sender: case 1 value 7
// CHECK: blocked, woken by a receiver: case 0, received 8
// CHECK: losers withdrawn: 9 10
// CHECK: closed: case 0 ok 0 value 0
// CHECK: all NULL with default: -1
// CHECK: select(0 cases, nonblock): -1
#include <gocc.h>
#include <stdio.h>

static gocc_chan *a, *b, *res;

static void send_later(void *arg)
{
	long v = (long)arg;
	for (int i = 0; i < 50; i++)
		gocc_yield();
	gocc_chan_send(b, &v);
}

static void recv_later(void *arg)
{
	long v;
	for (int i = 0; i < 50; i++)
		gocc_yield();
	gocc_chan_recv(a, &v);
	gocc_chan_send(res, &v);
}

int main(void)
{
	long x = -1, y = -1, v;
	a = gocc_chan_make(sizeof(long), 0);
	b = gocc_chan_make(sizeof(long), 1);

	gocc_select_case recvs[] = {{a, GOCC_RECV, &x, false}, {b, GOCC_RECV, &y, false}};
	int r1 = gocc_select(recvs, 2, true);
	gocc_select_case sends[] = {{a, GOCC_SEND, &x, false}};
	int r2 = gocc_select(sends, 1, true);
	b = gocc_chan_make(sizeof(long), 0);
	recvs[1].chan = b;
	int r3 = gocc_select(recvs, 2, true);
	printf("default: %d %d %d\n", r1, r2, r3);

	gocc_chan *buf = gocc_chan_make(sizeof(long), 1);
	v = 5;
	gocc_chan_send(buf, &v);
	gocc_select_case ready[] = {{a, GOCC_RECV, &x, false}, {buf, GOCC_RECV, &y, false}};
	int k = gocc_select(ready, 2, true);
	printf("ready receive: case %d value %ld ok %d\n", k, y, ready[1].ok);

	v = 6;
	gocc_select_case readysend[] = {{buf, GOCC_SEND, &v, false}, {a, GOCC_RECV, &x, false}};
	k = gocc_select(readysend, 2, false);
	gocc_chan_recv(buf, &y);
	printf("ready send: case %d, received %ld\n", k, y);

	gocc_go(send_later, (void *)7L);
	k = gocc_select(recvs, 2, false);
	printf("blocked, woken by a sender: case %d value %ld\n", k, k == 1 ? y : x);

	/* Send on a, or receive on b; a receiver comes for a. */
	v = 8;
	gocc_select_case mixed[] = {{a, GOCC_SEND, &v, false}, {b, GOCC_RECV, &y, false}};
	res = gocc_chan_make(sizeof(long), 1);
	gocc_go(recv_later, NULL);
	k = gocc_select(mixed, 2, false);
	gocc_chan_recv(res, &x);
	printf("blocked, woken by a receiver: case %d, received %ld\n", k, x);

	/* The select above left a sudog on b's queue: it must be gone, or
	 * this rendezvous would hand 9 to a select that has returned. */
	gocc_go(send_later, (void *)9L);
	gocc_chan_recv(b, &y);
	gocc_go(send_later, (void *)10L);
	gocc_chan_recv(b, &x);
	printf("losers withdrawn: %ld %ld\n", y, x);

	gocc_chan *closed = gocc_chan_make(sizeof(long), 0);
	gocc_chan_close(closed);
	x = 3;
	gocc_select_case cl[] = {{closed, GOCC_RECV, &x, true}, {a, GOCC_RECV, &y, false}};
	k = gocc_select(cl, 2, false);
	printf("closed: case %d ok %d value %ld\n", k, cl[0].ok, x);

	gocc_select_case nulls[] = {{NULL, GOCC_RECV, &x, false}, {NULL, GOCC_SEND, &x, false}};
	printf("all NULL with default: %d\n", gocc_select(nulls, 2, true));
	printf("select(0 cases, nonblock): %d\n", gocc_select(NULL, 0, true));
	return 0;
}
