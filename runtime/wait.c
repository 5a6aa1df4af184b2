/*
 * wait.c - the one way a goroutine parks with a deadline (libdill's
 * clauses with deadlines; Go's timers on sudogs and the propagation in its
 * context package).
 *
 * A wait ends in one of three ways, whichever comes first: the object it
 * waits on wakes it, its deadline passes, or the goroutine's current
 * context ends.  Each waker takes the object's lock and decides the wait
 * only if it is still pending, taking it off the object's queue; the
 * others find it decided and leave.  A waker readies the G only if it
 * found it queued: a G queues itself under the lock and parks dropping
 * it, so a queued G is parked by the time anyone else holds the lock.
 * A wait decided before its G queued (a context that had already ended,
 * a deadline already past) is seen by the G itself, which does not park.
 *
 * Lock order: a context's lock, then the object's lock; so the G joins
 * and leaves its context's list holding no object lock.
 */
#include "runtime.h"

#include <errno.h>

int *errnop(void)
{
	return &errno;
}

/* w->l held: a waker other than the object decides w with res, if it is
 * pending.  Returns its G to ready if it was queued (so parked). */
static G *decide(gwait *w, int res)
{
	if (w->res != WAIT_PENDING)
		return NULL;
	w->res = res;
	if (!w->queued)
		return NULL;
	if (w->q)
		waitq_remove(w->q, &w->sg);
	w->queued = false;
	return w->sg.g;
}

static void deadlinefire(struct timer *t, int64_t now)
{
	gwait *w = t->arg;

	lockwithrank(w->l, LOCKRANK_IOWAIT);
	G *g = decide(w, WAIT_DEADLINE);
	unlock(w->l);
	timerdone(t);
	if (g)
		goready(g);
}

void gwait_init(gwait *w, rlock *l, waitq *q, int64_t deadline)
{
	G *g = getg();

	*w = (gwait){.sg = {.g = g}, .l = l, .q = q, .res = WAIT_PENDING};
	if (g->ctx)
		ctx_join(g->ctx, w);
	if (deadline != GOCC_NEVER && w->res == WAIT_PENDING) {
		w->t = (struct timer){.when = deadline, .f = deadlinefire, .arg = w};
		addtimer(&w->t);
	}
}

int gwait_park(gwait *w, enum waitreason why)
{
	if (w->res != WAIT_PENDING) {
		unlock(w->l);
		return w->res;
	}
	if (w->q)
		waitq_push(w->q, &w->sg);
	w->queued = true;
	goparkunlock(w->l, why);
	/* Whoever readied us decided res, under the lock, before. */
	return w->res;
}

G *gwait_wake(gwait *w)
{
	w->queued = false;
	if (w->res != WAIT_PENDING)
		return NULL;
	w->res = WAIT_WOKEN;
	return w->sg.g;
}

/* The context ended with err: decide w, which is on its list; the G to
 * ready goes on *ready.  The context's lock is held. */
void gwait_cancel(gwait *w, int err, G **ready)
{
	lockwithrank(w->l, LOCKRANK_IOWAIT);
	G *g = decide(w, err);
	unlock(w->l);
	if (g) {
		g->schedlink = *ready;
		*ready = g;
	}
}

void gwait_done(gwait *w)
{
	if (w->t.f)
		deltimer(&w->t);
	if (w->ctx)
		ctx_leave(w->ctx, w);
}

int sleepuntil(int64_t deadline)
{
	rlock own = {0};
	gwait w;

	gwait_init(&w, &own, NULL, deadline);
	lockwithrank(&own, LOCKRANK_IOWAIT);
	int res = gwait_park(&w, WAIT_SLEEP);
	gwait_done(&w);
	return res == WAIT_DEADLINE ? 0 : res;
}
