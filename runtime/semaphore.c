/*
 * semaphore.c - counting semaphores that park goroutines (Go's sema.go).
 * Each semaphore embeds its queue and a small lock; nwait lets a release
 * with nobody waiting skip the lock.
 */
#include "sync.h"

static bool cansemacquire(sema *s)
{
	uint32_t v = atomic_load(&s->count);

	while (v > 0)
		if (atomic_compare_exchange_weak(&s->count, &v, v - 1))
			return true;
	return false;
}

void semacquire(sema *s, bool lifo, enum waitreason why)
{
	if (cansemacquire(s))
		return;
	sudog sg = {.g = getg()};
	for (;;) {
		lockwithrank(&s->lock, LOCKRANK_SEMA);
		/* Count ourselves before the last look, so a release that
		 * comes after it sees us and takes the lock. */
		atomic_fetch_add(&s->nwait, 1);
		if (cansemacquire(s)) {
			atomic_fetch_sub(&s->nwait, 1);
			unlock(&s->lock);
			return;
		}
		sg.success = false;
		if (lifo)
			waitq_push_front(&s->q, &sg);
		else
			waitq_push(&s->q, &sg);
		goparkunlock(&s->lock, why);
		/* success: the releaser handed its count to us. */
		if (sg.success || cansemacquire(s))
			return;
	}
}

void semrelease(sema *s, bool handoff)
{
	atomic_fetch_add(&s->count, 1);
	if (atomic_load(&s->nwait) == 0)
		return;
	lockwithrank(&s->lock, LOCKRANK_SEMA);
	if (atomic_load(&s->nwait) == 0) {
		unlock(&s->lock);
		return;
	}
	sudog *sg = waitq_pop(&s->q);
	if (sg)
		atomic_fetch_sub(&s->nwait, 1);
	unlock(&s->lock);
	if (!sg)
		return;
	if (handoff && cansemacquire(s))
		sg->success = true;
	goready(sg->g);
}
