/*
 * runq.c - where runnable goroutines wait (Go's runqput/runqget/runqsteal
 * and the global queue in proc.go).
 *
 * Each P has a 256-slot ring that only its owner puts into and anybody
 * takes from (lock-free: head is advanced by CAS), plus runnext: a G
 * readied by the running G runs next and inherits its time slice, so a
 * communicating pair runs as a unit.  A full ring moves half of itself to
 * the global queue, a FIFO of chunks of G pointers under sched.lock.
 */
#include "runtime.h"

#include <stdlib.h>
#include <unistd.h>

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define SLOT(p, i) ((p)->runq[(i) % RUNQ_SIZE])

static bool casrunqhead(P *p, uint32_t h, uint32_t nh)
{
	return atomic_compare_exchange_strong_explicit(&p->runqhead, &h, nh,
		memory_order_release, memory_order_relaxed);
}

/* The ring is full: move half of it and g to the global queue. */
static bool runqputslow(P *p, G *g, uint32_t h, uint32_t t)
{
	G *batch[RUNQ_SIZE / 2 + 1];
	uint32_t n = (t - h) / 2;

	for (uint32_t i = 0; i < n; i++)
		batch[i] = __atomic_load_n(&SLOT(p, h + i), __ATOMIC_RELAXED);
	if (!casrunqhead(p, h, h + n))
		return false;
	batch[n] = g;
	lock(&sched.lock);
	globrunqputbatch(batch, n + 1);
	unlock(&sched.lock);
	return true;
}

void runqputtail(P *p, G *g)
{
	for (;;) {
		uint32_t h = LOAD(p->runqhead);
		uint32_t t = p->runqtail;
		if (t - h < RUNQ_SIZE) {
			__atomic_store_n(&SLOT(p, t), g, __ATOMIC_RELAXED);
			STORE(p->runqtail, t + 1);
			return;
		}
		if (runqputslow(p, g, h, t))
			return;
	}
}

G *runqget(P *p, bool *inherit)
{
	G *next = atomic_load_explicit(&p->runnext, memory_order_relaxed);

	if (next && atomic_compare_exchange_strong(&p->runnext, &next, NULL)) {
		*inherit = true;
		return next;
	}
	*inherit = false;
	return runqgetring(p);
}

G *runqgetring(P *p)
{
	for (;;) {
		uint32_t h = LOAD(p->runqhead);
		uint32_t t = p->runqtail;
		if (t == h)
			return NULL;
		G *g = __atomic_load_n(&SLOT(p, h), __ATOMIC_RELAXED);
		if (casrunqhead(p, h, h + 1)) {
			/* The next G was most likely made on another P: start
			 * moving its line over while g runs. */
			if (t - h > 1)
				__builtin_prefetch(__atomic_load_n(&SLOT(p, h + 1),
					__ATOMIC_RELAXED), 1);
			return g;
		}
	}
}

bool runqempty(P *p)
{
	for (;;) {
		uint32_t h = LOAD(p->runqhead);
		uint32_t t = LOAD(p->runqtail);
		G *next = atomic_load(&p->runnext);
		if (t == LOAD(p->runqtail))
			return h == t && next == NULL;
	}
}

