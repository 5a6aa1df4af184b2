/*
 * thread.c - Ms and Ps: making threads, idling and waking them, binding
 * main and the program's own threads, and resizing the P set (Go's
 * startm/stopm/wakep, procresize and the cgo callback binding).
 *
 * main is goroutine 1 and runs on its own thread's stack; the main thread
 * becomes M0 on its first call into gocc, with its g0 on a stack of ours.
 * Nothing runs, and no thread exists, before the first call.  Threads that
 * are not Ms (made by the program) get a "foreign" G that parks on a futex
 * instead of switching.
 */
#include "runtime.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

_Atomic bool runtime_started;
__thread M *tls_m;
__thread G *tls_foreign_g;

rlock initlock;
static int32_t initprocs;       /* GOCC_MAXPROCS before the runtime starts */
static int32_t maxthreads = 10000;      /* GOCC_MAXTHREADS */

static P *palloc(int32_t id)
{
	P *p = aligned_alloc(GOCC_ARG_ALIGN, (sizeof(P) + GOCC_ARG_ALIGN - 1) &
			     ~(size_t)(GOCC_ARG_ALIGN - 1));
	if (!p)
		fatal("out of memory allocating a P");
	memset(p, 0, sizeof *p);
	p->id = id;
	p->status = P_IDLE;
	return p;
}

/* sched.lock held for the idle lists. */
void pidleput(P *p)
{
	TRACE(p, NULL, EV_PIDLE);
	setpstatus(p, P_IDLE);
	p->link = sched.pidle;
	sched.pidle = p;
	atomic_fetch_add(&sched.npidle, 1);
}

P *pidleget(void)
{
	P *p = sched.pidle;
	if (p) {
		sched.pidle = p->link;
		atomic_fetch_sub(&sched.npidle, 1);
	}
	return p;
}

static void mput(M *m)
{
	m->schedlink = sched.midle;
	sched.midle = m;
	sched.nmidle++;
}

static M *mget(void)
{
	M *m = sched.midle;
	if (m) {
		sched.midle = m->schedlink;
		sched.nmidle--;
	}
	return m;
}

void acquirep(M *m, P *p)
{
	m->p = p;
	/* Release: sysmon reads p->m, then m->preemptflag (preempt.c). */
	__atomic_store_n(&p->m, m, __ATOMIC_RELEASE);
	setpstatus(p, P_RUNNING);
	p->now = nanotime_coarse();
	/* A P runs again: sysmon watches it for long slices (preempt.c).
	 * seq_cst, against sysmon's store of sysmonwait then look at npidle,
	 * which pidleget decremented before. */
	if (atomic_load(&sysmonwait))
		sysmon_wake();
	TRACE(p, NULL, EV_PRUN);
}

P *releasep(M *m)
{
	P *p = m->p;
	addawake(NULL, p->nawake);
	p->nawake = 0;
	__atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
	m->p = NULL;
	return p;
}

static M *allocm(void)
{
	M *m = aligned_alloc(GOCC_ARG_ALIGN, (sizeof(M) + GOCC_ARG_ALIGN - 1) &
			     ~(size_t)(GOCC_ARG_ALIGN - 1));
	if (!m)
		fatal("out of memory allocating an M");
	memset(m, 0, sizeof *m);
	m->g0 = &m->g0storage;
	m->g0->status = G_RUNNING;
	lock(&sched.lock);
	m->id = sched.mnext++;
	int32_t n = ++sched.mcount;
	m->alllink = sched.allm;
	__atomic_store_n(&sched.allm, m, __ATOMIC_RELEASE);
	unlock(&sched.lock);
	/* Threads blocked in system calls each hold an M: a program that
	 * blocks without bound would exhaust the machine instead (Go's
	 * sched.maxmcount). */
	if (n > maxthreads)
		fatal("program exceeds %d-thread limit (GOCC_MAXTHREADS)", maxthreads);
	return m;
}

/* The calling thread becomes m: for getm(), for debuggers, and for
 * sysmon, which sets m's preemption flag (preempt.c). */
static void minit(M *m)
{
	tls_m = m;
	m->tid = gettid();
	m->preemptflag = &gocc_preemptflag;
}

static void *mstart(void *arg)
{
	M *m = arg;

	minit(m);
	m->g0->stk = thread_stack();
	san_newg(m->g0, true);
	stack_thread_init();
	acquirep(m, m->nextp);
	m->nextp = NULL;
	schedloop(m);
	return NULL;
}

