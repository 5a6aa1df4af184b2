/*
 * chan.h - the channel object (Go's hchan), its lock, and the moves that
 * chan.c and select.c share, which run with the lock held.
 */
#ifndef GOCC_CHAN_H
#define GOCC_CHAN_H

#include "runtime.h"

#include <stdalign.h>

struct gocc_chan {
	rlock lock;                 /* guards every field below */
	bool closed;
	bool timer;                 /* gocc_after's timer has not fired yet */
	bool freed;                 /* gocc_chan_free came first: the timer frees */
	size_t qcount;              /* values in buf */
	size_t dataqsiz;            /* capacity */
	size_t elemsize;
	size_t sendx, recvx;        /* ring indices into buf */
	waitq recvq, sendq;         /* parked receivers and senders */
	alignas(max_align_t) unsigned char buf[];
};

/* The channel's lock, which TSan cannot see (libgocc is not instrumented):
 * tell it that each operation on c synchronises with the previous one. */
static inline void chanlock(gocc_chan *c)
{
	lockwithrank(&c->lock, LOCKRANK_HCHAN);
	san_acquire(c);
}

static inline void chanunlock(gocc_chan *c)
{
	san_release(c);
	unlock(&c->lock);
}

/* Hand the value at elem to the parked receiver sg, or to the buffer if
 * there is room; returns the G to ready once c is unlocked, or NULL. */
G *chan_sendto(gocc_chan *c, sudog *sg, const void *elem);
/* Take a value from the parked sender sg (through the buffer if it is full)
 * into elem; returns the G to ready once c is unlocked. */
G *chan_recvfrom(gocc_chan *c, sudog *sg, void *elem);
/* Move the buffer's head into elem (NULL: discard). */
void chan_bufrecv(gocc_chan *c, void *elem);
/* Append elem to the buffer, which has room. */
void chan_bufsend(gocc_chan *c, const void *elem);
/* A zero value for a receive from a closed, drained channel. */
void chan_zero(gocc_chan *c, void *elem);

/* gocc_after's timer fired: deliver now, or free c if its owner let go. */
void chan_timersend(gocc_chan *c, int64_t now);

/* Is sg still queued on q?  (A select's losing sudogs may have been
 * skipped off their queue by a waker that lost the selectdone race.) */
static inline bool waitq_contains(waitq *q, sudog *sg)
{
	return sg->prev != NULL || q->first == sg;
}

#endif /* GOCC_CHAN_H */
