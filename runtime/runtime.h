/*
 * runtime.h - libgocc's core data structures, in one place (Go's
 * runtime2.go), and the internal calls the files of the runtime share.
 *
 * G: a goroutine.  M: an OS thread that runs Gs.  P: the right to run Gs,
 * with its run queue, free lists and timers; an M must hold a P to run a G.
 * There are GOCC_MAXPROCS Ps, as many Ms as needed.
 *
 * Who owns what:
 *   g.c        where a goroutine is born (gocc_newproc), the G registry,
 *              free Gs and goids, and what happens to a G when it dies
 *   sched.c    the scheduler loop, findrunnable and stealing, and how a G
 *              parks, yields, exits and is readied (the handoff protocol)
 *   thread.c   Ms and Ps: starting, idling and waking threads, binding
 *              main and the program's threads, gocc_maxprocs
 *   runq.c     the per-P and global run queues
 *   stack.c    goroutine stacks: arenas, guards, caches, overflow reports
 *   lock.c     the runtime's futex lock, its order check (-DGOCC_LOCKRANK)
 *              and one-shot notes
 *   sanitizer.c  telling ASan, TSan and Valgrind about stack switches
 *   semaphore.c  counting semaphores (Go's sema.go) for the sync objects
 *   waitgroup.c, chan.c, select.c, mutex.c, rwmutex.c, once.c, cond.c
 *              the public objects
 *   time.c     the clocks and the timers
 *   wait.c     the one way to park with a deadline and a context
 *   ctx.c      gocc_ctx, Go's context: cancellation and deadlines
 *   netpoll.c  goroutines waiting for descriptors: epoll, gocc_fd_wait
 *   syscall.c  goroutines in system calls: their P may go on meanwhile
 *   sysmon.c   the monitor thread: takes Ps from long system calls and
 *              asks long-running goroutines to give theirs up
 *   preempt.c  preemption at the compilers' safe points: a goroutine gives
 *              its P away and runs on without one
 *   schedtrace.c  GOCC_DEBUG=schedtrace: Go's SCHED lines, from sysmon
 *   trace.c    GOCC_TRACE=FILE: the scheduler's events, per P, written
 *              as a timeline (Chrome's trace-event JSON) by a thread of
 *              its own
 *   env.c      settings from the environment, GOCC_DEBUG's list among them
 *   hooks.c, hooks_wait.c, hooks_syscall.c  libc's blocking calls, made
 *              to park the goroutine (or to enter the syscall state)
 *   fatal.c    fatal errors, crashes, the deadlock check and the
 *              goroutine dump
 *   traceback.c  a goroutine's stack and creation site, symbolized
 *   debugger.c  gocc_debug, what debuggers read to find the goroutines,
 *              and gocc-gdb.py, gdb's commands that read it, embedded
 *   asm_amd64.S, asm_arm64.S  the context switch and the goroutine entry
 *              and exit; arch_amd64.c, arch_arm64.c a new goroutine's
 *              first frame, as the switch expects it
 */
#ifndef GOCC_RUNTIME_H
#define GOCC_RUNTIME_H

#include "gocc.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

typedef struct gocc_g G;
typedef struct gocc_m M;
typedef struct gocc_p P;

/* Go's numbers (proc.go, runtime2.go). */
enum {
	RUNQ_SIZE = 256,            /* per-P local run queue */
	GLOBAL_RUNQ_TICK = 61,      /* check the global queue every 61 ticks */
	GOID_BATCH = 16,            /* goids a P takes at once */
	GFREE_MAX = 64,             /* per-P free Gs before spilling half */
	GFREE_BATCH = 32,           /* free Gs moved at once */
	STACKCACHE_MAX = 32,        /* per-P cached stacks before spilling half */
	MAXPROCS_LIMIT = 1024,      /* the most Ps we will ever make */
	INLINE_ARGS = 80,           /* args kept in the G until its first run */
	INHERIT_MAX = 4096,         /* runnext runs in a row before a new slice */
};

/* ---- locks and notes (lock.c) ------------------------------------- */

/* A futex lock: 0 unlocked, 1 locked, 2 locked with waiters. */
typedef struct rlock {
	_Atomic uint32_t key;
} rlock;

/*
 * The lock order (Go's lockrank.go).  Every runtime lock has a rank; the
 * ranks are listed in the order the locks are taken, each with the ranks
 * that may be held when it is taken.  No rank may be held under an
 * earlier one, so the list is a total order and no two threads can each
 * hold what the other waits for.  A lock not named here is a leaf:
 * nothing may be taken while it is held.  A new lock or a new nesting
 * adds its line or its arc here.  The debug build (-DGOCC_LOCKRANK)
 * checks every lock against this list on the thread that takes it
 * (lock.c) and dies with "lock ordering problem" naming both locks.
 *
 * Where sched.lock may be taken, nothing but initlock may be held: in
 * wakep and startm, in newm, whose pthread_create also takes glibc's
 * locks (its stack cache, the loader's) and may sleep in mmap and clone,
 * and so in goready and runqready, which end in wakep.  So an object
 * collects the Gs to wake under its lock and readies them once it has
 * dropped it (goreadylist, chan_sendto), and the program's own calls
 * (the mutex a cond wait unlocks) run with no runtime lock held.  Timer
 * functions run with none held too (checktimers drops timerslock).
 *
 * A goroutine that parks holds its object's lock until it is off its
 * stack, and whatever runs next on its M drops it (sched.c): the lock is
 * taken and dropped on one thread, which is where the checker keeps it.
 *
 *      rank       the lock                     may be held when taken
 */
