/*
 * sync.h - the runtime side of the sync objects: a counting semaphore that
 * parks goroutines on its own queue (Go's semacquire/semrelease, without
 * the global table: see the wait queues in runtime.h).
 */
#ifndef GOCC_SYNC_H
#define GOCC_SYNC_H

#include "runtime.h"

/* The runtime's view of struct gocc_semaphore in gocc.h. */
typedef struct sema {
	_Atomic uint32_t count;
	_Atomic uint32_t nwait;     /* parked or about to park */
	rlock lock;                 /* guards q */
	waitq q;
} sema;

static inline sema *semaof(struct gocc_semaphore *s)
{
	return (sema *)s;
}

/* Wait until count > 0, then decrement it.  lifo: queue at the front (a
 * waiter that was woken once and lost the race again). */
void semacquire(sema *s, bool lifo, enum waitreason why);
/* Increment count and wake a waiter; handoff: give the count straight to
 * that waiter, so no newcomer can take it first. */
void semrelease(sema *s, bool handoff);

#endif /* GOCC_SYNC_H */