void newthread(void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	pthread_t tid;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int err = pthread_create(&tid, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (err)
		fatal("cannot start a thread: %s", strerror(err));
}

static void newm(P *p, bool spinning)
{
	M *m = allocm();

	m->nextp = p;
	m->spinning = spinning;
	newthread(mstart, m);
}

/* Run p on an idle M, or a new one (Go's startm). */
static void startm(P *p, bool spinning)
{
	lock(&sched.lock);
	if (!p) {
		p = pidleget();
		if (!p) {
			/* No P idle: each M that holds one looks at the global
			 * queue, under this lock, before it idles its P.  A G
			 * queued after such a look is left to its waker, which
			 * wakes nobody while it sees our spinning count: drop
			 * the count before the unlock, so that every waker that
			 * queues after this (under the lock) sees it gone.
			 * Dropped after, a P idled in between left the G for
			 * nobody. */
			if (spinning)
				atomic_fetch_sub(&sched.nmspinning, 1);
			unlock(&sched.lock);
			return;
		}
	}
	M *m = mget();
	unlock(&sched.lock);
	if (!m) {
		newm(p, spinning);
		return;
	}
	m->spinning = spinning;
	__atomic_store_n(&m->nextp, p, __ATOMIC_SEQ_CST);
	notewakeup(&m->park);
}

void handoffp(P *p)
{
	TRACE(p, NULL, EV_SYSBLOCK);
	/* Work for it: run it at once. */
	if (!runqempty(p) || atomic_load(&sched.runqsize) > 0) {
		startm(p, false);
		return;
	}
	/* Nobody looks for work: someone must, or new work would wait. */
	int32_t zero = 0;
	if (atomic_load(&sched.npidle) == 0 &&
	    atomic_compare_exchange_strong(&sched.nmspinning, &zero, 1)) {
		startm(p, true);
		return;
	}
	lock(&sched.lock);
	/* Queued since we looked (a G back from a system call): run it.  A
	 * P gocc_maxprocs removed goes to an M too, which retires it. */
	if (atomic_load(&sched.runqsize) > 0 ||
	    p->id >= atomic_load(&sched.gomaxprocs)) {
		unlock(&sched.lock);
		startm(p, false);
		return;
	}
	pidleput(p);
	unlock(&sched.lock);
}

void wakep_slow(void)
{
	int32_t zero = 0;
	if (atomic_load(&sched.nmspinning) != 0 ||
	    !atomic_compare_exchange_strong(&sched.nmspinning, &zero, 1))
		return;
	startm(NULL, true);
}

/* Go's wakeNetPoller.  While every P runs, each M looks at the timers
 * before it sleeps (stopm re-reads them once its P is idle: addtimer
 * publishes the timer before reading npidle here, so one of the two sees
 * the other).  Otherwise the timer M wakes to sleep less if it sleeps
 * past `when`, and with no timer M a spinning M starts to look. */
void timer_added(int64_t when)
{
	/* The M blocked in netpoll sleeps until the earliest timer it saw. */
	int64_t polluntil = atomic_load(&sched.polluntil);
	if (polluntil != 0 && when < polluntil)
		netpoll_break();
	if (atomic_load(&sched.npidle) == 0)
		return;
	int64_t until = atomic_load(&sched.sleepuntil);
	if (until != 0 && until <= when)
		return;
	lock(&sched.lock);
	M *m = sched.timerm;
	bool wake = m && atomic_load(&sched.sleepuntil) > when;
	unlock(&sched.lock);
	/* Ms are never freed, and a stray wake only makes one look again. */
	if (wake)
		notewakeup(&m->park);
	else if (!m)
		wakep();
}

/* Sleep until handed a P.  But while a P is idle, the M that stops with
 * the earliest timer deadline ahead becomes the timer M (Go's netpoll
 * sleeper): it sleeps off the idle list until then, or until a timer_added
 * or an earlier M wakes it, and takes an idle P once a timer is due.  With
 * no P idle it sleeps like the rest: every P is running, and the next M
 * to let its P go sees the timers here. */
void stopm(M *m)
{
	P *p;

	lock(&sched.lock);
	for (;;) {
		int64_t next = atomic_load(&sched.npidle) ? timers_earliest() : -1;
		if (next < 0 || (sched.timerm && atomic_load(&sched.sleepuntil) <= next))
			break;
		if (next <= nanotime()) {
			p = pidleget();
			unlock(&sched.lock);
			acquirep(m, p);
			return;
		}
		M *later = sched.timerm;        /* goes back to a plain sleep */
		sched.timerm = m;
		atomic_store(&sched.sleepuntil, next);
		noteclear(&m->park);
		unlock(&sched.lock);
		if (later)
			notewakeup(&later->park);
		notetsleep(&m->park, next);
		lock(&sched.lock);
		if (sched.timerm == m) {
			sched.timerm = NULL;
			atomic_store(&sched.sleepuntil, 0);
		}
	}
	mput(m);
	checkdead();
	unlock(&sched.lock);
	/* Stray wakeups (timer_added's) leave the note set: clear it, then
	 * look at nextp again before sleeping.  seq_cst, as is startm's store:
	 * in C a load may pass noteclear's exchange unless both it and the
	 * store it must not miss are seq_cst. */
	while ((p = __atomic_load_n(&m->nextp, __ATOMIC_SEQ_CST)) == NULL) {
		noteclear(&m->park);
		if (__atomic_load_n(&m->nextp, __ATOMIC_SEQ_CST))
			continue;
		notesleep(&m->park);
	}
	noteclear(&m->park);
	m->nextp = NULL;
	acquirep(m, p);
}

/* Give up a P that gocc_maxprocs removed: its Gs go to the global queue,
 * its timers to P 0.  Unless a gocc_maxprocs since has brought it back: the
 * id is checked again under the lock that gocc_maxprocs holds, or the P
 * would be dead for good with an id below gomaxprocs. */
void retirep(M *m)
{
	P *p = m->p;
	bool inherit, spinning = m->spinning;
	G *g;

	lock(&sched.lock);
	if (p->id < atomic_load(&sched.gomaxprocs)) {
		unlock(&sched.lock);
		return;
	}
	releasep(m);
	while ((g = runqget(p, &inherit)) != NULL)
		globrunqput(g);
	setpstatus(p, P_DEAD);
	if (p->retiring) {
		p->retiring = false;
		atomic_fetch_sub(&sched.nretiring, 1);
	}
	unlock(&sched.lock);
	stackcache_flush(p);
	gfspill(p, 0);
	movetimers(p);
	/* This M now goes to sleep.  A spinning count left behind would keep
	 * wakep from ever starting an M again; and the Gs of whoever skipped
	 * wakep because this M was spinning, like this P's Gs now on the
	 * global queue, need another M to look. */
	if (spinning) {
		m->spinning = false;
		atomic_fetch_sub(&sched.nmspinning, 1);
	}
	if (spinning || atomic_load(&sched.runqsize) > 0)
		wakep();
}

static int32_t ncpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int32_t)n : 1;
}

