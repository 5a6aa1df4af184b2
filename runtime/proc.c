/*
 * proc.c - where goroutines are born, scheduled and die (Go's proc.go).
 *
 * Birth: gocc_newproc takes a dead G from the P's free list (gfget) or
 * makes one (malg), copies the arguments, and puts it in the P's runnext
 * (runqput) and wakes an idle P if any (wakep).  A G gets its stack only
 * when it first runs (prepare), so a million queued Gs cost a million
 * small structs, not a million stacks.
 *
 * Scheduling: every M loops on its g0 stack in schedloop: findrunnable
 * (local runnext and ring, global queue every 61 ticks and when local is
 * empty, timers, stealing half of another P's ring) then switchto, which
 * switches to the G.  A G that parks or exits switches straight to its
 * P's next G when nothing else is due (handoff), otherwise back to g0
 * (mcall); whichever runs next finishes what it asked for (m->pending)
 * once the G is off its stack.
 *
 * Death: the G's entry function returns to gocc_goexit (asm), which
 * switches away for the last time; what runs next frees the stack and
 * the G (goexit0, gfput).
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
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct sched sched;
P *allp[MAXPROCS_LIMIT];
_Atomic bool runtime_started;
__thread M *tls_m;
__thread G *tls_foreign_g;

static rlock initlock;
static int32_t initprocs;       /* GOCC_MAXPROCS before the runtime starts */
static G g1;                    /* main */
static _Atomic bool g1bound;

static void schedloop(M *m);

/* Status is read only by the dump and the deadlock check, which tolerate a
 * stale value: no fence on the hot path. */
static inline void setstatus(G *g, enum gstatus s)
{
	atomic_store_explicit(&g->status, s, memory_order_release);
}
static void mcall(G *gp, int op);

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

/* ---- Gs: allocation, free lists, the registry ---------------------- */

/* Gs live in slabs and are never freed (Go's allgs), so the dump and the
 * deadlock check can walk every G that ever existed.  A slab is a fresh
 * (zeroed) 2 MiB mapping aligned to its size, so that where transparent
 * huge pages are on for all memory, a million queued Gs cost 100 page
 * faults instead of 50,000 and little TLB missing.  We do not ask for huge
 * pages with madvise: on a VM that reports free memory to its host they
 * often come back cold, and a 1M spawn took 110-470 ns a goroutine at
 * random instead of a steady 180. */
enum { SLAB_BYTES = 2 << 20, SLAB_GS = (SLAB_BYTES - 64) / sizeof(G) };
struct slab {
	struct slab *next;
	size_t used;
	G gs[SLAB_GS];
};
_Static_assert(sizeof(struct slab) <= SLAB_BYTES, "a slab fits its mapping");
static rlock slablock;
static struct slab *slabs;

