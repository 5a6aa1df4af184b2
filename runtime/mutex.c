/*
 * mutex.c - gocc_mutex, Go's sync.Mutex.
 *
 * state holds the locked bit, a woken bit (an unlocker has woken a waiter,
 * so others need not), a starving bit, and the number of waiters above
 * them.  In normal mode a woken waiter competes with newcomers, which
 * usually win: they are already running.  A waiter that has waited over
 * 1 ms switches the mutex to starvation mode, where unlock hands it
 * straight to the oldest waiter and newcomers queue behind; the mode ends
 * when the waiter that takes the lock is the last or waited under 1 ms.
 */
#include "sync.h"

struct mutex {
	_Atomic int32_t state;
	sema sema;
};
PRIVATE_OF(gocc_mutex, struct mutex)

enum {
	MUTEX_LOCKED = 1,
	MUTEX_WOKEN = 2,
	MUTEX_STARVING = 4,
	MUTEX_WAITERSHIFT = 3,
};

#define STARVATION_NS 1000000

/* Spin only while it can pay off: a few rounds, on a multicore run with
 * another P running (maybe the holder) and nothing else for us to run. */
static bool canspin(int iter)
{
	M *m = getm();

	if (iter >= 4 || !m || !m->p)
		return false;
	if (atomic_load(&sched.gomaxprocs) <=
	    atomic_load(&sched.npidle) + atomic_load(&sched.nmspinning) + 1)
		return false;
	return runqempty(m->p);
}

static void dospin(void)
{
	for (int i = 0; i < 30; i++)
		cpu_relax();
}

static void lockslow(struct mutex *mu)
{
	_Atomic int32_t *state = &mu->state;
	int64_t waitstart = 0;
	bool starving = false, awoke = false;
	int iter = 0;
	int32_t old = atomic_load(state);

	for (;;) {
		/* Locked in normal mode: spin, and set the woken bit so the
		 * unlocker wakes nobody while we are about to take it. */
		if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == MUTEX_LOCKED && canspin(iter)) {
			if (!awoke && !(old & MUTEX_WOKEN) && old >> MUTEX_WAITERSHIFT &&
			    atomic_compare_exchange_strong(state, &old, old | MUTEX_WOKEN))
				awoke = true;
			dospin();
			iter++;
			old = atomic_load(state);
			continue;
		}
		int32_t new = old;
		if (!(old & MUTEX_STARVING))
			new |= MUTEX_LOCKED;    /* newcomers never take a starving mutex */
		if (old & (MUTEX_LOCKED | MUTEX_STARVING))
			new += 1 << MUTEX_WAITERSHIFT;
		if (starving && (old & MUTEX_LOCKED))
			new |= MUTEX_STARVING;
		if (awoke) {
			if (!(new & MUTEX_WOKEN))
				throw("sync: inconsistent mutex state");
			new &= ~MUTEX_WOKEN;
		}
		if (!atomic_compare_exchange_strong(state, &old, new))
			continue;
		if (!(old & (MUTEX_LOCKED | MUTEX_STARVING)))
			return;                 /* took it */
		/* Waited before: back to the front of the queue. */
		bool lifo = waitstart != 0;
		if (!waitstart)
			waitstart = nanotime();
		semacquire(&mu->sema, lifo, WAIT_MUTEX);
		starving = starving || nanotime() - waitstart > STARVATION_NS;
		old = atomic_load(state);
		if (old & MUTEX_STARVING) {
			/* Handed to us: take it and leave the waiter count. */
			if ((old & (MUTEX_LOCKED | MUTEX_WOKEN)) || !(old >> MUTEX_WAITERSHIFT))
				throw("sync: inconsistent mutex state");
			int32_t delta = MUTEX_LOCKED - (1 << MUTEX_WAITERSHIFT);
			if (!starving || old >> MUTEX_WAITERSHIFT == 1)
				delta -= MUTEX_STARVING;
			atomic_fetch_add(state, delta);
			return;
		}
		awoke = true;
		iter = 0;
	}
}

void gocc_mutex_lock(gocc_mutex *pub)
{
	struct mutex *mu = private_of(pub);
	int32_t unlocked = 0;

	if (!atomic_compare_exchange_strong(&mu->state, &unlocked, MUTEX_LOCKED))
		lockslow(mu);
	san_acquire(mu);
}

bool gocc_mutex_trylock(gocc_mutex *pub)
{
	struct mutex *mu = private_of(pub);
	_Atomic int32_t *state = &mu->state;
	int32_t old = atomic_load(state);

	if (old & (MUTEX_LOCKED | MUTEX_STARVING))
		return false;
	if (!atomic_compare_exchange_strong(state, &old, old | MUTEX_LOCKED))
		return false;
	san_acquire(mu);
	return true;
}

static void unlockslow(struct mutex *mu, int32_t new)
{
	_Atomic int32_t *state = &mu->state;

	if (!((new + MUTEX_LOCKED) & MUTEX_LOCKED))
		fatal("sync: unlock of unlocked mutex");
	if (new & MUTEX_STARVING) {
		semrelease(&mu->sema, true);
		return;
	}
	/* Wake one waiter, unless there is none or someone already took the
	 * lock, was woken, or starved it. */
	int32_t old = new;
	while (old >> MUTEX_WAITERSHIFT &&
	       !(old & (MUTEX_LOCKED | MUTEX_WOKEN | MUTEX_STARVING))) {
		new = (old - (1 << MUTEX_WAITERSHIFT)) | MUTEX_WOKEN;
		if (atomic_compare_exchange_strong(state, &old, new)) {
			semrelease(&mu->sema, false);
			return;
		}
	}
}

void gocc_mutex_unlock(gocc_mutex *pub)
{
	struct mutex *mu = private_of(pub);

	san_release(mu);
	int32_t new = atomic_fetch_sub(&mu->state, MUTEX_LOCKED) - MUTEX_LOCKED;
	if (new != 0)
		unlockslow(mu, new);
}
