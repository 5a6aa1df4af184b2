/*
 * ctx.c - gocc_ctx, Go's context.Context: cancellation and deadlines that
 * flow from a context to its descendants and into every wait of a
 * goroutine that made it current (gocc_ctx_enter).
 *
 * A context lists its live children and the waits parked under it.
 * Ending it (cancel, its deadline's timer, or its parent's end) marks it,
 * decides each listed wait (wait.c), ends the children, and closes its
 * done channel.  Lock order: parent before child, a context before the
 * objects its waits are parked on.
 *
 * References: the creator holds one, released by gocc_ctx_release; each
 * live child holds one on its parent until it ends, so a parent outlives
 * the children that may still reach it.  The deadline timer is disarmed
 * by release, which waits out a firing one.
 */
#include "runtime.h"

#include <errno.h>
#include <stdlib.h>

struct gocc_ctx {
	rlock lock;                 /* guards all below but refs and err */
	_Atomic int err;            /* 0 while live, then ECANCELED or ETIMEDOUT */
	_Atomic int32_t refs;
	int64_t deadline;           /* its own or an ancestor's, if earlier */
	gocc_ctx *parent;           /* NULL once it ended (or for background) */
	gocc_ctx *children;         /* live children, through sibnext/sibprev */
	gocc_ctx *sibnext, *sibprev;
	gwait *waits;               /* parked waits, through cnext/cprev */
	gocc_chan *done;            /* made on first gocc_ctx_done */
	gocc_chan *closeme;         /* done, if made when it ended */
	gocc_ctx *endnext;          /* on a list of contexts just ended */
	struct timer t;             /* fires at deadline, if it has its own */
};

static gocc_ctx background = {.deadline = GOCC_NEVER};

gocc_ctx *gocc_ctx_background(void)
{
	return &background;
}