#define LOCKRANKS(X)							\
	/* gocc's first call starts the runtime (thread.c) */		\
	X(INIT,      "initlock",                  0)			\
	/* the sync objects' queues, taken by the program's calls */	\
	X(COND,      "a gocc_cond's waiter list", 0)			\
	X(WAITGROUP, "a gocc_waitgroup's queue",  0)			\
	X(SEMA,      "a semaphore's queue",       0)			\
	/* select locks its channels in address order */		\
	X(HCHAN,     "a channel",                 MAYHOLD(HCHAN))	\
	/* a context ends its children under its lock (ctx.c) */	\
	X(CTX,       "a gocc_ctx",                MAYHOLD(CTX))		\
	/* ... and decides the waits parked under it (wait.c) */	\
	X(IOWAIT,    "a descriptor's waits or a sleep", MAYHOLD(CTX))	\
	/* schedinit makes the Ps under initlock */			\
	X(SCHED,     "sched.lock",                MAYHOLD(INIT))	\
	X(TIMERS,    "a P's timerslock",          0)			\
	X(GFREE,     "sched.gfreelock",           0)			\
	X(SLAB,      "slablock (the G slabs)",    0)			\
	/* a parking G holds its object's lock while a handoff gives	\
	   the next G its first stack (sched.c) */			\
	X(STACK,     "stacklock",                 MAYHOLD(COND) |	\
		MAYHOLD(WAITGROUP) | MAYHOLD(SEMA) | MAYHOLD(HCHAN) |	\
		MAYHOLD(IOWAIT))					\
	/* any lock not named above */					\
	X(LEAF,      "an unranked lock",          MAYHOLD(LEAF) - 1)
#define MAYHOLD(rank) (1u << LOCKRANK_##rank)

enum lockrank {
#define X(rank, name, mayhold) LOCKRANK_##rank,
	LOCKRANKS(X)
#undef X
	LOCKRANK_GLOBAL,            /* lock(): ranked by its address (the
				       global locks, a P's timerslock) */
};

/* The global locks; the others live in objects and in Ps. */
extern rlock initlock, slablock, stacklock;

#ifdef GOCC_LOCKRANK
/* Die unless a lock of this rank may be taken now, and note it held. */
void lockrank_acquire(rlock *l, enum lockrank rank);
void lockrank_release(rlock *l);
/* Die unless a lock of this rank could be taken now (code that takes it
 * only sometimes checks every time). */
void lockrank_mayacquire(enum lockrank rank);
#else
static inline void lockrank_acquire(rlock *l, enum lockrank rank) {}
static inline void lockrank_release(rlock *l) {}
static inline void lockrank_mayacquire(enum lockrank rank) {}
#endif

enum { UNLOCKED, LOCKED, CONTENDED };
void lock_slow(rlock *l);
void unlock_wake(rlock *l);

/* Take l, whose rank is `rank`: the locks in objects say theirs. */
static inline void lockwithrank(rlock *l, enum lockrank rank)
{
	uint32_t c = UNLOCKED;

	lockrank_acquire(l, rank);
	if (!atomic_compare_exchange_strong_explicit(&l->key, &c, LOCKED,
			memory_order_acquire, memory_order_relaxed))
		lock_slow(l);
}

/* Take one of the global locks (or a P's timerslock). */
static inline void lock(rlock *l)
{
	lockwithrank(l, LOCKRANK_GLOBAL);
}

static inline void unlock(rlock *l)
{
	lockrank_release(l);
	if (atomic_exchange_explicit(&l->key, UNLOCKED, memory_order_release) == CONTENDED)
		unlock_wake(l);
}

/* A one-shot wakeup for a sleeping thread (Go's note). */
typedef struct note {
	_Atomic uint32_t key;
} note;

/* Clear n, then look (seq_cst) for what a wakeup brings: a wakeup that
 * the clear erases published its news (seq_cst) before it, and the look
 * sees that; any later wakeup leaves n set. */
void noteclear(note *n);
void notewakeup(note *n);
void notesleep(note *n);
/* Sleep until woken or until the monotonic time `deadline` (ns, <0 none);
 * returns true if woken. */
bool notetsleep(note *n, int64_t deadline);

/* ---- stacks (stack.c) --------------------------------------------- */

typedef struct stack {
	uintptr_t lo, hi;           /* usable [lo, hi); the guard lies below lo */
} stack;

void stackinit(void);
stack stackalloc(P *p);
void stackfree(P *p, stack s);
void stackcache_flush(P *p);    /* a P being retired gives its stacks back */
/* The stack of the calling thread, for its g0 or for goroutine 1. */
stack thread_stack(void);
/* Arm the stack-overflow handler on the calling thread (each M). */
void stack_thread_init(void);
extern size_t stack_size;       /* usable bytes of each stack */

/* ---- goroutines --------------------------------------------------- */

enum gstatus {
	G_IDLE,                     /* just allocated */
	G_RUNNABLE,                 /* on a run queue */
	G_RUNNING,                  /* on an M */
	G_WAITING,                  /* parked on a runtime object */
	G_DEAD,                     /* exited, on a free list */
	G_SYSCALL,                  /* in a system call, its M without a P */
};

/* Why a G waits (shown by the goroutine dump and the deadlock report). */
enum waitreason {
	WAIT_NONE,
	WAIT_WAITGROUP,
	WAIT_CHAN_SEND,
	WAIT_CHAN_RECV,
	WAIT_CHAN_SEND_NIL,
	WAIT_CHAN_RECV_NIL,
	WAIT_SELECT,
	WAIT_SELECT_NOCASES,
	WAIT_MUTEX,
	WAIT_RWMUTEX_R,
	WAIT_RWMUTEX_W,
	WAIT_COND,
	WAIT_SLEEP,
	WAIT_IO_READ,
	WAIT_IO_WRITE,
	NUM_WAITREASONS
};
extern const char *const waitreason_names[NUM_WAITREASONS];

