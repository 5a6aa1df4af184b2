/*
 * preempt.c - preemption at safe points: a goroutine that has held its P
 * for 10 ms while other work waits gives the P away at its next safe
 * point, and runs on, on its own thread, without one.
 *
 * Go switches goroutines at a safe point (preemptone, then gopreempt_m).
 * C cannot: the compiler keeps errno's address and __thread values in
 * registers across the check, and pthread mutexes and FILE locks belong
 * to the thread.  Another goroutine on this thread, or this one resumed on
 * another, would write the wrong thread's errno, lose a __thread update,
 * or take a lock this thread holds.  Giving away the P changes nothing the
 * compiled code can see: the P goes to another M (handoffp, as for a
 * system call known to block) and the kernel time-slices the two threads.
 *
 *   sysmon (retake)              the goroutine's thread
 *   P ran one slice 10 ms,
 *   work waits: set its M's  --> safe point: gocc_preemptflag set
 *   gocc_preemptflag             gocc_preempt: P to another M (handoffp),
 *                                m->preempted; return, run on without P
 *   a P is idle: set the     --> safe point: take the idle P back
 *   flag of each M without       or: park, yield or exit; the M's g0
 *   a P                          waits for a P (findrunnable, stopm)
 *
 * Meanwhile the goroutine runs like a program thread's code: what it
 * starts or readies goes on the global queue, its timers on P 0's heap.
 * The safe points are GOCC_SAFEPOINT() (gocc.h), put in by the plugin and
 * by gocc-rewrite --preempt; libgocc itself has none, so none is ever
 * reached with a runtime lock held.
 */
#include "runtime.h"

#include <stdio.h>
#include <unistd.h>

enum {
	FORCE_PREEMPT_NS = 10000000,    /* Go's forcePreemptNS */
	PREEMPT_WARN_NS = 100000000,    /* GOCC_DEBUG=preemptwarn's 100 ms */
};

__thread volatile unsigned char gocc_preemptflag
	__attribute__((tls_model("initial-exec")));

/* Threads running goroutines without a P, at most: past it, the kernel
 * would time-slice more compute threads than there are Ps against the Ps'
 * own, and a P keeps its goroutine instead. */
static int32_t preemptmax(void)
{
	return 2 * atomic_load(&sched.gomaxprocs);
}

/* m's G has parked, yielded or exited without a P: its M is free to wait
 * for one. */
void preemptdone(M *m)
{
	__atomic_store_n(&m->preempted, false, __ATOMIC_RELAXED);
	atomic_fetch_sub(&sched.npreempted, 1);
}

/* m's G runs without a P: take an idle one, on this thread. */
static bool retakep(M *m)
{
	lock(&sched.lock);
	P *p = pidleget();
	unlock(&sched.lock);
	if (!p)
		return false;
	acquirep(m, p);
	preemptdone(m);
	TRACE(p, m->curg, EV_START);
	return true;
}

void preemptstop(M *m)
{
	if (!retakep(m))
		mcall(m->curg, MCALL_EXITSYSCALL);      /* its M: findrunnable */
}

void gocc_preempt(void)
{
	M *m = getm();

	gocc_preemptflag = 0;
	/* A program thread, or a timer's function on g0: no P to give. */
	if (!m || !m->curg)
		return;
	int e = *errnop();
	if (m->preempted) {
		retakep(m);     /* sysmon saw a P idle */
	} else if (m->p) {
		if (atomic_fetch_add(&sched.npreempted, 1) >= preemptmax()) {
			atomic_fetch_sub(&sched.npreempted, 1);  /* asked again later */
		} else {
			__atomic_store_n(&m->preempted, true, __ATOMIC_RELAXED);
			TRACE(m->p, m->curg, EV_PREEMPT);
			P *p = releasep(m);
			setpstatus(p, P_IDLE);
			handoffp(p);
		}
	}
	*errnop() = e;
}

/* Something besides p's goroutine could run on p: a goroutine, or a
 * timer that is due (a later one can wait: asking now would only move
 * the goroutine off the P and back). */
static bool workwaits(P *p, int64_t now)
{
	int64_t due = timerdue(p);
	return !runqempty(p) || atomic_load(&sched.runqsize) > 0 ||
		(due && due <= now);
}

/* sysmon: p is running.  Ask its M to give it up if one goroutine has held
 * it for 10 ms while work waits; warn of one that does not (preemptwarn).
 * Returns whether it asked. */
bool preemptslice(P *p, int64_t now)
{
	uint32_t t = __atomic_load_n(&p->schedtick, __ATOMIC_RELAXED);

	/* when 0: never looked at, though main's first slice is tick 0 too */
	if (p->sysmonsched != t || p->sysmonschedwhen == 0) {
		p->sysmonsched = t;
		p->sysmonschedwhen = now;
		return false;
	}
	M *m = __atomic_load_n(&p->m, __ATOMIC_ACQUIRE);
	if (!m || now - p->sysmonschedwhen < FORCE_PREEMPT_NS || !workwaits(p, now))
		return false;
	/* Ms and Gs are never freed: a stale m or g costs a spurious look. */
	if (__atomic_load_n(m->preemptflag, __ATOMIC_RELAXED)) {
		G *g = __atomic_load_n(&m->curg, __ATOMIC_RELAXED);
		if (debug.preemptwarn && g && !g->preemptwarned &&
		    now - p->sysmonschedwhen >= PREEMPT_WARN_NS) {
			g->preemptwarned = true;
			char msg[96];
			int n = snprintf(msg, sizeof msg, "gocc: goroutine %lld ran "
					 "100 ms without reaching a safe point\n",
					 (long long)g->goid);
			(void)!write(2, msg, (size_t)n);
		}
		return false;
	}
	/* At the cap nobody may give a P away: asking would only make sysmon
	 * look every 20 us and the goroutine take the slow path as often. */
	if (atomic_load(&sched.npreempted) >= preemptmax())
		return false;
	__atomic_store_n(m->preemptflag, 1, __ATOMIC_RELAXED);
	return true;
}

/* sysmon: a P is idle; ask the Ms running goroutines without one to take
 * it at their next safe point. */
void preemptreturn(void)
{
	if (atomic_load(&sched.npreempted) == 0 || atomic_load(&sched.npidle) == 0)
		return;
	for (M *m = __atomic_load_n(&sched.allm, __ATOMIC_ACQUIRE); m; m = m->alllink)
		if (__atomic_load_n(&m->preempted, __ATOMIC_RELAXED))
			__atomic_store_n(m->preemptflag, 1, __ATOMIC_RELAXED);
}