static int32_t defaultprocs(void)
{
	int32_t n = ncpu();
	return envnum("GOCC_MAXPROCS", n > MAXPROCS_LIMIT ? MAXPROCS_LIMIT : n, MAXPROCS_LIMIT);
}

static void schedinit(void)
{
	lock(&initlock);
	if (!atomic_load(&runtime_started)) {
		parsedebugvars();
		trace_init();
		int32_t procs = initprocs ? initprocs : defaultprocs();
		san_init();
		stackinit();
		fatal_init();
		hooks_init();
		maxthreads = envnum("GOCC_MAXTHREADS", maxthreads, INT32_MAX);
		atomic_store(&sched.goidgen, 1);       /* 1 is main's */
		atomic_store(&sched.gomaxprocs, procs);
		lock(&sched.lock);
		for (int32_t i = procs - 1; i >= 0; i--)
			pidleput(allp[i] = palloc(i));
		__atomic_store_n(&sched.nallp, procs, __ATOMIC_RELEASE);
		unlock(&sched.lock);
		atomic_store(&runtime_started, true);
		if (debug.schedtrace > 0)
			sysmon_wake();  /* sysmon prints the trace */
	}
	unlock(&initlock);
}

/* M0's g0 starts when main first parks (or yields): finish that first. */
static void m0g0main(void *argp)
{
	finishpending();
	schedloop(*(M **)argp);
}

/* The main thread's first call: it becomes M0 running goroutine 1. Its g0
 * needs a stack of its own, since main keeps the thread's. */
static G *bindmain(void)
{
	M *m = allocm();

	g1.goid = 1;
	g1.main = true;
	g1.stk = thread_stack();
	setstatus(&g1, G_RUNNING);
	san_newg(&g1, true);
	m->g0->stk = stackalloc(NULL);
	static const gocc_funcval m0g0fv = { m0g0main };
	m->g0->fv = &m0g0fv;
	gstartframe(m->g0, &m, sizeof m);
	san_newg(m->g0, false);
	m->curg = &g1;
	minit(m);
	atomic_fetch_add(&sched.gcount, 1);
	addawake(NULL, 1);
	atomic_store(&g1bound, true);
	stack_thread_init();

	lock(&sched.lock);
	P *p = pidleget();
	unlock(&sched.lock);
	if (p) {
		acquirep(m, p);
		TRACE(p, &g1, EV_START);
	} else {
		/* Every P is busy: queue main and let g0 wait for a P. */
		mcall(&g1, MCALL_YIELD);
	}
	return &g1;
}

