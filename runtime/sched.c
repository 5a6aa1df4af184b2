/*
 * sched.c - how goroutines take turns (Go's schedule, findrunnable, park
 * and ready): the loop every M runs, where it looks for work, and the
 * protocol by which a running G leaves its M (park, yield or exit).
 *
 * Every M loops on its g0 stack in schedloop: findrunnable (local runnext
 * and ring, global queue every 61 ticks and when local is empty, timers,
 * stealing half of another P's ring), then switchto, which switches to
 * the G.
 *
 * Leaving.  A G that parks, yields or exits cannot finish doing so on its
 * own stack: until it is off that stack, nobody may run it again (on
 * another M), free its stack, or see it parked.  So it writes what it asks
 * for into its M (m->pending, m->mcallop, m->waitunlockf) and switches
 * away, and whatever runs next on that M finishes it (finishpending):
 *
 *      G (parking, holding the object's lock l)
 *        | m->pending = G, m->waitunlockf = unlock l
 *        |
 *        +-- handoff: runnext or ring head is ready, nothing else due
 *        |     switch G --> next G; next G calls finishpending():
 *        |        G is WAITING, then unlock(l); next G runs on
 *        |
 *        +-- otherwise, mcall:
 *              switch G --> g0; g0 calls finishpending():
 *                 G is WAITING, then unlock(l); g0 runs findrunnable
 *
 * The lock is dropped only after G is off its stack and marked waiting,
 * so a waker that takes l and readies G (goready) can never switch to G
 * while G still runs.  If unlockf returns false, G goes straight back on
 * runnext.  Exit works the same way with goexit0 in place of unlockf,
 * which frees the stack G was running on.
 */
#include "runtime.h"

#include <sched.h>

struct sched sched;
P *allp[MAXPROCS_LIMIT];

uint32_t fastrand(void)
{
	static __thread uint64_t state;

	if (state == 0)
		state = (uint64_t)nanotime() * 0x9E3779B97F4A7C15ULL | 1;
	/* wyrand */
	state += 0xa0761d6478bd642fULL;
	__uint128_t r = (__uint128_t)state * (state ^ 0xe7037ed1a0b428dbULL);
	return (uint32_t)((r >> 64) ^ r);
}

uint32_t fastrandn(uint32_t n)
{
	return (uint32_t)(((uint64_t)fastrand() * n) >> 32);
}

static void runalltimers(void)
{
	int64_t now = nanotime();
	int32_t n = __atomic_load_n(&sched.nallp, __ATOMIC_ACQUIRE);

	for (int32_t i = 0; i < n; i++) {
		P *p = allp[i];
		if (__atomic_load_n(&p->ntimers, __ATOMIC_RELAXED) > 0)
			checktimers(p, now);
	}
}

/* How many of allp a thief looks at (sched.nretiring).  gocc_maxprocs
 * stores nretiring before gomaxprocs, so reading them the other way round
 * never sees the smaller count without its retiring Ps. */
static int32_t stealbound(void)
{
	int32_t n = atomic_load(&sched.gomaxprocs);

	if (atomic_load(&sched.nretiring) > 0)
		n = __atomic_load_n(&sched.nallp, __ATOMIC_ACQUIRE);
	return n;
}

static G *stealwork(M *m)
{
	int32_t n = stealbound();

	for (int pass = 0; pass < 4; pass++) {
		bool last = pass == 3;
		uint32_t start = fastrandn((uint32_t)n);
		for (int32_t k = 0; k < n; k++) {
			/* gocc_maxprocs removed our P: Gs stolen onto it now would
			 * wait out of every stealer's sight while it runs one
			 * (Go's stealWork stops here for a stop-the-world). */
			if (m->p->id >= atomic_load(&sched.gomaxprocs))
				return NULL;
			P *v = allp[(start + (uint32_t)k) % (uint32_t)n];
			uint32_t s = atomic_load_explicit(&v->status, memory_order_relaxed);
			if (v == m->p || (s != P_RUNNING && s != P_SYSCALL))
				continue;
			G *g = runqsteal(m->p, v, last);
			if (g)
				return g;
		}
	}
	return NULL;
}

static void resetspinning(M *m)
{
	m->spinning = false;
	atomic_fetch_sub(&sched.nmspinning, 1);
	wakep();
}

/* globrunqget, taking the lock only if the global queue has work. */
static G *globget(P *p, int32_t max)
{
	if (atomic_load(&sched.runqsize) == 0)
		return NULL;
	lock(&sched.lock);
	G *g = globrunqget(p, max);
	unlock(&sched.lock);
	return g;
}

static bool ready(P *p, G *g, bool next);