/* Take half of victim's queue into the ring of p starting at slot `at`. */
static uint32_t runqgrab(P *victim, P *p, uint32_t at, bool stealnext)
{
	for (;;) {
		uint32_t h = LOAD(victim->runqhead);
		uint32_t t = LOAD(victim->runqtail);
		uint32_t n = t - h;
		n -= n / 2;
		if (n == 0) {
			G *next = atomic_load(&victim->runnext);
			if (!stealnext || next == NULL)
				return 0;
			/* The victim most likely readied next and is about to
			 * park; give it a moment to run next itself.  Like Go's
			 * usleep(3), this lasts ~50 us with the default timer
			 * slack, which keeps a thief from splitting a pair that
			 * hands off on one P (spinning 3 us instead made
			 * ping-pong at P=2 40% slower). */
			if (__atomic_load_n(&victim->status, __ATOMIC_RELAXED) == P_RUNNING)
				usleep(3);
			if (!atomic_compare_exchange_strong(&victim->runnext, &next, NULL))
				continue;
			__atomic_store_n(&SLOT(p, at), next, __ATOMIC_RELAXED);
			return 1;
		}
		if (n > RUNQ_SIZE / 2)
			continue;       /* read h and t at different times */
		for (uint32_t i = 0; i < n; i++)
			__atomic_store_n(&SLOT(p, at + i),
				__atomic_load_n(&SLOT(victim, h + i), __ATOMIC_RELAXED),
				__ATOMIC_RELAXED);
		if (casrunqhead(victim, h, h + n))
			return n;
	}
}

G *runqsteal(P *p, P *victim, bool stealnext)
{
	uint32_t t = p->runqtail;
	uint32_t n = runqgrab(victim, p, t, stealnext);

	if (n == 0)
		return NULL;
	G *g = __atomic_load_n(&SLOT(p, t + n - 1), __ATOMIC_RELAXED);
	if (n > 1)
		STORE(p->runqtail, t + n - 1);
	return g;
}

/*
 * The global queue is a FIFO of chunks of G pointers rather than Go's list
 * through schedlink: a G that waited there has usually gone cold, and
 * walking a share of 128 cold Gs one pointer at a time under sched.lock
 * cost a spawn storm at P=2 about 100 ns a goroutine and put the spawning
 * P to sleep on the lock.  Taking a share copies pointers instead.
 */
enum { GCHUNK_SIZE = 128 };

struct gchunk {
	struct gchunk *next;
	uint32_t head, tail;        /* g[head, tail) are queued */
	G *g[GCHUNK_SIZE];
};

static struct gchunk *chunkappend(void)
{
	struct gchunk *c = sched.chunkfree;

	if (c)
		sched.chunkfree = c->next;
	else if (!(c = malloc(sizeof *c)))
		fatal("out of memory queueing goroutines");
	c->next = NULL;
	c->head = c->tail = 0;
	if (sched.runqtail)
		sched.runqtail->next = c;
	else
		sched.runqhead = c;
	sched.runqtail = c;
	return c;
}

void globrunqput(G *g)
{
	globrunqputbatch(&g, 1);
}

void globrunqputbatch(G *const *gs, int32_t n)
{
	atomic_fetch_add(&sched.runqsize, n);
	while (n > 0) {
		struct gchunk *c = sched.runqtail;
		if (!c || c->tail == GCHUNK_SIZE)
			c = chunkappend();
		uint32_t k = GCHUNK_SIZE - c->tail;
		if (k > (uint32_t)n)
			k = (uint32_t)n;
		gcopy(&c->g[c->tail], gs, (int32_t)k);
		c->tail += k;
		gs += k;
		n -= (int32_t)k;
	}
}

static G *globrunqpop(void)
{
	struct gchunk *c = sched.runqhead;
	G *g = c->g[c->head++];

	if (c->head == c->tail) {
		sched.runqhead = c->next;
		if (!sched.runqhead)
			sched.runqtail = NULL;
		c->next = sched.chunkfree;
		sched.chunkfree = c;
	}
	return g;
}

/* Take a fair share of the global queue: one G to run, the rest onto p. */
G *globrunqget(P *p, int32_t max)
{
	int32_t size = atomic_load(&sched.runqsize);

	if (size == 0)
		return NULL;
	int32_t n = size / atomic_load(&sched.gomaxprocs) + 1;
	if (n > size)
		n = size;
	if (max > 0 && n > max)
		n = max;
	if (n > RUNQ_SIZE / 2)
		n = RUNQ_SIZE / 2;
	atomic_fetch_sub(&sched.runqsize, n);
	G *g = globrunqpop();
	for (int32_t i = 1; i < n; i++)
		runqput(p, globrunqpop(), false);
	return g;
}
