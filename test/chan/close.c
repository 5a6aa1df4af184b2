// close wakes every blocked receiver with the zero value and ok false; a
// closed buffered channel hands out what it holds first; receives after
// that return at once.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: 1000 receivers woken: 1000 with ok false and a zeroed value
// CHECK: buffered after close: 1 2 3 then ok 0 value 0
// CHECK: tryrecv on closed: got 1 ok 0
// CHECK: closed value seen by 50 select receivers: 50
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { NRECV = 1000, NSEL = 50 };

static gocc_chan *c, *other;
static gocc_waitgroup wg;
static _Atomic int zeroed, parked;

static void receiver(void *arg)
{
	long v = -1;
	atomic_fetch_add(&parked, 1);
	bool ok = gocc_chan_recv(c, &v);
	if (!ok && v == 0)
		atomic_fetch_add(&zeroed, 1);
	gocc_wg_done(&wg);
}

static void selector(void *arg)
{
	long v = -1, w = -1;
	gocc_select_case cases[] = {
		{other, GOCC_RECV, &w, true},
		{c, GOCC_RECV, &v, true},
	};
	atomic_fetch_add(&parked, 1);
	int i = gocc_select(cases, 2, false);
	if (i == 1 && !cases[1].ok && v == 0)
		atomic_fetch_add(&zeroed, 1);
	gocc_wg_done(&wg);
}

static void waitall(int n)
{
	/* Let them all reach their receive before the close. */
	while (atomic_load(&parked) < n)
		gocc_yield();
	for (int i = 0; i < 100; i++)
		gocc_yield();
}

int main(void)
{
	c = gocc_chan_make(sizeof(long), 0);
	gocc_wg_add(&wg, NRECV);
	for (int i = 0; i < NRECV; i++)
		gocc_go(receiver, NULL);
	waitall(NRECV);
	gocc_chan_close(c);
	gocc_wg_wait(&wg);
	printf("%d receivers woken: %d with ok false and a zeroed value\n", NRECV,
	       atomic_load(&zeroed));
	gocc_chan_free(c);

	c = gocc_chan_make(sizeof(long), 5);
	for (long i = 1; i <= 3; i++)
		gocc_chan_send(c, &i);
	gocc_chan_close(c);
	long v;
	printf("buffered after close:");
	while (gocc_chan_recv(c, &v))
		printf(" %ld", v);
	v = 99;
	bool ok = gocc_chan_recv(c, &v);
	printf(" then ok %d value %ld\n", ok, v);
	ok = true;
	bool got = gocc_chan_tryrecv(c, &v, &ok);
	printf("tryrecv on closed: got %d ok %d\n", got, ok);
	gocc_chan_free(c);

	c = gocc_chan_make(sizeof(long), 0);
	other = gocc_chan_make(sizeof(long), 0);
	atomic_store(&zeroed, 0);
	atomic_store(&parked, 0);
	gocc_wg_add(&wg, NSEL);
	for (int i = 0; i < NSEL; i++)
		gocc_go(selector, NULL);
	waitall(NSEL);
	gocc_chan_close(c);
	gocc_wg_wait(&wg);
	printf("closed value seen by %d select receivers: %d\n", NSEL, atomic_load(&zeroed));
	return 0;
}