static void unref(gocc_ctx *c)
{
	if (c == &background || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	if (c->done)
		gocc_chan_free(c->done);
	free(c);
}

/* Unlink c from its parent and drop the reference it held. */
static void detach(gocc_ctx *c, gocc_ctx *parent)
{
	lockwithrank(&parent->lock, LOCKRANK_CTX);
	if (c->sibprev)
		c->sibprev->sibnext = c->sibnext;
	else if (parent->children == c)
		parent->children = c->sibnext;
	if (c->sibnext)
		c->sibnext->sibprev = c->sibprev;
	c->sibnext = c->sibprev = NULL;
	unlock(&parent->lock);
	unref(parent);
}

/* c->lock held: end c and its descendants with err, unless c has ended.
 * The ended go on *ended with a reference each, so their done channels
 * can be closed once no context lock is held (closing readies Gs); the
 * Gs of their waits go on *ready. */
static void end(gocc_ctx *c, int err, gocc_ctx **ended, G **ready)
{
	int zero = 0;

	if (!atomic_compare_exchange_strong(&c->err, &zero, err))
		return;
	atomic_fetch_add(&c->refs, 1);
	c->closeme = c->done;
	c->endnext = *ended;
	*ended = c;
	for (gwait *w = c->waits; w; w = w->cnext)
		gwait_cancel(w, err, ready);
	/* The children leave the list.  Whoever clears a child's parent link,
	 * under the child's lock, drops the reference it held: here, or the
	 * child's own cancel, which then finds itself unlinked already. */
	gocc_ctx *next;
	for (gocc_ctx *k = c->children; k; k = next) {
		next = k->sibnext;
		k->sibnext = k->sibprev = NULL;
		lockwithrank(&k->lock, LOCKRANK_CTX);
		end(k, err, ended, ready);
		bool linked = k->parent != NULL;
		k->parent = NULL;
		unlock(&k->lock);
		if (linked)
			unref(c);
	}
	c->children = NULL;
}

static void cancel(gocc_ctx *c, int err)
{
	gocc_ctx *ended = NULL, *next;
	G *ready = NULL;

	if (c == &background)
		return;
	lockwithrank(&c->lock, LOCKRANK_CTX);
	end(c, err, &ended, &ready);
	gocc_ctx *parent = c->parent;
	c->parent = NULL;
	unlock(&c->lock);
	for (gocc_ctx *k = ended; k; k = next) {
		next = k->endnext;
		if (k->closeme)
			gocc_chan_close(k->closeme);
		unref(k);
	}
	goreadylist(ready);
	if (parent)
		detach(c, parent);
}

static void deadlinefire(struct timer *t, int64_t now)
{
	cancel(t->arg, ETIMEDOUT);
	timerdone(t);
}

gocc_ctx *gocc_ctx_with_deadline(gocc_ctx *parent, int64_t deadline)
{
	gocc_ctx *c = calloc(1, sizeof *c);

	if (!c)
		fatal("gocc_ctx: out of memory");
	getg();         /* timers need the runtime */
	atomic_init(&c->refs, 1);
	c->deadline = parent->deadline < deadline ? parent->deadline : deadline;
	lockwithrank(&parent->lock, LOCKRANK_CTX);
	int err = atomic_load(&parent->err);
	if (!err && parent != &background) {
		atomic_fetch_add(&parent->refs, 1);
		c->parent = parent;
		c->sibnext = parent->children;
		if (parent->children)
			parent->children->sibprev = c;
		parent->children = c;
	}
	unlock(&parent->lock);
	if (err)
		atomic_store(&c->err, err);
	else if (deadline < parent->deadline) {
		c->t = (struct timer){.when = deadline, .f = deadlinefire, .arg = c};
		addtimer(&c->t);
	}
	return c;
}

gocc_ctx *gocc_ctx_with_cancel(gocc_ctx *parent)
{
	return gocc_ctx_with_deadline(parent, GOCC_NEVER);
}

gocc_ctx *gocc_ctx_with_timeout(gocc_ctx *parent, int64_t ns)
{
	return gocc_ctx_with_deadline(parent, deadline(ns));
}

void gocc_ctx_cancel(gocc_ctx *c)
{
	cancel(c, ECANCELED);
}

void gocc_ctx_release(gocc_ctx *c)
{
	if (c == &background)
		return;
	cancel(c, ECANCELED);
	if (c->t.f)
		deltimer(&c->t);
	unref(c);
}

gocc_chan *gocc_ctx_done(gocc_ctx *c)
{
	lockwithrank(&c->lock, LOCKRANK_CTX);
	if (!c->done) {
		c->done = gocc_chan_make(0, 0);
		if (atomic_load(&c->err))
			gocc_chan_close(c->done);
	}
	gocc_chan *done = c->done;
	unlock(&c->lock);
	return done;
}

int gocc_ctx_err(gocc_ctx *c)
{
	return atomic_load(&c->err);
}

int64_t gocc_ctx_deadline(gocc_ctx *c)
{
	return c->deadline;
}

gocc_ctx *gocc_ctx_enter(gocc_ctx *c)
{
	G *g = getg();
	gocc_ctx *prev = g->ctx ? g->ctx : &background;

	g->ctx = c == &background ? NULL : c;
	g->hasctx = g->ctx != NULL;
	return prev;
}

void ctx_join(gocc_ctx *c, gwait *w)
{
	lockwithrank(&c->lock, LOCKRANK_CTX);
	int err = atomic_load(&c->err);
	if (err) {
		w->res = err;
	} else {
		w->ctx = c;
		w->cnext = c->waits;
		if (c->waits)
			c->waits->cprev = w;
		c->waits = w;
	}
	unlock(&c->lock);
}

void ctx_leave(gocc_ctx *c, gwait *w)
{
	lockwithrank(&c->lock, LOCKRANK_CTX);
	if (w->cprev)
		w->cprev->cnext = w->cnext;
	else
		c->waits = w->cnext;
	if (w->cnext)
		w->cnext->cprev = w->cprev;
	unlock(&c->lock);
}