void injectlist(P *p, G *list)
{
	if (!list)
		return;
	while (list) {
		G *g = list;
		list = g->schedlink;
		g->schedlink = NULL;
		TRACE(p, g, EV_UNPARK);
		ready(p, g, false);
	}
	wakep();
}

/* Poll the network without waiting, if some G waits on it and no M is
 * blocked polling it already; the Gs it readies go to p. */
static void pollnow(P *p)
{
	if (atomic_load_explicit(&netpoll_waiters, memory_order_relaxed) > 0 &&
	    !atomic_load_explicit(&sched.polling, memory_order_relaxed))
		injectlist(p, netpoll(0));
}

/* Goroutines that keep readying each other would inherit one time slice
 * forever, and with no preemption (Go's sysmon ends a slice after 10 ms)
 * the rest of the queues would starve.  So after INHERIT_MAX inherited
 * runs (a few hundred microseconds of hand-offs) the head of the ring gets
 * a turn, or if the ring is empty the global queue: yielders and the
 * goroutines of threads wait there, and inherited runs never advance
 * schedtick towards its turn.  runnext keeps its place and the cap is high
 * because reordering a pipeline often costs it dearly (at 64 the prime
 * sieve ran 40% slower). */
static G *endslice(P *p)
{
	p->inherited = 0;
	G *g = runqgetring(p);
	return g ? g : globget(p, 0);
}

static G *findrunnable(M *m, bool *inherit)
{
	G *g;

top:
	if (!m->p) {
		if (m->preempted)       /* its G ran without a P: wait for one */
			preemptdone(m);
		stopm(m);
	}
	P *p = m->p;
	if (p->id >= atomic_load(&sched.gomaxprocs)) {
		retirep(m);
		goto top;
	}
	*inherit = false;
	p->now = nanotime_coarse();
	if (__atomic_load_n(&p->ntimers, __ATOMIC_RELAXED) > 0)
		checktimers(p, nanotime());
	if (p->schedtick % GLOBAL_RUNQ_TICK == 0) {
		/* Neither the global queue nor the network waits for the
		 * local queue to drain.  But the network only while the
		 * global queue is empty: under load what it readies would
		 * keep the ring full, and the Gs that overflowed to the global
		 * queue would get one turn in 61 for ever (p99 of 0.6 s at
		 * 500 connections). */
		if (atomic_load_explicit(&sched.runqsize, memory_order_relaxed) == 0)
			pollnow(p);
		if ((g = globget(p, 1)) != NULL)
			return g;
	}
	if (p->inherited >= INHERIT_MAX && (g = endslice(p)) != NULL)
		return g;
	if ((g = runqget(p, inherit)) != NULL)
		return g;
	if ((g = globget(p, 0)) != NULL)
		return g;
	pollnow(p);
	if ((g = runqget(p, inherit)) != NULL)
		return g;
	int32_t procs = atomic_load(&sched.gomaxprocs);
	if (m->spinning || 2 * atomic_load(&sched.nmspinning) <
			   procs - atomic_load(&sched.npidle)) {
		if (!m->spinning) {
			m->spinning = true;
			atomic_fetch_add(&sched.nmspinning, 1);
		}
		if ((g = stealwork(m)) != NULL)
			return g;
	}
	/* Timers of every P, the idle ones included, before sleeping. */
	runalltimers();
	if ((g = runqget(p, inherit)) != NULL)
		return g;

	lock(&sched.lock);
	if (atomic_load(&sched.runqsize) > 0) {
		g = globrunqget(p, 0);
		unlock(&sched.lock);
		return g;
	}
	if (p->id >= atomic_load(&sched.gomaxprocs)) {
		unlock(&sched.lock);    /* retired while we looked */
		goto top;
	}
	pidleput(releasep(m));
	unlock(&sched.lock);

	/* Stop spinning, then look again: a G readied between our last look
	 * and the decrement would otherwise wait for nobody, since its waker
	 * saw us spinning and woke no one (Go's "delicate dance"; the seq_cst
	 * decrement is the StoreLoad).  The global queue too: threads without
	 * a P put there what they ready or spawn.  The P count is read
	 * again after the decrement: gocc_maxprocs may have changed it since
	 * this look began, and a G readied on a P that a waker saw as ours
	 * to find would wait for nobody. */
	bool wasspinning = m->spinning;
	if (m->spinning) {
		m->spinning = false;
		atomic_fetch_sub(&sched.nmspinning, 1);
	}
	bool work = atomic_load(&sched.runqsize) > 0;
	procs = stealbound();
	for (int32_t i = 0; !work && i < procs; i++)
		work = !runqempty(allp[i]);
	if (work) {
		lock(&sched.lock);
		P *q = pidleget();
		unlock(&sched.lock);
		if (q) {
			acquirep(m, q);
			if (wasspinning) {
				m->spinning = true;
				atomic_fetch_add(&sched.nmspinning, 1);
			}
			goto top;
		}
	}
	/* Nothing to run: one M waits for the network (and the next timer),
	 * instead of on its note, while goroutines wait for descriptors. */
	if (atomic_load(&netpoll_waiters) > 0 && !atomic_exchange(&sched.polling, true)) {
		int64_t next = timers_earliest();
		atomic_store(&sched.polluntil, next < 0 ? INT64_MAX : next);
		G *list = netpoll(next);
		atomic_store(&sched.polluntil, 0);
		atomic_store(&sched.polling, false);
		lock(&sched.lock);
		P *q = pidleget();
		unlock(&sched.lock);
		if (q)
			acquirep(m, q);
		injectlist(q, list);
		if (q)
			goto top;
	}
	stopm(m);
	goto top;
}

