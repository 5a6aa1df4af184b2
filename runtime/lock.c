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

/* An exchange, not a store: a sleeper clears its note and then looks once
 * more for what a wakeup brings (stopm's nextp), and if that look passed
 * the clear, the clear could land after the wakeup and erase it: the M
 * sleeps for good, its P handed to it.  A seq_cst store and load would do
 * in C, and do on AArch64 (stlr, ldar), but qemu-user runs them on its
 * x86 host as a plain store and load, which pass; an RMW runs there as a
 * locked instruction, which no load passes. */
void noteclear(note *n)
{
	atomic_exchange(&n->key, 0);
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

#ifdef GOCC_LOCKRANK
/*
 * The lock order check (Go's lockrank_on.go), in the debug build: each
 * thread, M or the program's own, keeps the locks it holds, and a lock is
 * taken only if its rank may hold every one of them (runtime.h).
 */
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t mayhold;
} ranks[] = {
#define X(rank, name, mayhold) [LOCKRANK_##rank] = {name, mayhold},
	LOCKRANKS(X)
#undef X
};

/* A rank may hold only itself and earlier ranks: the list is an order. */
#define X(rank, name, mayhold) _Static_assert(((mayhold) & -(MAYHOLD(rank) << 1)) == 0, \
	"lock rank " #rank " may hold a later rank");
LOCKRANKS(X)
#undef X

/* Locks held, in the order taken.  A select's channels, taken one after
 * another in address order, share one entry [lo, hi]: a select may hold
 * thousands. */
enum { MAXHELD = 16 };
static __thread struct held {
	rlock *lo, *hi;
	enum lockrank rank;
	uint32_t n;
} held[MAXHELD];
static __thread int nheld;

static enum lockrank rankbyaddr(rlock *l)
{
	if (l == &sched.lock)
		return LOCKRANK_SCHED;
	if (l == &sched.gfreelock)
		return LOCKRANK_GFREE;
	if (l == &initlock)
		return LOCKRANK_INIT;
	if (l == &slablock)
		return LOCKRANK_SLAB;
	if (l == &stacklock)
		return LOCKRANK_STACK;
	for (int32_t i = 0; i < MAXPROCS_LIMIT; i++) {
		P *p = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
		if (!p)
			break;
		if (l == &p->timerslock)
			return LOCKRANK_TIMERS;
	}
	return LOCKRANK_LEAF;
}

/* "sched.lock at 0x..." */
static const char *lockname(char *buf, size_t n, rlock *l, enum lockrank rank)
{
	if (l)
		snprintf(buf, n, "%s at %p (rank %d)", ranks[rank].name, (void *)l, rank);
	else
		snprintf(buf, n, "%s (rank %d)", ranks[rank].name, rank);
	return buf;
}

static void check(rlock *l, enum lockrank rank, const char *verb)
{
	char a[80], b[80];

	for (int i = 0; i < nheld; i++) {
		struct held *h = &held[i];
		if (!(ranks[rank].mayhold & (1u << h->rank)) ||
		    (h->rank == rank && l <= h->hi))
			fatal("lock ordering problem: %s %s while holding %s", verb,
			      lockname(a, sizeof a, l, rank),
			      lockname(b, sizeof b, h->hi, h->rank));
	}
}

void lockrank_acquire(rlock *l, enum lockrank rank)
{
	if (rank == LOCKRANK_GLOBAL)
		rank = rankbyaddr(l);
	check(l, rank, "taking");
	/* Past check, a rank equal to the last is a select's next channel. */
	if (nheld > 0 && held[nheld - 1].rank == rank) {
		held[nheld - 1].hi = l;
		held[nheld - 1].n++;
		return;
	}
	if (nheld == MAXHELD)
		fatal("lock ordering problem: more than %d locks held", MAXHELD);
	held[nheld++] = (struct held){l, l, rank, 1};
}

void lockrank_release(rlock *l)
{
	int i = nheld - 1;

	while (i >= 0 && !(held[i].lo <= l && l <= held[i].hi))
		i--;
	if (i < 0)
		fatal("lock ordering problem: unlock of %p, which this thread does not hold",
		      (void *)l);
	if (--held[i].n > 0)
		return;
	memmove(&held[i], &held[i + 1], (size_t)(nheld - i - 1) * sizeof held[0]);
	nheld--;
}

void lockrank_mayacquire(enum lockrank rank)
{
	check(NULL, rank, "may take");
}
#endif