struct gocc_g {
	/* The first cache line holds all that birth, scheduling, switching
	 * and death touch, and the arguments of a G not yet run when they
	 * fit in 16 bytes (gocc_go's do): a G made on one P and run on
	 * another then moves one line between the cores and back.  Larger
	 * arguments run on into the second line. */
	void *sp;                   /* saved stack pointer while switched out */
	stack stk;                  /* {0,0} until first run (lazy stacks) */
	int64_t goid;
	const gocc_funcval *fv;     /* entry, until the first run */
	_Atomic uint8_t status;     /* enum gstatus */
	uint8_t argsiz;             /* bytes in inlineargs, until the first run */
	uint8_t waitreason;
	bool foreign;               /* a thread outside the scheduler: parks
				       on its note, never on a run queue */
	bool main;                  /* goroutine 1: runs on main's own stack */
	bool exiting;               /* goexit: the switch away is the last */
	bool hasctx;                /* ctx is set: clear it when g dies */
	unsigned char inlineargs[INLINE_ARGS] __attribute__((aligned(16)));
	/* Waiting, and the tools. */
	G *schedlink;               /* next in a list to ready (goreadylist) */
	_Atomic uint32_t selectdone;/* a select's wakers race for this */
	note park;                  /* foreign threads sleep here */
	int64_t waitsince;          /* coarse nanotime when it parked */
	void *param;                /* passed by the waker (the sudog that won) */
	void *asan_fake_stack;      /* ASan's state for this fiber */
	void *tsan_fiber;           /* TSan's fiber, from first run to exit */
	gocc_ctx *ctx;              /* its current context (gocc_ctx_enter), or
				       NULL: every parked wait honours it */
	uintptr_t gopc;             /* return address of its go statement */
	int64_t parentgoid;         /* the goroutine that made it */
	bool preemptwarned;         /* GOCC_DEBUG=preemptwarn said it once */
	pid_t tid;                  /* a foreign G's thread, for debuggers */
} __attribute__((aligned(64)));
_Static_assert(__builtin_offsetof(G, inlineargs) + 16 == 64 &&
	       __builtin_offsetof(G, schedlink) == 128, "G's cache lines");

/* ---- threads ------------------------------------------------------ */

struct gocc_m {
	G *g0;                      /* its scheduler stack */
	G *curg;                    /* the G it runs, NULL on g0 */
	P *p;                       /* the P it holds, NULL if none */
	P *nextp;                   /* a P handed over by whoever woke it */
	int64_t id;
	bool spinning;              /* looking for work, holding a P */
	note park;                  /* idle Ms sleep here */
	M *schedlink;               /* next on the idle list */
	M *alllink;                 /* next on sched.allm */
	uint32_t fastrand;
	/* The G that just switched away, and what it asked for (Go's mcall);
	 * done by whatever runs next on this M, g0 or another G. */
	G *pending;
	enum { MCALL_PARK, MCALL_YIELD, MCALL_EXIT, MCALL_EXITSYSCALL } mcallop;
	/* Set by park before the switch to g0, run there once the G is off
	 * its stack (Go's waitunlockf). */
	bool (*waitunlockf)(G *g, void *arg);
	void *waitarg;
	/* In a system call (syscall.c): the P it left, which it takes back
	 * unless sysmon handed it to another M meanwhile. */
	P *oldp;
	/* Preemption (preempt.c): this thread's gocc_preemptflag, which
	 * sysmon sets, and whether its G runs on without a P. */
	volatile unsigned char *preemptflag;
	bool preempted;
	pid_t tid;                  /* its thread (gettid), for debuggers */
	G g0storage;
};

/* ---- processors ----------------------------------------------------- */

/* P_SYSCALL: its M is in a system call; sysmon may take it (CAS to
 * P_IDLE), else the M takes it back (CAS to P_RUNNING). */
enum pstatus { P_IDLE, P_RUNNING, P_DEAD, P_SYSCALL };

struct timer;

struct gocc_p {
	int32_t id;
	_Atomic uint32_t status;    /* enum pstatus */
	bool retiring;              /* past gomaxprocs, not yet given up
				       (sched.nretiring); under sched.lock */
	P *link;                    /* next on the idle list */
	M *m;                       /* the M that holds it */
	uint32_t schedtick;         /* bumped on every schedule of a new slice */
	uint32_t inherited;         /* runnext Gs run in this slice so far */
	/* System calls made on it (syscall.c), and what sysmon saw last. */
	_Atomic uint32_t syscalltick;
	uint32_t sysmontick;
	int64_t sysmonwhen;
	/* The slice sysmon saw last (schedtick), and since when (preempt.c). */
	uint32_t sysmonsched;
	int64_t sysmonschedwhen;
	int64_t now;                /* coarse clock, read by findrunnable: when
				       a G parks (waitsince), give or take a
				       slice of hand-offs */
	/* Local run queue: lock-free ring; the owner puts at tail, anyone
	 * takes at head.  runnext, if set, runs next and inherits the slice. */
	_Atomic uint32_t runqhead;
	_Atomic uint32_t runqtail;
	G *_Atomic runnext;
	G *runq[RUNQ_SIZE];
	/* Dead Gs to reuse (they hold no stack). */
	G *gfree[GFREE_MAX];
	int32_t gfreecnt;
	/* Stacks to reuse. */
	stack stackcache[STACKCACHE_MAX];
	int32_t nstackcache;
	/* goids handed out from [goidcache, goidcacheend). */
	int64_t goidcache, goidcacheend;
	/* Gs born on this P minus Gs that died on it (gocc_numgoroutine sums
	 * these instead of contending on one counter). */
	_Atomic int64_t gcount;
	/* Gs this P made awake (born, readied) minus Gs that fell asleep or
	 * died on it; added into sched.nawake when the P is released. */
	int64_t nawake;
	/* Timers (time.c): a 4-ary min-heap by deadline, under timerslock;
	 * the scheduler reads ntimers without it, as a hint (atomic). */
	rlock timerslock;
	struct timer **timers;
	int32_t ntimers, timerscap;
};

