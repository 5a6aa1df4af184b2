// Idle Ms sleep: when a timer falls due while no P is free (main computes
// on the only one), the M that woke for it goes back to sleep instead of
// polling a deadline already past.  CPU time, not wall time: the process's
// minus main's own is what the other threads burned.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=8 %t | FileCheck %s
// CHECK: idle threads burned under 50 ms while main computed 300 ms: yes
#include <gocc.h>
#include <stdio.h>
#include <time.h>

enum { NSLEEPERS = 4 };

static gocc_waitgroup wg;

static int64_t cputime(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sleepers on several Ps leave several Ms idle behind them. */
static void sleeper(void *arg)
{
	gocc_sleep(1000000);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_maxprocs(4);
	gocc_wg_add(&wg, NSLEEPERS);
	for (int i = 0; i < NSLEEPERS; i++)
		gocc_go(sleeper, NULL);
	gocc_wg_wait(&wg);

	/* The timer goes on main's P; the yield moves main to P 0, the one
	 * P left, and the timer's P, if another, retires. */
	gocc_chan *t = gocc_after(20 * 1000000);
	gocc_maxprocs(1);
	gocc_yield();
	int64_t proc0 = cputime(CLOCK_PROCESS_CPUTIME_ID);
	int64_t main0 = cputime(CLOCK_THREAD_CPUTIME_ID);
	while (cputime(CLOCK_THREAD_CPUTIME_ID) - main0 < 300 * 1000000)
		;
	int64_t others = cputime(CLOCK_PROCESS_CPUTIME_ID) - proc0 -
			 (cputime(CLOCK_THREAD_CPUTIME_ID) - main0);
	printf("idle threads burned under 50 ms while main computed 300 ms: %s\n",
	       others < 50 * 1000000 ? "yes" : "no");
	if (others >= 50 * 1000000)
		printf("they burned %lld ms\n", (long long)(others / 1000000));
	int64_t v;
	gocc_chan_recv(t, &v);
	gocc_chan_free(t);
	return 0;
}
