/*
 * cond.c - gocc_cond, Go's sync.Cond: goroutines wait in FIFO order on the
 * condition's own queue.
 *
 * A waiter queues itself and unlocks the mutex while holding the queue's
 * lock, and parks dropping it, so a signal sent after the mutex was
 * released always finds it queued.
 */
#include "runtime.h"

_Static_assert(sizeof(rlock) == sizeof(uint32_t), "gocc_cond layout");
_Static_assert(sizeof(waitq) == 2 * sizeof(void *), "gocc_cond layout");

static rlock *condlock(gocc_cond *c)
{
	return (rlock *)&c->lock;
}

static waitq *condq(gocc_cond *c)
{
	return (waitq *)c->waitq;
}

void gocc_cond_wait(gocc_cond *c, gocc_mutex *mu)
{
	sudog sg = {.g = getg()};

	lockwithrank(condlock(c), LOCKRANK_COND);
	waitq_push(condq(c), &sg);
	gocc_mutex_unlock(mu);
	goparkunlock(condlock(c), WAIT_COND);
	san_acquire(c);
	gocc_mutex_lock(mu);
}

/* Wake the oldest waiter, or all of them in queue order. */
static void wakeup(gocc_cond *c, bool all)
{
	G *ready = NULL, **tail = &ready;
	sudog *sg;

	san_release(c);
	lockwithrank(condlock(c), LOCKRANK_COND);
	while ((sg = waitq_pop(condq(c))) != NULL) {
		*tail = sg->g;
		tail = &sg->g->schedlink;
		if (!all)
			break;
	}
	*tail = NULL;
	unlock(condlock(c));
	goreadylist(ready);
}

void gocc_cond_signal(gocc_cond *c)
{
	wakeup(c, false);
}

void gocc_cond_broadcast(gocc_cond *c)
{
	wakeup(c, true);
}
