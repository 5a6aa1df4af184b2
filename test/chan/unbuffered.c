// An unbuffered send completes only when a receiver takes the value, and
// values arrive in the order sent.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: blocked until received: yes
// CHECK: try on idle channel: send 0 recv 0
// CHECK: received 100000 in order, payloads intact
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 100000 };

struct msg {
	long seq;
	long payload[3];        /* written before the send, read after */
};

static gocc_chan *c;
static _Atomic int sent;

static void sender(void *arg)
{
	long v = 7;
	gocc_chan_send(c, &v);
	atomic_store(&sent, 1);
}

static void producer(void *arg)
{
	for (long i = 0; i < N; i++) {
		struct msg *m = malloc(sizeof *m);
		m->seq = i;
		m->payload[0] = i * 3;
		m->payload[1] = i * 5;
		m->payload[2] = i * 7;
		gocc_chan_send(c, &m);
	}
}

int main(void)
{
	c = gocc_chan_make(sizeof(long), 0);
	gocc_go(sender, NULL);
	for (int i = 0; i < 1000; i++)
		gocc_yield();
	int early = atomic_load(&sent);
	long v = 0;
	gocc_chan_recv(c, &v);
	while (!atomic_load(&sent))
		gocc_yield();
	printf("blocked until received: %s\n", !early && v == 7 ? "yes" : "no");

	bool ok = true;
	printf("try on idle channel: send %d recv %d\n", gocc_chan_trysend(c, &v),
	       gocc_chan_tryrecv(c, &v, &ok));
	gocc_chan_free(c);

	c = gocc_chan_make(sizeof(struct msg *), 0);
	gocc_go(producer, NULL);
	long bad = 0;
	for (long i = 0; i < N; i++) {
		struct msg *m;
		gocc_chan_recv(c, &m);
		if (m->seq != i || m->payload[0] != i * 3 || m->payload[1] != i * 5 ||
		    m->payload[2] != i * 7)
			bad++;
		free(m);
	}
	printf("received %d %s, payloads %s\n", N, bad ? "OUT OF ORDER" : "in order",
	       bad ? "corrupt" : "intact");
	return 0;
}