static pthread_key_t foreignkey;
static pthread_once_t foreignonce = PTHREAD_ONCE_INIT;

static void foreignexit(void *arg)
{
	G *g = arg;

	/* g is about to be reused.  A thread-exit destructor that runs after
	 * ours and calls gocc binds the thread afresh, which sets our key
	 * again, so pthreads runs us again in its next round. */
	tls_foreign_g = NULL;
	lock(&sched.lock);
	sched.nforeign--;
	addawake(NULL, -1);
	unlock(&sched.lock);
	setstatus(g, G_DEAD);
	g->foreign = false;
	san_release(g);
	gfput(NULL, g);
}

static void makeforeignkey(void)
{
	pthread_key_create(&foreignkey, foreignexit);
}

static G *bindforeign(void)
{
	G *g = gfget(NULL);

	pthread_once(&foreignonce, makeforeignkey);
	g->foreign = true;
	g->tid = gettid();
	g->goid = newgoid(NULL);
	setstatus(g, G_RUNNING);
	lock(&sched.lock);
	sched.nforeign++;
	addawake(NULL, 1);
	unlock(&sched.lock);
	pthread_setspecific(foreignkey, g);
	tls_foreign_g = g;
	return g;
}

G *getg_slow(void)
{
	if (!atomic_load(&runtime_started))
		schedinit();
	if (!atomic_load(&g1bound) && syscall(SYS_gettid) == getpid()) {
		lock(&initlock);
		bool mine = !atomic_load(&g1bound);
		unlock(&initlock);
		if (mine)
			return bindmain();
	}
	return bindforeign();
}

/* The current goroutine's id for messages, without starting anything:
 * main is 1 even before the runtime starts; 0 for a thread gocc has not
 * seen. */
int64_t curgoid(void)
{
	M *m = getm();

	if (m)
		return m->curg ? m->curg->goid : 0;
	if (tls_foreign_g)
		return tls_foreign_g->goid;
	return syscall(SYS_gettid) == getpid() ? 1 : 0;
}


int gocc_maxprocs(int n)
{
	if (!atomic_load(&runtime_started)) {
		lock(&initlock);
		int prev = initprocs ? initprocs : defaultprocs();
		if (n > 0)
			initprocs = n > MAXPROCS_LIMIT ? MAXPROCS_LIMIT : n;
		unlock(&initlock);
		if (n <= 0 || atomic_load(&runtime_started) == false)
			return prev;
	}
	lock(&sched.lock);
	int prev = atomic_load(&sched.gomaxprocs);
	if (n <= 0) {
		unlock(&sched.lock);
		return prev;
	}
	if (n > MAXPROCS_LIMIT)
		n = MAXPROCS_LIMIT;
	for (int32_t i = prev; i < n; i++) {
		if (!allp[i])
			allp[i] = palloc(i);
		if (allp[i]->status == P_DEAD || i >= sched.nallp)
			pidleput(allp[i]);
	}
	if (n > sched.nallp)
		__atomic_store_n(&sched.nallp, n, __ATOMIC_RELEASE);
	/* Idle Ps past n die now; running ones when their M next schedules,
	 * and are counted retiring till then (stored before gomaxprocs:
	 * sched.c's stealbound). */
	for (P **pp = &sched.pidle; *pp;) {
		if ((*pp)->id >= n) {
			setpstatus(*pp, P_DEAD);
			*pp = (*pp)->link;
			atomic_fetch_sub(&sched.npidle, 1);
		} else {
			pp = &(*pp)->link;
		}
	}
	int32_t retiring = 0;
	for (int32_t i = 0; i < sched.nallp; i++) {
		P *p = allp[i];
		p->retiring = i >= n && p->status != P_DEAD;
		retiring += p->retiring;
	}
	atomic_store(&sched.nretiring, retiring);
	atomic_store(&sched.gomaxprocs, n);
	unlock(&sched.lock);
	/* The removed Ps' timers, once they are off the idle list (a running
	 * one moves its own again in retirep, for those armed since). */
	for (int32_t i = n; i < prev; i++)
		movetimers(allp[i]);
	wakep();
	return prev;
}