/* A P's status is read without a lock by thieves (stealwork, runqsteal),
 * as a hint: the run queue's own atomics decide what they take. */
static inline void setpstatus(P *p, enum pstatus s)
{
	__atomic_store_n(&p->status, s, __ATOMIC_RELAXED);
}

/* ---- the scheduler's global state ---------------------------------- */

struct sched {
	/* Read on every spawn and schedule, written only when Ps or Ms go
	 * idle or the P count changes: apart from the lines below, which
	 * running Ps write all the time. */
	_Atomic int32_t gomaxprocs;
	int32_t nallp;              /* allp[0..nallp) exist; those at or past
				       gomaxprocs are retired but may still
				       hold timers.  Read without the lock:
				       stored (release) after those allp */
	_Atomic int32_t npidle;
	_Atomic int32_t nmspinning;
	/* Ps past gomaxprocs still held by an M that has not yet looked
	 * (retirep).  While there are any, thieves look at all of allp: an
	 * M that missed the shrink may have stolen onto its P, or its G
	 * readied Gs there, and they would wait for nobody. */
	_Atomic int32_t nretiring;
	_Atomic int64_t sleepuntil; /* timerm's deadline (0: no timerm) */
	_Atomic bool polling;       /* an M is blocked in netpoll ... */
	_Atomic int32_t npreempted; /* Ms running a G without a P (preempt.c) */
	_Atomic int64_t polluntil;  /* ... until then (0: none) */

	/* The scheduler lock and what it guards. */
	rlock lock __attribute__((aligned(64)));
	M *midle;                   /* idle Ms */
	int32_t nmidle;
	M *timerm;                  /* the idle M that sleeps until the next
				       timer, off midle (stopm) */
	int32_t mcount;             /* Ms made */
	M *allm;                    /* every M, newest first, never unlinked:
				       stored (release) so that the trace
				       walks it without the lock */
	int64_t mnext;              /* next M id */
	P *pidle;                   /* idle Ps */
	int32_t nforeign;           /* live foreign threads (checkdead) */
	/* Goroutines and foreign threads awake, for checkdead.  Asleep is
	 * parked on a runtime object, which only another goroutine or thread
	 * can signal; all else is awake: running, runnable, and later in a
	 * syscall or waiting for I/O, which the world outside ends.  Threads
	 * without a P count here directly, each P through its nawake when it
	 * is released: with every M idle, this one number says it all. */
	_Atomic int64_t nawake;
	_Atomic int32_t runqsize;
	struct gchunk *runqhead, *runqtail;     /* global run queue (runq.c) */
	struct gchunk *chunkfree;

	/* Free Gs and goids, taken by spawning Ps. */
	rlock gfreelock __attribute__((aligned(64)));
	G **gfree;                  /* a stack: the last freed is reused first */
	int32_t ngfree, gfreecap;   /* ngfree: also read unlocked (atomic) */
	_Atomic int64_t goidgen;
	_Atomic int64_t gcount;     /* like P.gcount, for Gs made off any P */
};

extern struct sched sched;
extern P *allp[MAXPROCS_LIMIT];
extern _Atomic bool runtime_started;

/* n Gs woke (1) or fell asleep or died (-1) on p, or off any P. */
static inline void addawake(P *p, int64_t n)
{
	if (p)
		p->nawake += n;
	else
		atomic_fetch_add(&sched.nawake, n);
}

/* ---- g.c: births and deaths ---------------------------------------- */

extern G g1;                    /* main, goroutine 1 */
extern _Atomic bool g1bound;    /* main has called into gocc */

/* Gs live in slabs and are never freed (Go's allgs), so that the dump and
 * debuggers can walk every G that ever existed (forallg).  A slab is a
 * fresh (zeroed) 2 MiB mapping aligned to its size (g.c says why). */
enum { SLAB_BYTES = 2 << 20, SLAB_GS = (SLAB_BYTES - 64) / sizeof(G) };
struct slab {
	struct slab *next;
	size_t used;                /* gs[0..used) handed out */
	G gs[SLAB_GS];
};
extern struct slab *slabs;      /* newest first */

/* Status is read only by the dump, which tolerates a stale value: no
 * fence on the hot path. */
static inline void setstatus(G *g, enum gstatus s)
{
	atomic_store_explicit(&g->status, s, memory_order_release);
}

/* A dead G to reuse, or a new one; p NULL: from the global free list. */
G *gfget(P *p);
/* Keep dead g for reuse; p NULL: on the global free list. */
void gfput(P *p, G *g);
/* Move p's free Gs beyond the first `keep` to the global list. */
void gfspill(P *p, int32_t keep);
int64_t newgoid(P *p);          /* p NULL: from the global counter */
int64_t gcount(void);           /* live goroutines (main once bound) */
/* Free the stack of g, which has switched away for the last time. */
void goexit0(M *m, G *g);
/* Lay out g's first frame on its stack: args at the top (arch_*.c). */
void gstartframe(G *g, const void *args, uint32_t siz);

/* ---- thread.c: Ms and Ps -------------------------------------------- */

/* sched.lock held: the idle P list. */
void pidleput(P *p);
P *pidleget(void);
void acquirep(M *m, P *p);
P *releasep(M *m);
/* Sleep until there is a P to run, Gs or due timers; returns holding it.
 * m's P, if it had one, is idle already. */
void stopm(M *m);
/* A detached thread running fn(arg); fatal if none can be made. */
void newthread(void *(*fn)(void *), void *arg);
/* Give up m's P, which gocc_maxprocs removed, unless it came back since. */
void retirep(M *m);

/* A timer was added with deadline `when`: make sure some M will wake for
 * it. */
void timer_added(int64_t when);

void wakep_slow(void);
/* Another P may have work now: wake one if a P is idle and no M is
 * already spinning for work (Go's wakep).  The fence is the waker's half
 * of the spinning M's "delicate dance" (sched.c, findrunnable): the work
 * was published by a release store, and x86 lets a later load pass an
 * earlier store, so without it we could read an M as spinning (or no P
 * idle) while that M, done looking, still misses the work. */
