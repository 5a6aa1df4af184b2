// A buffered channel takes cap values without blocking, hands them out in
// FIFO order, and a receive from a full buffer lets the blocked senders'
// values in behind the buffered ones, in the order they were sent.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: filled: len 10 cap 10, 11th trysend 0
// CHECK: drained: 0 1 2 3 4 5 6 7 8 9, len 0
// CHECK: full buffer then blocked senders: 0 1 2 3 100 101 102
// CHECK: stream of 200000 through cap 7: in order
#include <gocc.h>
#include <stdio.h>

enum { N = 200000 };

static gocc_chan *c;
static gocc_waitgroup wg;

static void blocked_sender(void *arg)
{
	int v = (int)(long)arg;
	gocc_chan_send(c, &v);
	gocc_wg_done(&wg);
}

static void producer(void *arg)
{
	for (int i = 0; i < N; i++)
		gocc_chan_send(c, &i);
	gocc_chan_close(c);
}

int main(void)
{
	c = gocc_chan_make(sizeof(int), 10);
	for (int i = 0; i < 10; i++)
		gocc_chan_send(c, &i);
	int v = 10;
	bool more = gocc_chan_trysend(c, &v);
	printf("filled: len %zu cap %zu, 11th trysend %d\n", gocc_chan_len(c), gocc_chan_cap(c), more);
	printf("drained:");
	for (int i = 0; i < 10; i++) {
		gocc_chan_recv(c, &v);
		printf(" %d", v);
	}
	printf(", len %zu\n", gocc_chan_len(c));
	gocc_chan_free(c);

	/* Fill a cap-4 channel, then park three senders one after the other:
	 * on one P, yields run the new goroutine until it parks. */
	int procs = gocc_maxprocs(1);
	c = gocc_chan_make(sizeof(int), 4);
	for (int i = 0; i < 4; i++)
		gocc_chan_send(c, &i);
	for (long i = 100; i < 103; i++) {
		gocc_wg_add(&wg, 1);
		gocc_go(blocked_sender, (void *)i);
		for (int k = 0; k < 100; k++)
			gocc_yield();
	}
	gocc_maxprocs(procs);
	printf("full buffer then blocked senders:");
	for (int i = 0; i < 7; i++) {
		gocc_chan_recv(c, &v);
		printf(" %d", v);
	}
	printf("\n");
	gocc_wg_wait(&wg);
	gocc_chan_free(c);

	c = gocc_chan_make(sizeof(int), 7);
	gocc_go(producer, NULL);
	int want = 0;
	bool inorder = true;
	while (gocc_chan_recv(c, &v))
		inorder &= v == want++;
	printf("stream of %d through cap 7: %s\n", want, inorder && want == N ? "in order" : "WRONG");
	return 0;
}
