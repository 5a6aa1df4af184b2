/*
 * cond.c - gocc_cond, Go's sync.Cond, on Go's notify list: goroutines
 * wake in the order they called wait, and no signal is lost.
 *
 * A waiter takes a ticket while it still holds the mutex, unlocks the
 * mutex, and only then waits for its ticket under the cond's lock: the
 * unlock may ready a goroutine, which must not happen under a runtime
 * lock (runtime.h's lock order).  A signal serves the next ticket: it
 * readies the waiter that holds it, or, if that waiter has not queued
 * yet, leaves it to find its ticket served and not park.
 */
#include "sync.h"

struct cond {
	rlock lock;                 /* guards notify and the queue */
	_Atomic uint32_t wait;      /* the next ticket to hand out */
	_Atomic uint32_t notify;    /* the next ticket to serve */
	sudog *head;                /* queued waiters by ticket; head->prev
				       is the last */
};
PRIVATE_OF(gocc_cond, struct cond)

/* Tickets wrap around. */
static bool before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* Queue s in ticket order: a waiter slower to unlock the mutex may queue
 * after one that took a later ticket. */
static void enqueue(struct cond *c, sudog *s)
{
	sudog *last = c->head ? c->head->prev : NULL, *after = last;

	while (after && before(s->ticket, after->ticket))
		after = after == c->head ? NULL : after->prev;
	if (!after) {
		s->next = c->head;
		s->prev = last ? last : s;
		if (c->head)
			c->head->prev = s;
		c->head = s;
		return;
	}
	s->prev = after;
	s->next = after->next;
	after->next = s;
	if (s->next)
		s->next->prev = s;
	else
		c->head->prev = s;
}

void gocc_cond_wait(gocc_cond *pub, gocc_mutex *mu)
{
	struct cond *c = private_of(pub);
	sudog sg = {.g = getg(), .ticket = atomic_fetch_add(&c->wait, 1)};

	gocc_mutex_unlock(mu);
	lockwithrank(&c->lock, LOCKRANK_COND);
	if (before(sg.ticket, atomic_load_explicit(&c->notify, memory_order_relaxed))) {
		unlock(&c->lock);       /* signalled while we unlocked mu */
	} else {
		enqueue(c, &sg);
		goparkunlock(&c->lock, WAIT_COND);
	}
	san_acquire(c);
	gocc_mutex_lock(mu);
}

void gocc_cond_signal(gocc_cond *pub)
{
	struct cond *c = private_of(pub);
	G *g = NULL;

	san_release(c);
	/* No ticket handed out since the last served: nobody to wake. */
	if (atomic_load(&c->wait) == atomic_load(&c->notify))
		return;
	lockwithrank(&c->lock, LOCKRANK_COND);
	uint32_t t = atomic_load_explicit(&c->notify, memory_order_relaxed);
	if (t != atomic_load(&c->wait)) {
		atomic_store(&c->notify, t + 1);
		/* Queued waiters hold unserved tickets, in order: t's holder
		 * is the head, if it has queued. */
		sudog *s = c->head;
		if (s && s->ticket == t) {
			if ((c->head = s->next) != NULL)
				c->head->prev = s->prev;
			g = s->g;
		}
	}
	unlock(&c->lock);
	if (g)
		goready(g);
}

void gocc_cond_broadcast(gocc_cond *pub)
{
	struct cond *c = private_of(pub);

	san_release(c);
	if (atomic_load(&c->wait) == atomic_load(&c->notify))
		return;
	lockwithrank(&c->lock, LOCKRANK_COND);
	sudog *s = c->head;
	c->head = NULL;
	atomic_store(&c->notify, atomic_load(&c->wait));
	unlock(&c->lock);
	while (s) {
		/* s lives on its goroutine's stack: read next before waking. */
		sudog *next = s->next;
		goready(s->g);
		s = next;
	}
}