static inline void wakep(void)
{
	lockrank_mayacquire(LOCKRANK_SCHED);    /* startm's */
#if defined(__SANITIZE_THREAD__)
	/* TSan does not model fences (and warns): a locked RMW orders the
	 * same on x86-64, and on this thread's own word it adds no
	 * happens-before edge that would hide a race from TSan. */
	static __thread _Atomic int fence;
	atomic_fetch_add_explicit(&fence, 0, memory_order_relaxed);
#else
	atomic_thread_fence(memory_order_seq_cst);
#endif
	if (atomic_load(&sched.npidle) != 0)
		wakep_slow();
}

/* ---- sched.c: the scheduler's services ------------------------------ */

/* g0 of every M: run Gs forever. */
_Noreturn void schedloop(M *m);
/* Switch from the running G to its M's g0, which does `op` (Go's mcall);
 * returns when the G runs again, possibly on another M. */
void mcall(G *g, int op);
/* Finish the park, yield or exit of the G that last switched away from
 * this M (m->pending), once it is off its stack. */
void finishpending(void);

extern __thread M *tls_m;       /* read it through getm() */
extern __thread G *tls_foreign_g;

/* The calling thread's M, or NULL on a thread outside the scheduler.
 * Read afresh every time: after any switch the goroutine may run on
 * another thread.  x86-64 reaches TLS through %fs on every access, but GCC
 * on AArch64 keeps the thread pointer (tpidr_el0) in a register for a
 * whole function, so a plain read of tls_m after a switch reads the old
 * thread's M (which left a parked goroutine's lock held for ever). */
static inline __attribute__((always_inline)) M *getm(void)
{
#if defined(__aarch64__)
	uintptr_t tp;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp) : : "memory");
	/* tls_m's offset from the thread pointer is the same on every
	 * thread, so computing it from a stale one is fine. */
	uintptr_t off = (uintptr_t)&tls_m - (uintptr_t)__builtin_thread_pointer();
	return *(M *volatile *)(tp + off);
#else
	return tls_m;
#endif
}

/* The current goroutine; makes the runtime start and gives a foreign
 * thread its pseudo-G on first use (getg_slow). */
G *getg_slow(void);
static inline G *getg(void)
{
	M *m = getm();

	if (m)
		return m->curg ? m->curg : m->g0;
	G *g = tls_foreign_g;
	return g ? g : getg_slow();
}
/* Its id for messages, without starting the runtime (0: not a goroutine). */
int64_t curgoid(void);

/* Park the current G.  unlockf(g, arg), if not NULL, runs once g is off
 * its stack (on g0, or at once for a foreign thread); if it returns false,
 * g resumes at once.  Whoever readies g later calls goready(g). */
void gopark(bool (*unlockf)(G *, void *), void *arg, enum waitreason reason);
/* Park, unlocking l once parked. */
void goparkunlock(rlock *l, enum waitreason reason);
/* Make a parked g runnable: into the current P's runnext, or a foreign
 * thread's note. */
void goready(G *g);
/* goready each G of a list linked through schedlink. */
void goreadylist(G *list);

uint32_t fastrand(void);
uint32_t fastrandn(uint32_t n);

/* ---- runq.c ------------------------------------------------------- */

/* Copy n G pointers between the run and free queues.  Not memcpy: TSan
 * intercepts memcpy and checks it, and cannot see the runtime's locks. */
static inline void gcopy(G **dst, G *const *src, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		__atomic_store_n(&dst[i], src[i], __ATOMIC_RELAXED);
}


void runqputtail(P *p, G *g);
/* Queue g on p: into runnext (the old runnext going to the tail) if next. */
static inline void runqput(P *p, G *g, bool next)
{
	if (next && (g = atomic_exchange(&p->runnext, g)) == NULL)
		return;
	runqputtail(p, g);
}
G *runqget(P *p, bool *inherit);
G *runqgetring(P *p);           /* the ring only, passing over runnext */
bool runqempty(P *p);
G *runqsteal(P *p, P *victim, bool stealnext);
void globrunqput(G *g);         /* sched.lock held */
void globrunqputbatch(G *const *gs, int32_t n);          /* sched.lock held */
G *globrunqget(P *p, int32_t max);                      /* sched.lock held */

/* Queue runnable g on p (in runnext if next), or on the global queue for
 * a caller that holds no P. */
static inline void runqputany(P *p, G *g, bool next)
{
	if (p) {
		runqput(p, g, next);
	} else {
		lock(&sched.lock);
		globrunqput(g);
		unlock(&sched.lock);
	}
}

/* Queue runnable g in p's runnext, or on the global queue for a caller
 * that holds no P, and wake an idle P to look (Go's ready). */
static inline void runqready(P *p, G *g)
{
	runqputany(p, g, true);
	wakep();
}

/* ---- time.c: clocks, and timers run by the scheduler ----------------- */

int64_t nanotime(void);
int64_t nanotime_coarse(void);  /* cheap, to a few ms: wait stamps */
int64_t deadline(int64_t ns);   /* now + ns, saturating at GOCC_NEVER */

struct timer {
	int64_t when;
	/* Runs on g0 and never parks.  It must call timerdone(t) before it
	 * readies whoever owns t, unless t is its own to free. */
	void (*f)(struct timer *t, int64_t now);
	void *arg;
	P *_Atomic p;               /* the heap it is on, NULL once it fired */
	int32_t idx;                /* its place in that heap */
	_Atomic bool live;          /* armed, or its function has not finished */
};
void addtimer(struct timer *t);
/* Disarm t, or wait for its function to call timerdone: then t may go. */
void deltimer(struct timer *t);
void timerdone(struct timer *t);
/* Run p's due timers. */
void checktimers(P *p, int64_t now);
/* p's earliest deadline, 0 if none (without its lock). */
int64_t timerdue(P *p);
/* Earliest deadline over all Ps, or -1 if no timer is pending. */
int64_t timers_earliest(void);
/* p is retiring: its timers go to P 0, which never does (Go's moveTimers). */
void movetimers(P *p);

