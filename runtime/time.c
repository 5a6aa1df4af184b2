/*
 * time.c - timers (Go's time.go): each P keeps its timers in a 4-ary
 * min-heap by deadline under its timerslock.  The scheduler runs a P's due
 * timers on g0 in every round (checktimers) and an idle M sleeps until the
 * earliest deadline (timers_earliest), so a sleeping goroutine costs no
 * thread.  Timer functions run on g0 and never park.
 */
#include "chan.h"

#include <stdlib.h>
#include <time.h>

/* Each P's earliest deadline (0: no timers), read without its lock by
 * timers_earliest, which may run under the scheduler's lock. */
static _Atomic int64_t timer0when[MAXPROCS_LIMIT];

static void siftup(struct timer **h, int i)
{
	struct timer *t = h[i];

	while (i > 0) {
		int parent = (i - 1) / 4;
		if (t->when >= h[parent]->when)
			break;
		h[i] = h[parent];
		h[i]->idx = i;
		i = parent;
	}
	h[i] = t;
	t->idx = i;
}

static void siftdown(struct timer **h, int n, int i)
{
	struct timer *t = h[i];

	for (;;) {
		int c = 4 * i + 1, best = c;
		if (c >= n)
			break;
		for (int j = c + 1; j < c + 4 && j < n; j++)
			if (h[j]->when < h[best]->when)
				best = j;
		if (h[best]->when >= t->when)
			break;
		h[i] = h[best];
		h[i]->idx = i;
		i = best;
	}
	h[i] = t;
	t->idx = i;
}

/* p->timerslock held. */
static void publish(P *p)
{
	atomic_store(&timer0when[p->id], p->ntimers ? p->timers[0]->when : 0);
}

/* p->timerslock held: take the timer at heap index i out of p's heap. */
static void removeat(P *p, int i)
{
	struct timer *t = p->timers[i];

	atomic_store_explicit(&t->p, NULL, memory_order_relaxed);
	/* Read without the lock by the scheduler, as a hint. */
	__atomic_store_n(&p->ntimers, p->ntimers - 1, __ATOMIC_RELAXED);
	if (i == p->ntimers)
		return;
	struct timer *last = p->timers[p->ntimers];
	p->timers[i] = last;
	last->idx = i;
	siftdown(p->timers, p->ntimers, i);
	siftup(p->timers, last->idx);
}

/* Take t off its heap if it has not fired; if it has, wait until its
 * function has called timerdone, so that t can go out of scope.  A timer
 * between heaps (movetimers) has no heap for a moment: wait for it too. */
void deltimer(struct timer *t)
{
	for (;;) {
		P *p = atomic_load(&t->p);
		if (!p) {
			if (!atomic_load_explicit(&t->live, memory_order_acquire))
				return;
			cpu_relax();
			continue;
		}
		lock(&p->timerslock);
		if (atomic_load_explicit(&t->p, memory_order_relaxed) == p) {
			removeat(p, t->idx);
			publish(p);
			atomic_store_explicit(&t->live, false, memory_order_relaxed);
			unlock(&p->timerslock);
			return;
		}
		unlock(&p->timerslock);
	}
}

void timerdone(struct timer *t)
{
	atomic_store_explicit(&t->live, false, memory_order_release);
}

/* Onto p's heap; p->timerslock held. */
static void timerput(P *p, struct timer *t)
{
	if (p->ntimers == p->timerscap) {
		int cap = p->timerscap ? 2 * p->timerscap : 16;
		struct timer **h = realloc(p->timers, cap * sizeof *h);
		if (!h)
			fatal("out of memory for %d timers", cap);
		p->timers = h;
		p->timerscap = cap;
	}
	p->timers[p->ntimers] = t;
	atomic_store_explicit(&t->p, p, memory_order_relaxed);
	siftup(p->timers, p->ntimers);
	__atomic_store_n(&p->ntimers, p->ntimers + 1, __ATOMIC_RELAXED);
}

/* Onto the current P's heap; a thread outside the scheduler uses P 0's. */
void addtimer(struct timer *t)
{
	M *m = getm();
	P *p = m && m->p ? m->p : allp[0];

	san_release(t);         /* arming happens before firing */
	atomic_store_explicit(&t->live, true, memory_order_relaxed);
	lock(&p->timerslock);
	timerput(p, t);
	publish(p);
	unlock(&p->timerslock);
	timer_added(t->when);
}

void movetimers(P *p)
{
	P *to = allp[0];

	lock(&p->timerslock);
	struct timer **h = p->timers;
	int32_t n = p->ntimers;
	if (n == 0) {
		unlock(&p->timerslock);
		return;
	}
	for (int32_t i = 0; i < n; i++)    /* deltimer waits for them */
		atomic_store_explicit(&h[i]->p, NULL, memory_order_relaxed);
	p->timers = NULL;
	p->ntimers = p->timerscap = 0;
	publish(p);
	unlock(&p->timerslock);
	int64_t first = h[0]->when;     /* once on `to`, a timer may fire */
	lock(&to->timerslock);
	for (int32_t i = 0; i < n; i++)
		timerput(to, h[i]);
	publish(to);
	unlock(&to->timerslock);
	free(h);
	timer_added(first);
}

void checktimers(P *p, int64_t now)
{
	int64_t next = atomic_load(&timer0when[p->id]);

	if (next == 0 || next > now)
		return;
	lock(&p->timerslock);
	while (p->ntimers && p->timers[0]->when <= now) {
		struct timer *t = p->timers[0];
		removeat(p, 0);
		publish(p);
		/* f may free t or wake the goroutine whose stack holds it. */
		unlock(&p->timerslock);
		san_acquire(t);
		t->f(t, now);
		lock(&p->timerslock);
	}
	unlock(&p->timerslock);
}

int64_t timerdue(P *p)
{
	return atomic_load(&timer0when[p->id]);
}

int64_t timers_earliest(void)
{
	int64_t min = -1;
	/* Relaxed: timer0when is a fixed array, not the Ps themselves. */
	int32_t n = __atomic_load_n(&sched.nallp, __ATOMIC_RELAXED);

	for (int i = 0; i < n; i++) {
		int64_t when = atomic_load(&timer0when[i]);
		if (when && (min < 0 || when < min))
			min = when;
	}
	return min;
}

int64_t nanotime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t nanotime_coarse(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t gocc_nanotime(void)
{
	return nanotime();
}

/* Deadlines saturate instead of wrapping. */
int64_t deadline(int64_t ns)
{
	int64_t now = nanotime();

	return ns > INT64_MAX - now ? INT64_MAX : now + ns;
}

void gocc_sleep(int64_t ns)
{
	if (ns > 0)
		sleepuntil(deadline(ns));
}

static void afterfire(struct timer *t, int64_t now)
{
	chan_timersend(t->arg, now);
	free(t);
}

gocc_chan *gocc_after(int64_t ns)
{
	getg();         /* the runtime, and P 0, exist from here on */
	gocc_chan *c = gocc_chan_make(sizeof(int64_t), 1);
	struct timer *t = malloc(sizeof *t);
	if (!t)
		fatal("gocc_after: out of memory");
	*t = (struct timer){.when = deadline(ns), .f = afterfire, .arg = c};
	c->timer = true;
	addtimer(t);
	return c;
}
