/*
 * waitgroup.c - gocc_waitgroup, Go's sync.WaitGroup: a counter and a queue
 * of goroutines parked until it reaches zero.  A zeroed object is valid.
 */
#include "runtime.h"

_Static_assert(sizeof(waitq) == sizeof(((gocc_waitgroup *)0)->waitq),
	       "gocc_waitgroup.waitq holds a waitq");

#define COUNTER(wg) ((_Atomic int64_t *)&(wg)->counter)
#define LOCK(wg) ((rlock *)&(wg)->lock)
#define QUEUE(wg) ((waitq *)(wg)->waitq)

void gocc_wg_add(gocc_waitgroup *wg, long delta)
{
	san_release(wg);
	int64_t v = atomic_fetch_add(COUNTER(wg), delta) + delta;
	if (v < 0)
		fatal("sync: negative WaitGroup counter");
	if (v > 0 || delta > 0)
		return;
	lockwithrank(LOCK(wg), LOCKRANK_WAITGROUP);
	sudog *s = QUEUE(wg)->first;
	QUEUE(wg)->first = QUEUE(wg)->last = NULL;
	unlock(LOCK(wg));
	while (s) {
		/* s lives on its goroutine's stack: read next before waking. */
		sudog *next = s->next;
		goready(s->g);
		s = next;
	}
}

void gocc_wg_done(gocc_waitgroup *wg)
{
	gocc_wg_add(wg, -1);
}

void gocc_wg_wait(gocc_waitgroup *wg)
{
	if (atomic_load(COUNTER(wg)) == 0) {
		san_acquire(wg);
		return;
	}
	sudog s = { .g = getg() };
	lockwithrank(LOCK(wg), LOCKRANK_WAITGROUP);
	if (atomic_load(COUNTER(wg)) == 0) {
		unlock(LOCK(wg));
		san_acquire(wg);
		return;
	}
	waitq_push(QUEUE(wg), &s);
	goparkunlock(LOCK(wg), WAIT_WAITGROUP);
	san_acquire(wg);
}