/* ---- wait queues: FIFO queues of sudogs ------------------------------
 * The one wait structure behind channels, select and the sync objects.
 * Each object embeds its own queue and a lock, so there is no global table
 * to search (Go's sema.go hashes addresses into 251 treaps because Go
 * objects cannot hold runtime pointers; C objects can). */

/* A G waiting on an object: channels, select and the sync objects. */
typedef struct sudog {
	G *g;
	struct sudog *next, *prev;
	void *elem;                 /* data element (may point to a stack) */
	bool isselect;
	bool success;               /* woken by a real op, not by close; for a
				       semaphore, handed the releaser's count */
	uint32_t ticket;            /* a cond waiter's place in line */
} sudog;

typedef struct waitq {
	sudog *first, *last;
} waitq;

/* Channels' fast paths read `first` without the lock (chan.c): release,
 * so that one that sees the queue empty also sees what came before. */
static inline void waitq_setfirst(waitq *q, sudog *s)
{
	__atomic_store_n(&q->first, s, __ATOMIC_RELEASE);
}

static inline void waitq_push(waitq *q, sudog *s)
{
	s->next = NULL;
	s->prev = q->last;
	if (q->last)
		q->last->next = s;
	else
		waitq_setfirst(q, s);
	q->last = s;
}

static inline void waitq_push_front(waitq *q, sudog *s)
{
	s->prev = NULL;
	s->next = q->first;
	if (q->first)
		q->first->prev = s;
	else
		q->last = s;
	waitq_setfirst(q, s);
}

static inline void waitq_remove(waitq *q, sudog *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		waitq_setfirst(q, s->next);
	if (s->next)
		s->next->prev = s->prev;
	else
		q->last = s->prev;
	s->next = s->prev = NULL;
}

/* The first waiter, skipping select sudogs whose select another case has
 * already won (Go's waitq.dequeue). */
static inline sudog *waitq_pop(waitq *q)
{
	sudog *s;

	while ((s = q->first) != NULL) {
		waitq_remove(q, s);
		if (s->isselect) {
			uint32_t zero = 0;
			if (!atomic_compare_exchange_strong(&s->g->selectdone, &zero, 1))
				continue;
		}
		return s;
	}
	return NULL;
}

/* errno's address, asked afresh: glibc declares __errno_location const,
 * so the compiler may reuse an address taken before a park, which can
 * resume on another thread. */
int *errnop(void) __attribute__((noipa));

/* ---- wait.c: parking with a deadline and a context ------------------ */

/* A G parked on an object's queue until the object wakes it, its
 * deadline passes, or its current context ends: whichever comes first
 * decides res, under the object's lock. */
enum { WAIT_PENDING = -1, WAIT_WOKEN = 0, WAIT_DEADLINE = -2 };
typedef struct gwait {
	sudog sg;                   /* on the object's queue; sg.g is the G */
	rlock *l;                   /* the object's lock (IOWAIT): guards res, q */
	waitq *q;                   /* the object's queue, NULL: a plain sleep */
	int res;                    /* WAIT_*, or the context's errno */
	bool queued;                /* on q (and so parked, once l is free) */
	struct timer t;             /* the deadline, if any */
	gocc_ctx *ctx;              /* the context it is listed on */
	struct gwait *cnext, *cprev;
} gwait;

/* Arm w for a wait on queue q under lock l (not held) until deadline
 * (GOCC_NEVER: none), in the current goroutine's context. */
void gwait_init(gwait *w, rlock *l, waitq *q, int64_t deadline);
/* l held, w pending: queue w, park, and return with l unlocked and w's
 * result.  If a waker decided already, return that without parking. */
int gwait_park(gwait *w, enum waitreason why);
/* l held: w is off q by the object's hand; decide it woken.  Returns the
 * G to ready once l is dropped, or NULL if w was decided already. */
G *gwait_wake(gwait *w);
/* After the wait, whatever ended it: disarm, leave the context. */
void gwait_done(gwait *w);
/* Park until deadline, honouring the context: 0, or its errno. */
int sleepuntil(int64_t deadline);

/* The context of w ended with err (its lock held): decide w, and push
 * its G on *ready (through schedlink) if it must be readied. */
void gwait_cancel(gwait *w, int err, G **ready);

/* ---- ctx.c ----------------------------------------------------------- */

/* List w on ctx, so that its end decides w; if ctx has ended, decide it
 * now.  ctx_leave takes it off again. */
void ctx_join(gocc_ctx *ctx, gwait *w);
void ctx_leave(gocc_ctx *ctx, gwait *w);

/* ---- netpoll.c: descriptors that goroutines wait on ------------------- */

enum { NETPOLL_EITHER = 2 };    /* a mode: read or write, whichever first */

/* What a descriptor number names, as far as parking goes (hooks.c). */
enum { FD_UNKNOWN, FD_SOCKET, FD_PIPE, FD_OTHER /* never parks */ };

