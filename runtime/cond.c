/*
 * cond.c - gocc_cond, Go's sync.Cond: goroutines wait in FIFO order on the
 * condition's own queue.
 *
 * A waiter queues itself and unlocks the mutex while holding the queue's
 * lock, and parks dropping it, so a signal sent after the mutex was
 * released always finds it queued.
 */
#include "sync.h"

struct cond {
	rlock lock;                 /* guards q */
	waitq q;
};
PRIVATE_OF(gocc_cond, struct cond)

void gocc_cond_wait(gocc_cond *pub, gocc_mutex *mu)
{
	struct cond *c = private_of(pub);
	sudog sg = {.g = getg()};

	lockwithrank(&c->lock, LOCKRANK_COND);
	waitq_push(&c->q, &sg);
	gocc_mutex_unlock(mu);
	goparkunlock(&c->lock, WAIT_COND);
	san_acquire(c);
	gocc_mutex_lock(mu);
}

/* Wake the oldest waiter, or all of them in queue order. */
static void wakeup(struct cond *c, bool all)
{
	G *ready = NULL, **tail = &ready;
	sudog *sg;

	san_release(c);
	lockwithrank(&c->lock, LOCKRANK_COND);
	while ((sg = waitq_pop(&c->q)) != NULL) {
		*tail = sg->g;
		tail = &sg->g->schedlink;
		if (!all)
			break;
	}
	*tail = NULL;
	unlock(&c->lock);
	goreadylist(ready);
}

void gocc_cond_signal(gocc_cond *pub)
{
	wakeup(private_of(pub), false);
}

void gocc_cond_broadcast(gocc_cond *pub)
{
	wakeup(private_of(pub), true);
}
