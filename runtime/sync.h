/*
 * sync.h - the runtime side of the sync objects: how their private state
 * lives in the public structs, and a counting semaphore that parks
 * goroutines on its own queue (Go's semacquire/semrelease, without the
 * global table: see the wait queues in runtime.h).
 */
#ifndef GOCC_SYNC_H
#define GOCC_SYNC_H

#include "runtime.h"

/*
 * Each sync object in gocc.h is opaque storage, and its file defines the
 * runtime's struct that fills it (as libdill's storage structs):
 * PRIVATE_OF(pub, priv) gives that file private_of(), from the public
 * object to its state, and fails the build unless priv fits pub's size
 * and alignment.  Zeroed storage is a ready object, so every struct must
 * start valid at all zeroes.
 */
#define PRIVATE_OF(pub, priv)						\
	_Static_assert(sizeof(priv) <= sizeof(pub), #priv " fits " #pub); \
	_Static_assert(_Alignof(priv) <= _Alignof(pub), #priv " aligns as " #pub); \
	static inline priv *private_of(pub *p)				\
	{								\
		return (priv *)(void *)p;				\
	}

/* A semaphore, inside the state of a mutex or an rwmutex. */
typedef struct sema {
	_Atomic uint32_t count;
	_Atomic uint32_t nwait;     /* parked or about to park */
	rlock lock;                 /* guards q */
	waitq q;
} sema;

/* Wait until count > 0, then decrement it.  lifo: queue at the front (a
 * waiter that was woken once and lost the race again). */
void semacquire(sema *s, bool lifo, enum waitreason why);
/* Increment count and wake a waiter; handoff: give the count straight to
 * that waiter, so no newcomer can take it first. */
void semrelease(sema *s, bool handoff);

#endif /* GOCC_SYNC_H */