/* The record of a descriptor number: netpoll.c's waits, hooks.c's view. */
struct pd {
	rlock lock;                 /* guards the waits and gen, registered */
	uint32_t gen;               /* bumped when the number is closed */
	bool registered;            /* in the epoll set, with gen */
	dev_t dev;                  /* the file registered */
	ino_t ino;
	_Atomic uint32_t seq[2];    /* events seen, per direction */
	waitq q[3];                 /* parked waits (gwait.sg): read, write,
				       either */
	/* hooks.c, reset whenever the number is made or closed through it. */
	_Atomic uint8_t kind;       /* FD_*, learnt at first use */
	bool made;                  /* a socket made through the hooks: the
				       runtime may set O_NONBLOCK on it */
	bool sysnb;                 /* it did: O_NONBLOCK is hidden ... */
	bool usernb;                /* ... and this is the user's view */
	/* What a made socket's blocking calls ask before they park, learnt
	 * once instead of two system calls a park: valid while viewepoch is
	 * hooks.c's, which every O_NONBLOCK or SO_*TIMEO change through the
	 * hooks moves on (on any number: dups share a description). */
	_Atomic uint32_t viewepoch;
	bool viewnb;                /* O_NONBLOCK, when !sysnb */
	int64_t timeo[2];           /* SO_RCVTIMEO, SO_SNDTIMEO in ns; 0 none */
};
/* The record of fd, made on first use; NULL past the table's range. */
struct pd *pdget(int fd);
/* Events of `mode` (0 read, 1 write, NETPOLL_EITHER) seen on fd so far: sample it before
 * trying the call whose EAGAIN leads to netpoll_wait. */
uint32_t netpoll_seq(struct pd *pd, int mode);
/* Park until an event of mode after seq (WAIT_WOKEN), the deadline
 * (WAIT_DEADLINE), the context's end (its errno), a close (EBADF), or
 * not at all if epoll refuses fd (why: EPERM for a regular file). */
int netpoll_wait(int fd, struct pd *pd, int mode, uint32_t seq, int64_t deadline);
/* fd is being closed (or dup'd onto): its waiters fail with EBADF. */
void netpoll_close(int fd);
/* Gs waiting on descriptors: the scheduler polls only while there are. */
extern _Atomic int32_t netpoll_waiters;
/* Ready Gs whose descriptors are ready, linked through schedlink; wait
 * until `until` (0: do not wait, <0: forever) or netpoll_break. */
G *netpoll(int64_t until);
void netpoll_break(void);

/* ---- syscall.c, sysmon.c: system calls and the monitor ---------------- */

/* Around a call that may block the thread: the P stays with the M unless
 * the call lasts and work waits (sysmon), as in Go.  No-ops outside a
 * goroutine's M. */
void entersyscall(void);
void exitsyscall(void);
/* For a call known to block: the P is handed on at once. */
void entersyscallblock(void);
/* Queue the Gs of list (through schedlink), which netpoll readied, at
 * the tail of p's ring, or without a P on the global queue, and wake an
 * idle P to share them. */
void injectlist(P *p, G *list);
/* A P taken from a system call: run it, or park it idle. */
void handoffp(P *p);
/* Start sysmon if it is not running (the first system call or wait on a
 * descriptor); wake it if it sleeps deeply. */
void sysmon_wake(void);
extern _Atomic bool sysmon_started;
extern _Atomic bool sysmonwait;         /* sysmon sleeps until woken */

/* ---- preempt.c ------------------------------------------------------ */

/* sysmon: ask p's M to give p up if it has run one slice too long. */
bool preemptslice(P *p, int64_t now);
/* sysmon: a P is idle; the Ms running without one may take it. */
void preemptreturn(void);
/* m's G, which ran without a P, parked, yielded or exited. */
void preemptdone(M *m);
/* m's G, running without a P, takes one back: an idle one, or it waits on
 * the global queue and runs wherever a P picks it up. */
void preemptstop(M *m);
extern _Atomic int64_t lastpoll;        /* when netpoll last ran */

/* ---- env.c, schedtrace.c: settings, and what they show --------------- */

/* A positive number from the environment variable name, or dflt; past
 * max, max. */
int32_t envnum(const char *name, int32_t dflt, int32_t max);
/* GOCC_DEBUG's settings (Go's debug), 0 unless set; read once, at start. */
struct debugvars {
	int32_t schedtrace;         /* ms between SCHED lines, 0: none */
	int32_t scheddetail;        /* 1: a line per P, M and G too */
	int32_t preemptwarn;        /* 1: name Gs that pass no safe point */
};
extern struct debugvars debug;
void parsedebugvars(void);
/* Print Go's SCHED line to stderr, and with `detailed` the Ps, Ms and Gs
 * (called by sysmon every debug.schedtrace ms). */
void schedtrace(bool detailed);

/* ---- trace.c: GOCC_TRACE's timeline ----------------------------------- */

/* What happened, and to which G (the G passed with it).  On a P, in its
 * buffer, by the M that holds it; without a P, in a locked buffer. */
enum traceev {
	EV_CREATE,                  /* g was made (by the running G) */
	EV_START,                   /* g runs on the P */
	EV_PARK,                    /* g parks (g->waitreason) ... */
	EV_YIELD,                   /* ... yields ... */
	EV_EXIT,                    /* ... or exits, and leaves the P
				       (traceswitch) */
	EV_UNPARK,                  /* the running G (or the scheduler) readied g */
	EV_SYSCALL,                 /* g enters a system call, keeping the P */
	EV_SYSEXIT,                 /* g is back, running on the P */
	EV_SYSBLOCK,                /* the P is taken from g's call */
	EV_PIDLE,                   /* the P goes idle ... */
	EV_PRUN,                    /* ... and is taken to run */
	EV_PREEMPT,                 /* g gives the P away at a safe point and
				       runs on without one (preempt.c) */
};
/* GOCC_TRACE is set: written once, by schedinit, before any M exists.
 * Hidden, so that a hook reads it directly and not through the GOT. */
extern bool trace_on __attribute__((visibility("hidden")));
void trace_init(void);          /* reads GOCC_TRACE (schedinit) */
void traceevent(P *p, G *g, enum traceev ev);
/* g leaves p as mcall's op asks, and next, if not NULL, runs there: the
 * switch's two events behind one branch. */
void traceswitch(P *p, G *g, int op, G *next);
/* Write out what is recorded and stop (at exit, and when dying). */
void trace_finish(void);
/* The trace writer's thread, which is no M (checkdead counts threads). */
extern _Atomic bool tracewriter_started;