/* Make g the running G of m, giving it a stack on its first run. */
static inline __attribute__((always_inline)) void prepare(M *m, G *g)
{
	/* Whoever made g runnable happened before this; TSan's fiber switch
	 * carries that on to g. */
	san_acquire(g);
	san_newg(g, false);
	if (g->stk.lo == 0) {
		g->stk = stackalloc(m->p);
		gstartframe(g, g->inlineargs, g->argsiz);
	}
	setstatus(g, G_RUNNING);
	__atomic_store_n(&m->curg, g, __ATOMIC_RELAXED);    /* sysmon reads it */
}

/* Switch from `from` (g0, or a G leaving in handoff) to g.  A G that
 * inherits the time slice counts towards INHERIT_MAX; any other starts a
 * new slice. */
static inline __attribute__((always_inline)) void switchto(M *m, G *from, G *g,
						       bool inherit)
{
	P *p = m->p;

	if (inherit) {
		p->inherited++;
	} else {
		/* sysmon reads it (preempt.c) */
		__atomic_store_n(&p->schedtick, p->schedtick + 1, __ATOMIC_RELAXED);
		p->inherited = 0;
	}
	prepare(m, g);
	san_before_switch(from, g);
	gocc_ctxswitch(&from->sp, g->sp);
	san_after_switch(from);
}

/* On g0, once g has switched away: do what it asked for in mcall. */
static void finish(M *m, G *g)
{
	switch (m->mcallop) {
	case MCALL_EXIT:
		goexit0(m, g);
		break;
	case MCALL_EXITSYSCALL:
		/* Back from a system call to find no P, or about to park
		 * after a preemption: wait in the queue, for a P that sysmon
		 * may be making idle just now. */
		setstatus(g, G_RUNNABLE);
		lock(&sched.lock);
		globrunqput(g);
		unlock(&sched.lock);
		wakep();
		break;
	case MCALL_YIELD:
		setstatus(g, G_RUNNABLE);
		lock(&sched.lock);
		globrunqput(g);
		unlock(&sched.lock);
		if (!m->p)      /* a preempted G: its M waits for a P */
			wakep();
		break;
	case MCALL_PARK:
		setstatus(g, G_WAITING);
		if (m->waitunlockf && !m->waitunlockf(g, m->waitarg)) {
			setstatus(g, G_RUNNABLE);
			if (m->p) {
				runqput(m->p, g, true);
			} else {
				runqputany(NULL, g, false);
				wakep();
			}
		} else {
			addawake(m->p, -1);
		}
		break;
	}
}

/* The G that switched away last left its park, yield or exit to be
 * finished by whatever runs next on that M (g0, or the next G after a
 * handoff), once it is off its stack. */
void finishpending(void)
{
	M *m = getm();
	G *g = m->pending;

	if (g) {
		m->pending = NULL;
		finish(m, g);
	}
}

/* g0 of every M: run Gs forever. */
void schedloop(M *m)
{
	bool inherit;

	for (;;) {
		G *g = findrunnable(m, &inherit);
		if (m->spinning)
			resetspinning(m);
		TRACE(m->p, g, EV_START);
		switchto(m, m->g0, g, inherit);
		/* Not necessarily g: g may have handed off to others. */
		finishpending();
	}
}

/* Switch from the running G to its M's g0, which does `op` (Go's mcall).
 * Returns when the G is scheduled again, possibly on another M. */
void mcall(G *g, int op)
{
	M *m = getm();

	TRACE_SWITCH(m->p, g, op, NULL);
	m->mcallop = op;
	m->pending = g;
	__atomic_store_n(&m->curg, NULL, __ATOMIC_RELAXED);
	san_before_switch(g, m->g0);
	gocc_ctxswitch(&g->sp, m->g0->sp);
	san_after_switch(g);
	finishpending();
}

