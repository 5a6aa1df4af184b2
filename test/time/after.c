// gocc_after: a channel that receives the time once, after the delay; as
// a select case it is the timeout, and a ready channel beats a far one.
// Also from a foreign thread, and freed before it fires.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// The channels freed while their timers are pending must not be touched
// after the timers free them.
// RUN: %cc -fsanitize=address %s -o %t.asan %libgocc
// RUN: env ASAN_OPTIONS=detect_leaks=0 GOCC_MAXPROCS=2 %t.asan 2>&1 | FileCheck %s --implicit-check-not "ERROR: AddressSanitizer"
// CHECK: timeout fired: case 1, not early: yes, value is its time: yes
// CHECK: ready channel beats the timer: case 0
// CHECK: after(0) fires: 1
// CHECK: len 1 cap 1 after firing; second receive would block: yes
// CHECK: foreign thread: fired: yes
// CHECK: freed before firing: survived
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>

static void *foreign(void *arg)
{
	int64_t v;
	bool fired = gocc_chan_recv(gocc_after(5 * 1000000), &v);
	gocc_chan_send(arg, &fired);
	return NULL;
}

int main(void)
{
	gocc_chan *never = gocc_chan_make(sizeof(long), 0);
	int64_t t0 = gocc_nanotime(), when = 0;
	long v;
	gocc_select_case cases[] = {{never, GOCC_RECV, &v, false},
				    {gocc_after(20 * 1000000), GOCC_RECV, &when, false}};
	int k = gocc_select(cases, 2, false);
	int64_t t1 = gocc_nanotime();
	printf("timeout fired: case %d, not early: %s, value is its time: %s\n", k,
	       t1 - t0 >= 20 * 1000000 ? "yes" : "no",
	       when >= t0 + 20 * 1000000 && when <= t1 ? "yes" : "no");
	gocc_chan_free(cases[1].chan);

	gocc_chan *ready = gocc_chan_make(sizeof(long), 1);
	v = 1;
	gocc_chan_send(ready, &v);
	cases[0].chan = ready;
	cases[1].chan = gocc_after(10LL * 1000000000);
	printf("ready channel beats the timer: case %d\n", gocc_select(cases, 2, false));
	gocc_chan_free(cases[1].chan);  /* still pending: freed when it fires */

	gocc_chan *now = gocc_after(0);
	printf("after(0) fires: %d\n", gocc_chan_recv(now, &when));

	gocc_chan *t = gocc_after(1000000);
	gocc_sleep(10 * 1000000);
	printf("len %zu cap %zu after firing; ", gocc_chan_len(t), gocc_chan_cap(t));
	gocc_chan_recv(t, &when);
	printf("second receive would block: %s\n", gocc_chan_tryrecv(t, &when, NULL) ? "no" : "yes");
	gocc_chan_free(t);

	/* Wait on a channel: a goroutine blocked in pthread_join would hold
	 * the P whose turn runs the timer. */
	pthread_t th;
	bool fired = false;
	gocc_chan *res = gocc_chan_make(sizeof fired, 0);
	pthread_create(&th, NULL, foreign, res);
	gocc_chan_recv(res, &fired);
	pthread_join(th, NULL);
	printf("foreign thread: fired: %s\n", fired ? "yes" : "no");

	for (int i = 0; i < 100; i++)
		gocc_chan_free(gocc_after(1000000 + i * 10000));
	gocc_sleep(5 * 1000000);
	printf("freed before firing: survived\n");
	return 0;
}