static struct slab *slaballoc(void)
{
	char *a = mmap(NULL, 2 * SLAB_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		fatal("out of memory allocating goroutines");
	char *s = (char *)(((uintptr_t)a + SLAB_BYTES - 1) & ~(uintptr_t)(SLAB_BYTES - 1));
	if (s > a)
		munmap(a, (size_t)(s - a));
	munmap(s + SLAB_BYTES, (size_t)(a + SLAB_BYTES - s));
	return (struct slab *)s;
}

static G *malg(void)
{
	G *g;

	lock(&slablock);
	if (!slabs || slabs->used == SLAB_GS) {
		struct slab *s = slaballoc();
		s->next = slabs;
		slabs = s;
	}
	g = &slabs->gs[slabs->used];
	/* Published last: forallg reads `used` without the lock. */
	__atomic_store_n(&slabs->used, slabs->used + 1, __ATOMIC_RELEASE);
	unlock(&slablock);
	return g;
}

void forallg(void (*fn)(G *g, void *arg), void *arg)
{
	if (atomic_load(&g1bound))
		fn(&g1, arg);
	for (struct slab *s = __atomic_load_n(&slabs, __ATOMIC_ACQUIRE); s; s = s->next) {
		size_t n = __atomic_load_n(&s->used, __ATOMIC_ACQUIRE);
		for (size_t i = 0; i < n; i++)
			if (atomic_load(&s->gs[i].status) != G_IDLE)
				fn(&s->gs[i], arg);
	}
}

/*
 * Free Gs are kept by pointer, in a per-P array and a global stack, never
 * linked through the Gs themselves: a G freed on one P is usually reused
 * on another, and a list through schedlink made the taker walk 32 Gs that
 * sit in the other core's cache, one miss after another, holding
 * gfreelock while the freeing P waited for it.
 */

/* sched.gfreelock held.  realloc reads and frees the old array, which
 * TSan checks and the lock is invisible to: each use of the array is
 * released to the next realloc. */
static void gfpushglobal(G *const *gs, int32_t n)
{
	if (sched.ngfree + n > sched.gfreecap) {
		san_acquire(&sched.gfree);
		int32_t cap = sched.gfreecap ? 2 * sched.gfreecap : 1024;
		while (cap < sched.ngfree + n)
			cap *= 2;
		G **a = realloc(sched.gfree, (size_t)cap * sizeof *a);
		if (!a)
			fatal("out of memory freeing goroutines");
		sched.gfree = a;
		sched.gfreecap = cap;
	}
	gcopy(sched.gfree + sched.ngfree, gs, n);
	sched.ngfree += n;
	san_release(&sched.gfree);
}

/* sched.gfreelock held: up to n Gs into gs; how many. */
static int32_t gfpopglobal(G **gs, int32_t n)
{
	if (n > sched.ngfree)
		n = sched.ngfree;
	sched.ngfree -= n;
	gcopy(gs, sched.gfree + sched.ngfree, n);
	san_release(&sched.gfree);
	return n;
}

/* Move p's free Gs beyond the first `keep` to the global stack. */
static void gfspill(P *p, int32_t keep)
{
	lock(&sched.gfreelock);
	gfpushglobal(p->gfree + keep, p->gfreecnt - keep);
	unlock(&sched.gfreelock);
	p->gfreecnt = keep;
}

static void gfput(P *p, G *g)
{
	p->gfree[p->gfreecnt++] = g;
	if (p->gfreecnt == GFREE_MAX)
		gfspill(p, GFREE_BATCH);
}

static G *gfget(P *p)
{
	G *g = NULL;

	if (!p) {
		if (sched.ngfree > 0) {
			lock(&sched.gfreelock);
			gfpopglobal(&g, 1);
			unlock(&sched.gfreelock);
		}
	} else {
		if (p->gfreecnt == 0 && sched.ngfree > 0) {
			lock(&sched.gfreelock);
			p->gfreecnt = gfpopglobal(p->gfree, GFREE_BATCH);
			unlock(&sched.gfreelock);
		}
		if (p->gfreecnt > 0)
			g = p->gfree[--p->gfreecnt];
		/* The next one most likely died on another P: start moving
		 * its line here. */
		if (p->gfreecnt > 0)
			__builtin_prefetch(p->gfree[p->gfreecnt - 1], 1);
	}
	if (!g)
		return malg();
	san_acquire(g);
	return g;
}

static int64_t newgoid(P *p)
{
	if (!p)
		return atomic_fetch_add(&sched.goidgen, 1) + 1;
	if (p->goidcache == p->goidcacheend) {
		p->goidcache = atomic_fetch_add(&sched.goidgen, GOID_BATCH) + 1;
		p->goidcacheend = p->goidcache + GOID_BATCH;
	}
	return p->goidcache++;
}

/* Lay out a new goroutine's stack: arguments at the top, then the frame
 * gocc_ctxswitch pops, returning into gocc_gostart (see asm_*.S), which
 * calls fn(argp) with gocc_goexit as its return address. */
static void gstartframe(G *g, const void *args, uint32_t siz)
{
	uintptr_t argp = (g->stk.hi - siz) & ~(uintptr_t)(GOCC_ARG_ALIGN - 1);
	memcpy((void *)argp, args, siz);
#if defined(__x86_64__)
	/* At the entry of fn, rsp (which points at its return address) must
	 * be 8 mod 16. */
	uintptr_t *ret = (uintptr_t *)((((argp - 8) & ~(uintptr_t)15)) - 8);
	ret[0] = (uintptr_t)gocc_goexit_ret;
	uintptr_t *f = ret - 8;
	f[0] = 0x1F80 | (uintptr_t)0x037F << 32;        /* MXCSR, x87 CW */
	f[1] = 0;                                       /* r15 */
	f[2] = 0;                                       /* r14 */
	f[3] = argp;                                    /* r13 */
	f[4] = (uintptr_t)g->fv->fn;                    /* r12 */
	f[5] = 0;                                       /* rbx */
	f[6] = 0;                                       /* rbp */
	f[7] = (uintptr_t)gocc_gostart;
#elif defined(__aarch64__)
	/* x19..x30, d8..d15, FPCR; lr (x30) is where the switch returns. */
	uintptr_t *f = (uintptr_t *)((argp - 176) & ~(uintptr_t)15);
	memset(f, 0, 176);
	f[0] = (uintptr_t)g->fv->fn;                    /* x19 */
	f[1] = argp;                                    /* x20 */
	f[11] = (uintptr_t)gocc_gostart;                /* x30 */
#else
#error "gocc: no context switch for this architecture"
#endif
	g->sp = f;
}

/* ---- Ps and Ms ---------------------------------------------------- */

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
static void pidleput(P *p)
{
	p->status = P_IDLE;
	p->link = sched.pidle;
	sched.pidle = p;
	atomic_fetch_add(&sched.npidle, 1);
}

static P *pidleget(void)
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

static bool mremove(M *m)
{
	for (M **pm = &sched.midle; *pm; pm = &(*pm)->schedlink) {
		if (*pm == m) {
			*pm = m->schedlink;
			sched.nmidle--;
			return true;
		}
	}
	return false;
}

static void acquirep(M *m, P *p)
{
	m->p = p;
	p->m = m;
	p->status = P_RUNNING;
	p->now = nanotime_coarse();
}

static P *releasep(M *m)
{
	P *p = m->p;
	p->m = NULL;
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
	sched.mcount++;
	unlock(&sched.lock);
	return m;
}

static void *mstart(void *arg)
{
	M *m = arg;

	tls_m = m;
	m->g0->stk = thread_stack();
	san_newg(m->g0, true);
	stack_thread_init();
	acquirep(m, m->nextp);
	m->nextp = NULL;
	schedloop(m);
	return NULL;
}

static void newm(P *p, bool spinning)
{
	M *m = allocm();
	pthread_attr_t attr;
	pthread_t tid;

	m->nextp = p;
	m->spinning = spinning;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int err = pthread_create(&tid, &attr, mstart, m);
	pthread_attr_destroy(&attr);
	if (err)
		fatal("cannot start a thread: %s", strerror(err));
}

/* Run p on an idle M, or a new one (Go's startm). */
static void startm(P *p, bool spinning)
{
	lock(&sched.lock);
	if (!p) {
		p = pidleget();
		if (!p) {
			unlock(&sched.lock);
			if (spinning)
				atomic_fetch_sub(&sched.nmspinning, 1);
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
	__atomic_store_n(&m->nextp, p, __ATOMIC_RELEASE);
	notewakeup(&m->park);
}

/* Another P may have work now: wake one if a P is idle and no M is
 * already spinning for work (Go's wakep). */
static void wakep(void)
{
	if (atomic_load(&sched.npidle) == 0)
		return;
	int32_t zero = 0;
	if (atomic_load(&sched.nmspinning) != 0 ||
	    !atomic_compare_exchange_strong(&sched.nmspinning, &zero, 1))
		return;
	startm(NULL, true);
}

void timer_added(int64_t when)
{
	int64_t until = atomic_load(&sched.sleepuntil);

	if (atomic_load(&sched.npidle) == 0 || (until != 0 && until <= when))
		return;
	lock(&sched.lock);
	M *m = sched.midle;     /* it wakes without a P and recomputes */
	unlock(&sched.lock);
	if (m)
		notewakeup(&m->park);
}

/* ---- the deadlock check (Go's checkdead) ---------------------------- */

struct census {
	int64_t waiting, other;
};

static void count(G *g, void *arg)
{
	struct census *c = arg;
	uint32_t s = atomic_load(&g->status);

	if (s == G_WAITING)
		c->waiting++;
	else if (s != G_DEAD)
		c->other++;
}

/* Threads in the process: a thread gocc has never seen may still wake a
 * goroutine, so no deadlock is declared while one exists. */
static int64_t threads_in_process(void)
{
	char buf[4096];
	FILE *f = fopen("/proc/self/status", "r");
	int64_t n = -1;

	if (!f)
		return -1;
	while (fgets(buf, sizeof buf, f))
		if (sscanf(buf, "Threads: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* sched.lock held; every M is idle. */
static void checkdead(void)
{
	struct census c = {0, 0};

	if (sched.nmidle != sched.mcount || atomic_load(&sched.runqsize) > 0)
		return;
	if (timers_earliest() >= 0)
		return;
	forallg(count, &c);
	if (c.other > 0 || c.waiting == 0)
		return;
	if (threads_in_process() != sched.mcount + sched.nforeign +
	    !atomic_load(&g1bound))
		return;
	fatal_deadlock();
}

/* ---- scheduling ----------------------------------------------------- */

/* Sleep until handed a P, or until the deadline (then take an idle P if
 * there is one, to run timers). */
static void stopm(M *m, int64_t deadline)
{
	for (;;) {
		lock(&sched.lock);
		mput(m);
		checkdead();
		unlock(&sched.lock);
		if (deadline >= 0) {
			int64_t until = atomic_load(&sched.sleepuntil);
			if (until == 0 || deadline < until)
				atomic_store(&sched.sleepuntil, deadline);
		}
		notetsleep(&m->park, deadline);
		if (deadline >= 0)
			atomic_store(&sched.sleepuntil, 0);

		/* Still on the idle list: the deadline passed or timer_added
		 * woke us; otherwise startm took us off and hands us a P. */
		lock(&sched.lock);
		bool idle = mremove(m);
		P *p = idle ? pidleget() : NULL;
		unlock(&sched.lock);
		if (idle) {
			noteclear(&m->park);
			if (p) {
				acquirep(m, p);
				return;
			}
			deadline = timers_earliest();
			continue;
		}
		while ((p = __atomic_load_n(&m->nextp, __ATOMIC_ACQUIRE)) == NULL) {
			noteclear(&m->park);
			if (__atomic_load_n(&m->nextp, __ATOMIC_ACQUIRE))
				continue;
			notesleep(&m->park);
		}
		noteclear(&m->park);
		m->nextp = NULL;
		acquirep(m, p);
		return;
	}
}

/* Give up a P that gocc_maxprocs removed: its Gs go to the global queue. */
static void retirep(M *m)
{
	P *p = releasep(m);
	bool inherit;
	G *g;

	/* This M now goes to sleep: a spinning count left behind would keep
	 * wakep from ever starting an M again. */
	if (m->spinning) {
		m->spinning = false;
		atomic_fetch_sub(&sched.nmspinning, 1);
	}
	lock(&sched.lock);
	while ((g = runqget(p, &inherit)) != NULL)
		globrunqput(g);
	p->status = P_DEAD;
	unlock(&sched.lock);
	stackcache_flush(p);
	gfspill(p, 0);
	/* Its Gs are on the global queue now, and this M is about to sleep. */
	if (atomic_load(&sched.runqsize) > 0)
		wakep();
}

static int64_t runalltimers(void)
{
	int64_t now = nanotime(), next = -1;

	for (int32_t i = 0; i < sched.nallp; i++) {
		P *p = allp[i];
		if (p->ntimers > 0) {
			int64_t w = checktimers(p, now);
			if (w >= 0 && (next < 0 || w < next))
				next = w;
		}
	}
	return next;
}

static G *stealwork(M *m)
{
	int32_t n = atomic_load(&sched.gomaxprocs);

	for (int pass = 0; pass < 4; pass++) {
		bool last = pass == 3;
		uint32_t start = fastrandn((uint32_t)n);
		for (int32_t k = 0; k < n; k++) {
			P *v = allp[(start + (uint32_t)k) % (uint32_t)n];
			if (v == m->p || v->status != P_RUNNING)
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

/* Goroutines that keep readying each other would inherit one time slice
 * forever, and with no preemption (Go's sysmon ends a slice after 10 ms)
 * the rest of the queue would starve.  So after INHERIT_MAX inherited runs
 * (a few hundred microseconds of hand-offs) the head of the ring gets a
 * turn.  runnext keeps its place and the cap is high because reordering a
 * pipeline often costs it dearly (at 64 the prime sieve ran 40% slower). */
static G *endslice(P *p)
{
	p->inherited = 0;
	return runqgetring(p);
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

static G *findrunnable(M *m, bool *inherit)
{
	G *g;

top:
	if (!m->p)
		stopm(m, timers_earliest());
	P *p = m->p;
	if (p->id >= atomic_load(&sched.gomaxprocs)) {
		retirep(m);
		goto top;
	}
	*inherit = false;
	p->now = nanotime_coarse();
	if (p->ntimers > 0)
		checktimers(p, nanotime());
	if (p->schedtick % GLOBAL_RUNQ_TICK == 0 && (g = globget(p, 1)) != NULL)
		return g;
	if (p->inherited >= INHERIT_MAX && (g = endslice(p)) != NULL)
		return g;
	if ((g = runqget(p, inherit)) != NULL)
		return g;
	if ((g = globget(p, 0)) != NULL)
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
	int64_t next = runalltimers();
	if ((g = runqget(p, inherit)) != NULL)
		return g;

	lock(&sched.lock);
	if (atomic_load(&sched.runqsize) > 0) {
		g = globrunqget(p, 0);
		unlock(&sched.lock);
		return g;
	}
	pidleput(releasep(m));
	unlock(&sched.lock);

	/* Stop spinning, then look again: a G readied between our last look
	 * and the decrement would otherwise wait for nobody (Go's
	 * "delicate dance"; the seq_cst decrement is the StoreLoad). */
	bool wasspinning = m->spinning;
	if (m->spinning) {
		m->spinning = false;
		atomic_fetch_sub(&sched.nmspinning, 1);
	}
	for (int32_t i = 0; i < procs; i++) {
		if (!runqempty(allp[i])) {
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
			break;
		}
	}
	stopm(m, next);
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
	m->curg = g;
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
		p->schedtick++;
		p->inherited = 0;
	}
	prepare(m, g);
	san_before_switch(from, g);
	gocc_ctxswitch(&from->sp, g->sp);
	san_after_switch(from);
}

static void goexit0(M *m, G *g)
{
	P *p = m->p;

	setstatus(g, G_DEAD);
	g->exiting = false;
	san_deadg(g);
	san_release(g);         /* to whoever reuses g */
	stackfree(p, g->stk);
	g->stk = (stack){0, 0};
	atomic_store_explicit(&p->gcount, p->gcount - 1, memory_order_relaxed);
	gfput(p, g);
}

/* On g0, once g has switched away: do what it asked for in mcall. */
static void finish(M *m, G *g)
{
	switch (m->mcallop) {
	case MCALL_EXIT:
		goexit0(m, g);
		break;
	case MCALL_YIELD:
		setstatus(g, G_RUNNABLE);
		lock(&sched.lock);
		globrunqput(g);
		unlock(&sched.lock);
		break;
	case MCALL_PARK:
		setstatus(g, G_WAITING);
		if (m->waitunlockf && !m->waitunlockf(g, m->waitarg)) {
			setstatus(g, G_RUNNABLE);
			runqput(m->p, g, true);
		}
		break;
	}
}

/* The G that switched away last left its park, yield or exit to be
 * finished by whatever runs next on that M (g0, or the next G after a
 * handoff), once it is off its stack. */
static void finishpending(void)
{
	M *m = tls_m;
	G *g = m->pending;

	if (g) {
		m->pending = NULL;
		finish(m, g);
	}
}

/* g0 of every M: run Gs forever. */
static void schedloop(M *m)
{
	bool inherit;

	for (;;) {
		G *g = findrunnable(m, &inherit);
		if (m->spinning)
			resetspinning(m);
		switchto(m, m->g0, g, inherit);
		/* Not necessarily g: g may have handed off to others. */
		finishpending();
	}
}

/* Switch from the running G to its M's g0, which does `op` (Go's mcall).
 * Returns when the G is scheduled again, possibly on another M. */
static void mcall(G *g, int op)
{
	M *m = tls_m;

	m->mcallop = op;
	m->pending = g;
	m->curg = NULL;
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
	M *m = tls_m;
	P *p = m->p;

	if (p->ntimers > 0 || p->id >= atomic_load(&sched.gomaxprocs))
		return false;
	G *next = atomic_load_explicit(&p->runnext, memory_order_relaxed);
	bool inherit = next && p->inherited < INHERIT_MAX &&
		atomic_compare_exchange_strong(&p->runnext, &next, NULL);
	if (!inherit && (p->schedtick % GLOBAL_RUNQ_TICK == 0 ||
			 (next = runqgetring(p)) == NULL))
		return false;
	m->mcallop = op;
	m->pending = g;
	switchto(m, g, next, inherit);
	finishpending();
	return true;
}

/* Called by gocc_gostart on a new goroutine's stack (or M0's g0). */
__attribute__((visibility("hidden"))) void gocc_gostarted(void)
{
	san_after_switch(tls_m->curg ? tls_m->curg : tls_m->g0);
	finishpending();
}

__attribute__((visibility("hidden"), noreturn)) void gocc_goexit1(void)
{
	G *g = tls_m->curg;

	g->exiting = true;
	if (!handoff(g, MCALL_EXIT))
		mcall(g, MCALL_EXIT);
	throw("a dead goroutine ran again");
}

/* ---- starting the runtime, binding threads -------------------------- */

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
	const char *env = getenv("GOCC_MAXPROCS");

	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);
		if (*end || n < 1)
			fatal("GOCC_MAXPROCS=%s: want a positive number", env);
		return n > MAXPROCS_LIMIT ? MAXPROCS_LIMIT : (int32_t)n;
	}
	int32_t n = ncpu();
	return n > MAXPROCS_LIMIT ? MAXPROCS_LIMIT : n;
}

static void schedinit(void)
{
	lock(&initlock);
	if (!atomic_load(&runtime_started)) {
		int32_t procs = initprocs ? initprocs : defaultprocs();
		san_init();
		stackinit();
		fatal_init();
		atomic_store(&sched.goidgen, 1);       /* 1 is main's */
		atomic_store(&sched.gomaxprocs, procs);
		lock(&sched.lock);
		for (int32_t i = procs - 1; i >= 0; i--)
			pidleput(allp[i] = palloc(i));
		sched.nallp = procs;
		unlock(&sched.lock);
		atomic_store(&runtime_started, true);
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
	tls_m = m;
	atomic_fetch_add(&sched.gcount, 1);
	atomic_store(&g1bound, true);
	stack_thread_init();

	lock(&sched.lock);
	P *p = pidleget();
	unlock(&sched.lock);
	if (p) {
		acquirep(m, p);
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

	lock(&sched.lock);
	sched.nforeign--;
	unlock(&sched.lock);
	setstatus(g, G_DEAD);
	g->foreign = false;
	san_release(g);
	lock(&sched.gfreelock);
	gfpushglobal(&g, 1);
	unlock(&sched.gfreelock);
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
	g->goid = newgoid(NULL);
	setstatus(g, G_RUNNING);
	lock(&sched.lock);
	sched.nforeign++;
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
	M *m = tls_m;

	if (m)
		return m->curg ? m->curg->goid : 0;
	if (tls_foreign_g)
		return tls_foreign_g->goid;
	return syscall(SYS_gettid) == getpid() ? 1 : 0;
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
		/* The Ms may all be idle already: nobody else would look. */
		lock(&sched.lock);
		checkdead();
		unlock(&sched.lock);
		notesleep(&g->park);
		san_acquire(g);
		return;
	}
	M *m = tls_m;
	if (g == m->g0)
		throw("park on the scheduler stack");
	g->waitsince = m->p->now;
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

/* Queue runnable g in p's runnext, or on the global queue for a caller
 * that holds no P, and wake an idle P to look (Go's ready). */
static void runqready(P *p, G *g)
{
	if (p) {
		runqput(p, g, true);
	} else {
		lock(&sched.lock);
		globrunqput(g);
		unlock(&sched.lock);
	}
	wakep();
}

void goready(G *g)
{
	M *m = tls_m;

	san_release(g);
	g->waitreason = WAIT_NONE;
	if (g->foreign) {
		setstatus(g, G_RUNNING);
		notewakeup(&g->park);
		return;
	}
	setstatus(g, G_RUNNABLE);
	runqready(m ? m->p : NULL, g);
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

/* ---- the API -------------------------------------------------------- */

void gocc_newproc(uint32_t siz, const gocc_funcval *fv, const void *args)
{
	getg();
	M *m = tls_m;
	P *p = m ? m->p : NULL;
	G *g = gfget(p);

	g->goid = newgoid(p);
	g->fv = fv;
	if (siz <= INLINE_ARGS) {
		memcpy(g->inlineargs, args, siz);
		g->argsiz = (uint8_t)siz;
	} else {
		if (siz > stack_size / 4)
			fatal("go statement's arguments take %u bytes, more than a"
			      " quarter of the %zu-byte stack", siz, stack_size);
		g->stk = stackalloc(p);
		gstartframe(g, args, siz);
	}
	setstatus(g, G_RUNNABLE);
	san_release(g);
	if (p)
		atomic_store_explicit(&p->gcount, p->gcount + 1, memory_order_relaxed);
	else
		atomic_fetch_add(&sched.gcount, 1);
	runqready(p, g);
}

struct goargs {
	void (*fn)(void *);
	void *arg;
};

static void gotramp(void *p)
{
	struct goargs *a = p;
	a->fn(a->arg);
}

static const gocc_funcval gofv = { gotramp };

void gocc_go(void (*fn)(void *), void *arg)
{
	struct goargs a = { fn, arg };
	gocc_newproc(sizeof a, &gofv, &a);
}

void gocc_yield(void)
{
	G *g = getg();

	if (g->foreign)
		sched_yield();
	else if (g != tls_m->g0)
		mcall(g, MCALL_YIELD);
}

int64_t gocc_goid(void)
{
	return getg()->goid;
}

int64_t gocc_numgoroutine(void)
{
	int64_t n = atomic_load(&sched.gcount);

	if (!atomic_load(&runtime_started))
		return 1;
	for (int32_t i = 0; i < sched.nallp; i++)
		n += atomic_load_explicit(&allp[i]->gcount, memory_order_relaxed);
	return n + !atomic_load(&g1bound);
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
		sched.nallp = n;
	atomic_store(&sched.gomaxprocs, n);
	/* Idle Ps past n die now; running ones when their M next schedules. */
	for (P **pp = &sched.pidle; *pp;) {
		if ((*pp)->id >= n) {
			(*pp)->status = P_DEAD;
			*pp = (*pp)->link;
			atomic_fetch_sub(&sched.npidle, 1);
		} else {
			pp = &(*pp)->link;
		}
	}
	unlock(&sched.lock);
	wakep();
	return prev;
}
