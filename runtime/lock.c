/*
 * lock.c - the runtime's own lock and notes, on Linux futexes (Go's
 * lock_futex.go).  A lock is one word, so channels and sync objects can
 * embed it; a note is a one-shot wakeup an idle thread sleeps on.
 */
#include "runtime.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { SPIN = 100 };

static void futexsleep(_Atomic uint32_t *addr, uint32_t val, const struct timespec *abs)
{
	/* FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline. */
	syscall(SYS_futex, addr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, val,
		abs, NULL, FUTEX_BITSET_MATCH_ANY);
}

static void futexwake(_Atomic uint32_t *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}

/* The uncontended cases are inline in runtime.h. */
void lock_slow(rlock *l)
{
	uint32_t c;

	for (int i = 0; i < SPIN; i++) {
		cpu_relax();
		c = UNLOCKED;
		if (atomic_load_explicit(&l->key, memory_order_relaxed) == UNLOCKED &&
		    atomic_compare_exchange_weak_explicit(&l->key, &c, LOCKED,
				memory_order_acquire, memory_order_relaxed))
			return;
	}
	/* Drepper's "Futexes are tricky", mutex 2. */
	while (atomic_exchange_explicit(&l->key, CONTENDED, memory_order_acquire) != UNLOCKED)
		futexsleep(&l->key, CONTENDED, NULL);
}

void unlock_wake(rlock *l)
{
	futexwake(&l->key, 1);
}

void noteclear(note *n)
{
	atomic_store(&n->key, 0);
}

void notewakeup(note *n)
{
	atomic_store(&n->key, 1);
	futexwake(&n->key, 1);
}

void notesleep(note *n)
{
	notetsleep(n, -1);
}

bool notetsleep(note *n, int64_t deadline)
{
	struct timespec abs = { deadline / 1000000000, deadline % 1000000000 };

	while (atomic_load(&n->key) == 0) {
		if (deadline >= 0 && nanotime() >= deadline)
			return false;
		futexsleep(&n->key, 0, deadline >= 0 ? &abs : NULL);
	}
	return true;
}