/* While tracing is off a hook is a single predictable branch (cmpb,
 * jne), and the code around it stays as it was: the hooks take p and g
 * first, where the calls after them take theirs, and sit where GCC need
 * not keep more values across a call for them (callgrind: hooks placed
 * otherwise made pingpong run 4% more instructions, the branches alone
 * 1%).  -DGOCC_NOTRACE compiles them out, for bench/trace.sh to measure
 * what is left. */
static inline bool tracing(void)
{
#ifdef GOCC_NOTRACE
	return false;
#else
	return __builtin_expect(trace_on, 0);
#endif
}
#define TRACE(p, g, ev) do { if (tracing()) traceevent(p, g, ev); } while (0)
#define TRACE_SWITCH(p, g, op, next) do {				\
	if (tracing())							\
		traceswitch(p, g, op, next);				\
} while (0)

/* ---- hooks*.c: libc's blocking calls, parking goroutines ------------- */

void hooks_init(void);          /* reads GOCC_HOOKS */
extern bool hooksoff;           /* GOCC_HOOKS=0, or a forked child */

/* libc's names that libgocc defines are exported from it. */
#define HOOK __attribute__((visibility("default")))

/* Is the caller a goroutine that may park?  One that a preemption left
 * without a P takes one back first: a call that parks is where it may
 * move to another thread. */
static inline bool hooking(void)
{
	M *m = getm();

	if (!m || !m->curg || hooksoff)
		return false;
	if (__builtin_expect(m->preempted, 0))
		preemptstop(m);
	return getm()->p != NULL;
}

/* The number was made, or closed, through the hooks: forget what they
 * knew of it. */
void fdreset(int fd, int kind, bool made, bool usernb);
extern void __chk_fail(void) __attribute__((noreturn));

/* ---- sanitizer.c ---------------------------------------------------- */

/* True when the program links ASan or TSan: the hooks below cost one
 * predictable branch otherwise. */
extern bool san_active;

void san_init(void);
void san_newstack(uintptr_t lo, uintptr_t hi);  /* a stack was made */
void san_newg_hook(G *g, bool current_thread);
void san_deadg_hook(G *g);
void san_before_switch_hook(G *from, G *to);
void san_after_switch_hook(G *self);
void san_release_hook(void *addr);
void san_acquire_hook(void *addr);

#define SAN_HOOK(call) do { if (__builtin_expect(san_active, 0)) call; } while (0)
/* g's TSan fiber, made at its first run (or the thread's own fiber). */
static inline void san_newg(G *g, bool cur) { SAN_HOOK(san_newg_hook(g, cur)); }
static inline void san_deadg(G *g) { SAN_HOOK(san_deadg_hook(g)); }
/* Around every switch; `from` is dying if from->exiting. */
static inline void san_before_switch(G *from, G *to) { SAN_HOOK(san_before_switch_hook(from, to)); }
static inline void san_after_switch(G *self) { SAN_HOOK(san_after_switch_hook(self)); }
/* TSan happens-before edges between goroutines. */
static inline void san_release(void *addr) { SAN_HOOK(san_release_hook(addr)); }
static inline void san_acquire(void *addr) { SAN_HOOK(san_acquire_hook(addr)); }

/* ---- fatal.c -------------------------------------------------------- */

/* The thread reporting a fatal error, or 0.  While it reports, holding
 * runtime locks, the program's calls are libc's alone: no goroutine will
 * run again to be woken. */
extern _Atomic pid_t dying;

/* Print "gocc: fatal error: <msg>" naming the current goroutine, exit 2. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The deadlock report (checkdead): message, dump, exit 2. */
_Noreturn void fatal_deadlock(void);
/* sched.lock held: exit if no goroutine can ever run again. */
void checkdead(void);
/* SIGQUIT dumps the goroutines; faults report the goroutine. */
void fatal_init(void);
/* A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) with no handler of
 * the program's: "unexpected signal", the dump, exit 2. */
_Noreturn void fatal_signal(int sig, siginfo_t *si, void *ctx);
/* An internal invariant broke. */
_Noreturn void throw(const char *msg);
/* Walk all Gs (for the dump). */
void forallg(void (*fn)(G *g, void *arg), void *arg);

/* ---- traceback.c ---------------------------------------------------- */

/* g's frames, then where it was made, through put.  uc: the registers of
 * g, which runs on this thread (from a signal, or getcontext); NULL for a
 * switched-out g. */
void traceback(G *g, const ucontext_t *uc, bool signal,
	       void (*put)(void *sink, const char *line), void *sink);
/* Where a signal stopped the thread. */
uintptr_t sigpc(const ucontext_t *uc);
/* Name pc's function and its file:line into buf ("worker /src/a.c:12",
 * or "worker+0x1c" without line information); pc is a return address. */
void symbolize(uintptr_t pc, char *buf, size_t len);

/* ---- asm_amd64.S, asm_arm64.S ------------------------------------------ */

/* Tell the CPU we are spinning. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#endif
}

/* Save the callee-saved state on the current stack, store sp in *save,
 * switch to new_sp and return there. */
void gocc_ctxswitch(void **save, void *new_sp);
/* First instruction of a new goroutine (never called directly). */
void gocc_gostart(void);
/* The return address every goroutine's entry function sees. */
extern const char gocc_goexit_ret[];

/* The frame gocc_ctxswitch leaves at a switched-out G's sp, described for
 * debuggers (debugger.c) by arch_*.c: the code the G resumes in, the
 * switch's caller, finds register regs[i].name (gdb's name) in the word
 * at sp + regs[i].off, and its stack pointer at sp + size. */
struct switchframe {
	char sp[8];
	uint32_t size, nregs;
	struct {
		char name[8];
		uint32_t off;
	} regs[16];
};
extern const struct switchframe switchframe;

#endif /* GOCC_RUNTIME_H */
