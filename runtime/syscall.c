/*
 * syscall.c - goroutines in system calls (Go's entersyscall and
 * exitsyscall): a call that may block the thread lets its P go, cheaply.
 *
 * entersyscall leaves the P in P_SYSCALL, still the M's to take back:
 * most calls are short, and taking it back is one CAS (exitsyscall's
 * fast path).  If the call lasts while work waits, sysmon takes the P
 * (CAS to P_IDLE) and hands it to another M (handoffp), so the P's other
 * goroutines run.  The M then comes back without a P: it takes an idle
 * one if there is one, or queues its goroutine on the global queue and
 * sleeps (mcall MCALL_EXITSYSCALL), and the goroutine resumes wherever a
 * P picks it up.
 *
 * The states are entered by the hooks of calls that cannot park
 * (hooks.c) and by gocc_syscall_enter/exit, around calls into code gocc
 * cannot see.
 */
#include "runtime.h"

#include <errno.h>

void entersyscall(void)
{
	M *m = getm();

	if (!m || !m->curg || !m->p)
		return;
	P *p = m->p;
	int e = *errnop();      /* the caller's errno survives us */
	setstatus(m->curg, G_SYSCALL);
	atomic_fetch_add_explicit(&p->syscalltick, 1, memory_order_relaxed);
	TRACE(p, m->curg, EV_SYSCALL);
	releasep(m);    /* and its count of awake Gs, for checkdead */
	m->oldp = p;
	atomic_store(&p->status, P_SYSCALL);
	sysmon_wake();
	*errnop() = e;
}

void entersyscallblock(void)
{
	M *m = getm();

	entersyscall();
	P *p = m ? m->oldp : NULL;
	uint32_t s = P_SYSCALL;
	/* Known to block: hand the P on now, not a sysmon tick later. */
	if (p && atomic_compare_exchange_strong(&p->status, &s, P_IDLE))
		handoffp(p);
}

void exitsyscall(void)
{
	M *m = getm();
	P *p = m ? m->oldp : NULL;

	if (!p)
		return;
	int e = *errnop();
	uint32_t s = P_SYSCALL;
	m->oldp = NULL;
	if (atomic_compare_exchange_strong(&p->status, &s, P_RUNNING)) {
		m->p = p;
		__atomic_store_n(&p->m, m, __ATOMIC_RELEASE);
		TRACE(p, m->curg, EV_SYSEXIT);
	} else {
		lock(&sched.lock);
		P *q = pidleget();
		unlock(&sched.lock);
		if (q) {
			acquirep(m, q);
			TRACE(q, m->curg, EV_SYSEXIT);
		} else {
			mcall(m->curg, MCALL_EXITSYSCALL);
		}
		/* Maybe on another M now. */
	}
	setstatus(getm()->curg, G_RUNNING);
	*errnop() = e;
}

void gocc_syscall_enter(void)
{
	entersyscall();
}

void gocc_syscall_exit(void)
{
	exitsyscall();
}
