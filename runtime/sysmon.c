/*
 * sysmon.c - the system monitor (Go's sysmon): a thread without a P that
 * looks at the Ps every 20 us, backing off to 10 ms while it finds
 * nothing to do, and sleeps while every P is idle.  It
 *   - takes back a P from a system call that lasted a tick while work
 *     waits, or from any that lasted 10 ms (retake);
 *   - asks a goroutine that has held its P for 10 ms while work waits to
 *     give it up at its next safe point (preempt.c), and the goroutines
 *     running without a P to take an idle one;
 *   - polls the network when nobody has for 10 ms, so that goroutines
 *     ready for I/O are seen even while every P is busy.
 * It starts with the first goroutine, system call or descriptor wait: a
 * program that makes none has no sysmon thread.  With
 * GOCC_DEBUG=schedtrace it starts with the runtime, prints the trace, and
 * never sleeps past the next line (schedtrace.c).  While every P stays
 * idle it sleeps until a P runs again (acquirep) or a call begins.
 */
#include "runtime.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum {
	SYSMON_MIN = 20000,             /* ns between looks, at first */
	SYSMON_MAX = 10000000,          /* ... backing off to this */
	SYSMON_IDLE = 50,               /* looks that found nothing before */
	SYSCALL_LONG = 10000000,        /* a call this long loses its P */
	POLL_STALE = 10000000,          /* nobody polled for this long */
};

_Atomic bool sysmon_started;
_Atomic int64_t lastpoll;
_Atomic bool sysmonwait;
static note sysmonnote;
static pthread_once_t startonce = PTHREAD_ONCE_INIT;

/* Take back the Ps of calls that lasted, and ask for those of long
 * slices; how many. */
static int retake(int64_t now)
{
	int n = 0;
	int32_t procs = atomic_load(&sched.gomaxprocs);

	for (int32_t i = 0; i < procs; i++) {
		P *p = allp[i];
		uint32_t status = atomic_load(&p->status);
		if (status == P_RUNNING)
			n += preemptslice(p, now);
		if (status != P_SYSCALL)
			continue;
		uint32_t t = atomic_load_explicit(&p->syscalltick, memory_order_relaxed);
		if (p->sysmontick != t) {
			p->sysmontick = t;
			p->sysmonwhen = now;
			continue;
		}
		/* A short call keeps its P while nothing waits for it and
		 * others stand idle to pick up new work. */
		if (runqempty(p) && atomic_load(&sched.runqsize) == 0 &&
		    atomic_load(&sched.nmspinning) + atomic_load(&sched.npidle) > 0 &&
		    now - p->sysmonwhen < SYSCALL_LONG)
			continue;
		uint32_t s = P_SYSCALL;
		if (atomic_compare_exchange_strong(&p->status, &s, P_IDLE)) {
			handoffp(p);
			n++;
		}
	}
	return n;
}

/* Every P idle and none in a call: nothing for sysmon to watch. */
static bool allidle(void)
{
	int32_t procs = atomic_load(&sched.gomaxprocs);

	if (atomic_load(&sched.npidle) < procs)
		return false;
	for (int32_t i = 0; i < procs; i++)
		if (atomic_load(&allp[i]->status) == P_SYSCALL)
			return false;
	return true;
}

static void *sysmon(void *arg)
{
	int64_t delay = SYSMON_MIN;
	int idle = 0;
	int64_t trace = debug.schedtrace * (int64_t)1000000;
	int64_t nexttrace = nanotime();

	for (;;) {
		struct timespec ts = {0, delay};
		/* Tracing, sysmon wakes for each line and never sleeps
		 * deeply (as Go's). */
		if (trace) {
			int64_t left = nexttrace - nanotime();
			if (left < delay)
				ts.tv_nsec = left > 0 ? left : 0;
		}
		syscall(SYS_nanosleep, &ts, NULL);
		if (trace && nanotime() >= nexttrace) {
			schedtrace(debug.scheddetail > 0);
			nexttrace = nanotime() + trace;
		}
		/* Idle for a while (a P that idles between requests would wake
		 * it every time, through acquirep): sleep until woken. */
		if (!trace && idle > SYSMON_IDLE && allidle()) {
			noteclear(&sysmonnote);
			atomic_store(&sysmonwait, true);
			if (allidle())
				notesleep(&sysmonnote);
			atomic_store(&sysmonwait, false);
			idle = 0;
			delay = SYSMON_MIN;
			continue;
		}
		int64_t now = nanotime();
		if (atomic_load(&netpoll_waiters) > 0 && !atomic_load(&sched.polling) &&
		    now - atomic_load(&lastpoll) > POLL_STALE)
			injectlist(NULL, netpoll(0));
		preemptreturn();
		if (retake(now) > 0) {
			idle = 0;
			delay = SYSMON_MIN;
		} else if (++idle > SYSMON_IDLE && delay < SYSMON_MAX) {
			delay *= 2;
		}
	}
	return NULL;
}

static void sysmonstart(void)
{
	newthread(sysmon, NULL);
	atomic_store(&sysmon_started, true);
}

void sysmon_wake(void)
{
	if (!atomic_load_explicit(&sysmon_started, memory_order_relaxed))
		pthread_once(&startonce, sysmonstart);
	/* seq_cst: against sysmon's store of sysmonwait then look at the Ps. */
	if (atomic_load(&sysmonwait) && atomic_exchange(&sysmonwait, false))
		notewakeup(&sysmonnote);
}
