/*
 * chan.c - channels (Go's chan.go): a ring buffer, the queues of parked
 * senders and receivers, and one lock.
 *
 * A sender that finds a parked receiver copies straight into the
 * receiver's variable, and a receiver that finds a parked sender copies
 * straight out of the sender's: sudogs and the values they point to live
 * on the parked goroutine's stack, which never moves.  A receive from a
 * full buffer with senders waiting takes the head and moves the first
 * sender's value into the freed tail slot, so FIFO order holds.
 *
 * For TSan the channel's address is the synchronisation object (see
 * chanlock), and a parked goroutine releases it before parking and
 * acquires it when woken.
 */
#include "chan.h"

#include <stdlib.h>
#include <string.h>

/* Racy reads for the lock-free fast paths, as Go's; the lock holder
 * stores what they read with release (chan_bufsend, waitq_setfirst). */
#define peek(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define peekacq(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)

static void copyelem(gocc_chan *c, void *dst, const void *src)
{
	/* Word-sized elements are the common case: a move, not a call. */
	if (c->elemsize == sizeof(uint64_t) && dst)
		memcpy(dst, src, sizeof(uint64_t));
	else if (dst && c->elemsize)
		memcpy(dst, src, c->elemsize);
}

/* Would a send block?  Would a receive?  (Unlocked: a snapshot.) */
static bool full(gocc_chan *c)
{
	if (c->dataqsiz == 0)
		return peek(c->recvq.first) == NULL;
	return peek(c->qcount) == c->dataqsiz;
}

/* Acquire: no later load (chanrecv's of closed) moves before it. */
static bool empty(gocc_chan *c)
{
	if (c->dataqsiz == 0)
		return peekacq(c->sendq.first) == NULL;
	return peekacq(c->qcount) == 0;
}

static void *slot(gocc_chan *c, size_t i)
{
	return c->buf + i * c->elemsize;
}

static G *wake(sudog *sg, bool success)
{
	sg->success = success;
	if (sg->isselect)       /* which case won; the G's cold line */
		sg->g->param = sg;
	return sg->g;
}

void chan_zero(gocc_chan *c, void *elem)
{
	if (elem)
		memset(elem, 0, c->elemsize);
}

G *chan_sendto(gocc_chan *c, sudog *sg, const void *elem)
{
	copyelem(c, sg->elem, elem);
	return wake(sg, true);
}

G *chan_recvfrom(gocc_chan *c, sudog *sg, void *elem)
{
	if (c->dataqsiz == 0) {
		copyelem(c, elem, sg->elem);
	} else {
		/* The buffer is full: take its head, and the sender's value
		 * goes into the slot that frees. */
		chan_bufrecv(c, elem);
		chan_bufsend(c, sg->elem);
	}
	return wake(sg, true);
}

void chan_bufsend(gocc_chan *c, const void *elem)
{
	copyelem(c, slot(c, c->sendx), elem);
	if (++c->sendx == c->dataqsiz)
		c->sendx = 0;
	__atomic_store_n(&c->qcount, c->qcount + 1, __ATOMIC_RELEASE);
}

void chan_bufrecv(gocc_chan *c, void *elem)
{
	copyelem(c, elem, slot(c, c->recvx));
	if (++c->recvx == c->dataqsiz)
		c->recvx = 0;
	__atomic_store_n(&c->qcount, c->qcount - 1, __ATOMIC_RELEASE);
}

/* Park g, the caller, on the queue q of the locked channel c until a peer
 * or close wakes it; true if a peer completed the operation.  The caller
 * asks for g before it locks c: on a thread's first call into gocc, getg
 * starts the runtime, which takes initlock. */
static bool chanpark(gocc_chan *c, waitq *q, G *g, void *elem, enum waitreason why)
{
	sudog sg = {.g = g, .elem = elem};

	waitq_push(q, &sg);
	san_release(c);
	goparkunlock(&c->lock, why);
	san_acquire(c);
	return sg.success;
}

gocc_chan *gocc_chan_make(size_t elem_size, size_t cap)
{
	gocc_chan *c;

	if (cap && elem_size > (SIZE_MAX - sizeof *c) / cap)
		fatal("makechan: size out of range");
	c = calloc(1, sizeof *c + elem_size * cap);
	if (!c)
		fatal("makechan: out of memory (%zu elements of %zu bytes)", cap, elem_size);
	c->elemsize = elem_size;
	c->dataqsiz = cap;
	return c;
}

/* Give elem to a parked receiver or to the buffer and unlock c; false,
 * with c still locked, if neither can take it. */
static bool sendnow(gocc_chan *c, const void *elem)
{
	sudog *sg = waitq_pop(&c->recvq);

	if (sg) {
		G *gp = chan_sendto(c, sg, elem);
		chanunlock(c);
		goready(gp);
		return true;
	}
	if (c->qcount < c->dataqsiz) {
		chan_bufsend(c, elem);
		chanunlock(c);
		return true;
	}
	return false;
}