/* The fast path of park and exit: switch straight to the G that
 * findrunnable would pick, without the round trip through g0, when
 * nothing else is due (timers, the global queue's turn, a retired P).
 * That G is runnext, which inherits the time slice (this halves the
 * switches of a channel hand-off), or else the head of the ring, which
 * starts a new slice. */
static bool handoff(G *g, int op)
{
	M *m = getm();
	P *p = m->p;

	if (!p || __atomic_load_n(&p->ntimers, __ATOMIC_RELAXED) > 0 ||
	    p->id >= atomic_load(&sched.gomaxprocs))
		return false;
	G *next = atomic_load_explicit(&p->runnext, memory_order_relaxed);
	bool inherit = next && p->inherited < INHERIT_MAX &&
		atomic_compare_exchange_strong(&p->runnext, &next, NULL);
	if (!inherit && (p->schedtick % GLOBAL_RUNQ_TICK == 0 ||
			 (next = runqgetring(p)) == NULL))
		return false;
	TRACE_SWITCH(p, g, op, next);
	m->mcallop = op;
	m->pending = g;
	switchto(m, g, next, inherit);
	finishpending();
	return true;
}

/* Called by gocc_gostart on a new goroutine's stack (or M0's g0). */
__attribute__((visibility("hidden"))) void gocc_gostarted(void)
{
	M *m = getm();

	san_after_switch(m->curg ? m->curg : m->g0);
	finishpending();
}

__attribute__((visibility("hidden"), noreturn)) void gocc_goexit1(void)
{
	G *g = getm()->curg;

	g->exiting = true;
	if (!handoff(g, MCALL_EXIT))
		mcall(g, MCALL_EXIT);
	throw("a dead goroutine ran again");
}

/* ---- parking and readying ------------------------------------------- */

void gopark(bool (*unlockf)(G *, void *), void *arg, enum waitreason reason)
{
	G *g = getg();

	g->waitreason = (uint8_t)reason;
	if (g->foreign) {
		g->waitsince = nanotime_coarse();
		noteclear(&g->park);
		setstatus(g, G_WAITING);
		if (unlockf && !unlockf(g, arg)) {
			setstatus(g, G_RUNNING);
			return;
		}
		/* Asleep only now that nothing can undo the park: a waker may
		 * count us awake first, which errs on the side of "not dead". */
		addawake(NULL, -1);
		/* The Ms may all be idle already: nobody else would look. */
		lock(&sched.lock);
		checkdead();
		unlock(&sched.lock);
		notesleep(&g->park);
		san_acquire(g);
		return;
	}
	M *m = getm();
	if (g == m->g0)
		throw("park on the scheduler stack");
	g->waitsince = m->p ? m->p->now : nanotime_coarse();
	m->waitunlockf = unlockf;
	m->waitarg = arg;
	if (!handoff(g, MCALL_PARK))
		mcall(g, MCALL_PARK);
}

static bool unlockrlock(G *g, void *l)
{
	unlock(l);
	return true;
}

void goparkunlock(rlock *l, enum waitreason reason)
{
	gopark(unlockrlock, l, reason);
}

/* Make parked g runnable: on p (in runnext if next) or without one on the
 * global queue, or wake a thread's G; counted awake first.  Returns true
 * if it queued g, for the caller to wake a P. */
static bool ready(P *p, G *g, bool next)
{
	san_release(g);
	g->waitreason = WAIT_NONE;
	addawake(p, 1);
	if (g->foreign) {
		setstatus(g, G_RUNNING);
		notewakeup(&g->park);
		return false;
	}
	setstatus(g, G_RUNNABLE);
	runqputany(p, g, next);
	return true;
}

void goready(G *g)
{
	M *m = getm();

	/* A thread gocc has not seen joins first: a wake-up by a thread that
	 * checkdead does not count awake could come after its look, from a
	 * thread that is gone by the time it counts threads. */
	if (!m && !tls_foreign_g) {
		getg_slow();
		m = getm();
	}
	/* Here and in injectlist, not in ready: there GCC kept ready's
	 * arguments in callee-saved registers for the hook's sake. */
	P *p = m ? m->p : NULL;
	TRACE(p, g, EV_UNPARK);
	if (ready(p, g, true))
		wakep();
}

/* Ready Gs collected through schedlink under an object's lock, once the
 * lock is dropped. */
void goreadylist(G *list)
{
	while (list) {
		G *g = list;
		list = g->schedlink;
		g->schedlink = NULL;
		goready(g);
	}
}

void gocc_yield(void)
{
	G *g = getg();

	if (g->foreign)
		sched_yield();
	else if (g != getm()->g0)
		mcall(g, MCALL_YIELD);
}

