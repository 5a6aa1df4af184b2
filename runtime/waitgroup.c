/*
 * waitgroup.c - gocc_waitgroup, Go's sync.WaitGroup: a counter and a queue
 * of goroutines parked until it reaches zero.  A zeroed object is valid.
 */
#include "sync.h"

struct waitgroup {
	_Atomic int64_t counter;
	rlock lock;                 /* guards q */
	waitq q;
};
PRIVATE_OF(gocc_waitgroup, struct waitgroup)

void gocc_wg_add(gocc_waitgroup *pub, long delta)
{
	struct waitgroup *wg = private_of(pub);

	san_release(wg);
	int64_t v = atomic_fetch_add(&wg->counter, delta) + delta;
	if (v < 0)
		fatal("sync: negative WaitGroup counter");
	if (v > 0 || delta > 0)
		return;
	lockwithrank(&wg->lock, LOCKRANK_WAITGROUP);
	sudog *s = wg->q.first;
	wg->q.first = wg->q.last = NULL;
	unlock(&wg->lock);
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

void gocc_wg_wait(gocc_waitgroup *pub)
{
	struct waitgroup *wg = private_of(pub);

	if (atomic_load(&wg->counter) == 0) {
		san_acquire(wg);
		return;
	}
	sudog s = { .g = getg() };
	lockwithrank(&wg->lock, LOCKRANK_WAITGROUP);
	if (atomic_load(&wg->counter) == 0) {
		unlock(&wg->lock);
		san_acquire(wg);
		return;
	}
	waitq_push(&wg->q, &s);
	goparkunlock(&wg->lock, WAIT_WAITGROUP);
	san_acquire(wg);
}