static bool chansend(gocc_chan *c, const void *elem, bool block)
{
	if (!c) {
		if (!block)
			return false;
		gopark(NULL, NULL, WAIT_CHAN_SEND_NIL);
		throw("unreachable");
	}
	/* Open and full: fail without the lock.  Reading closed before
	 * "full" is what makes this safe against a concurrent close, as in
	 * Go; a stale answer is one a moment earlier. */
	if (!block && !peek(c->closed) && full(c))
		return false;

	G *g = block ? getg() : NULL;
	chanlock(c);
	if (c->closed) {
		chanunlock(c);
		fatal("send on closed channel");
	}
	if (sendnow(c, elem))
		return true;
	if (!block) {
		chanunlock(c);
		return false;
	}
	if (!chanpark(c, &c->sendq, g, (void *)elem, WAIT_CHAN_SEND))
		fatal("send on closed channel");
	return true;
}

/* Returns whether a receive happened (false only when !block); *ok says
 * whether it got a sent value rather than the closed zero value. */
static bool chanrecv(gocc_chan *c, void *elem, bool block, bool *ok)
{
	if (!c) {
		if (!block)
			return false;
		gopark(NULL, NULL, WAIT_CHAN_RECV_NIL);
		throw("unreachable");
	}
	/* Empty and open: fail without the lock.  As in Go, two ordered
	 * loads make this safe against a close: open, read after empty, means
	 * it was open when it was empty (it never reopens).  In the other
	 * order, a channel closed and then drained between the loads would
	 * read open and empty.  Closing and draining are separate critical
	 * sections, so once closed is seen, a second look tells drained. */
	if (!block && empty(c)) {
		if (!peekacq(c->closed))
			return false;
		if (empty(c)) {
			san_acquire(c);
			chan_zero(c, elem);
			*ok = false;
			return true;
		}
	}

	G *g = block ? getg() : NULL;
	chanlock(c);
	if (c->closed && c->qcount == 0) {
		chanunlock(c);
		chan_zero(c, elem);
		*ok = false;
		return true;
	}
	sudog *sg = waitq_pop(&c->sendq);
	if (sg) {
		G *gp = chan_recvfrom(c, sg, elem);
		chanunlock(c);
		goready(gp);
		*ok = true;
		return true;
	}
	if (c->qcount > 0) {
		chan_bufrecv(c, elem);
		chanunlock(c);
		*ok = true;
		return true;
	}
	if (!block) {
		chanunlock(c);
		return false;
	}
	*ok = chanpark(c, &c->recvq, g, elem, WAIT_CHAN_RECV);
	return true;
}

void gocc_chan_send(gocc_chan *c, const void *elem)
{
	chansend(c, elem, true);
}

bool gocc_chan_trysend(gocc_chan *c, const void *elem)
{
	return chansend(c, elem, false);
}

bool gocc_chan_recv(gocc_chan *c, void *elem)
{
	bool ok;

	chanrecv(c, elem, true, &ok);
	return ok;
}

bool gocc_chan_tryrecv(gocc_chan *c, void *elem, bool *ok)
{
	bool got;

	if (!chanrecv(c, elem, false, &got))
		return false;
	if (ok)
		*ok = got;
	return true;
}

void gocc_chan_close(gocc_chan *c)
{
	G *ready = NULL;
	sudog *sg;

	if (!c)
		fatal("close of nil channel");
	chanlock(c);
	if (c->closed) {
		chanunlock(c);
		fatal("close of closed channel");
	}
	__atomic_store_n(&c->closed, true, __ATOMIC_RELEASE);
	/* Receivers get the zero value; senders wake to die. */
	while ((sg = waitq_pop(&c->recvq)) != NULL) {
		chan_zero(c, sg->elem);
		G *gp = wake(sg, false);
		gp->schedlink = ready;
		ready = gp;
	}
	while ((sg = waitq_pop(&c->sendq)) != NULL) {
		G *gp = wake(sg, false);
		gp->schedlink = ready;
		ready = gp;
	}
	chanunlock(c);
	/* A readied G may run and return at once: its sudog is gone, only
	 * the G itself is still ours to read. */
	goreadylist(ready);
}

size_t gocc_chan_len(gocc_chan *c)
{
	return c ? peek(c->qcount) : 0;
}

size_t gocc_chan_cap(gocc_chan *c)
{
	return c ? c->dataqsiz : 0;
}

void gocc_chan_free(gocc_chan *c)
{
	if (!c)
		return;
	chanlock(c);
	if (c->recvq.first || c->sendq.first) {
		chanunlock(c);
		fatal("free of channel with waiting goroutines");
	}
	/* gocc_after's timer still holds c: as in Go, the channel lives until
	 * its timer fires. */
	bool later = c->timer;
	c->freed = true;
	chanunlock(c);
	if (!later)
		free(c);
}

void chan_timersend(gocc_chan *c, int64_t now)
{
	chanlock(c);
	c->timer = false;
	if (c->freed) {
		unlock(&c->lock);
		free(c);
		return;
	}
	/* Never block a timer: drop the value if the program filled c. */
	if (c->closed || !sendnow(c, &now))
		chanunlock(c);
}
