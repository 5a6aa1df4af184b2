/*
 * schedtrace.c - GOCC_DEBUG=schedtrace=MS[,scheddetail=1]: every MS
 * milliseconds sysmon prints Go's scheduler trace to stderr, in Go's
 * format and with Go's field names, so that whoever knows Go's reads it
 * at once (Go's schedtrace, proc.go):
 *
 *   SCHED 1004ms: gomaxprocs=4 idleprocs=2 threads=6 spinningthreads=0 idlethreads=3 runqueue=0 [0 0 1 0]
 *
 * runqueue is the global queue, the brackets each P's ring (runnext not
 * counted, as in Go).  threads counts the Ms; sysmon, an M in Go, is none
 * here.  scheddetail=1 prints instead a line per P, M and G.  Fields Go has
 * and gocc does not print Go's value for "none", so that the lines keep
 * Go's shape: gcwaiting, nmidlelocked, stopwait (no garbage collector, no
 * stopping the world, no locked Ms); an M's mallocing, throwing,
 * preemptoff, locks, dying, blocked (not kept) and lockedg; a G's lockedm.
 * sysmonwait is 0, as in Go: sysmon, awake, is the one printing.  P, G
 * status numbers are Go's (_Prunning 1, _Gwaiting 4...), not gocc's.
 *
 * The other threads change what is read here while it is read: like Go's,
 * the lines are a debugging aid, each number true at some moment of the
 * print, and not one snapshot.  Every such read is an explicit relaxed
 * load, and the scheduler's stores stay plain: its hot paths do not pay
 * for a debug print.  So TSan, which would call each pair a race, is told
 * not to look at the reads here (UNWATCHED); forallg and the run queues
 * are atomic throughout, and it checks those.
 */
#include "runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PEEK(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define UNWATCHED __attribute__((no_sanitize("thread")))

/* Lines are gathered and written to stderr a buffer at a time. */
struct out {
	char buf[4096];
	size_t n;
};

static void flush(struct out *o)
{
	fwrite(o->buf, 1, o->n, stderr);
	o->n = 0;
}

static void __attribute__((format(printf, 2, 3))) out(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->n > sizeof o->buf - 256)
		flush(o);
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->n, sizeof o->buf - o->n, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->n += (size_t)n < sizeof o->buf - o->n ? (size_t)n : sizeof o->buf - o->n - 1;
}

/* Go's numbers for the states, which its users know. */
static int gostatus(uint8_t s)
{
	static const int go[] = {
		[G_IDLE] = 0, [G_RUNNABLE] = 1, [G_RUNNING] = 2,
		[G_SYSCALL] = 3, [G_WAITING] = 4, [G_DEAD] = 6,
	};
	return go[s];
}

static int pstatus(uint32_t s)
{
	static const int go[] = {
		[P_IDLE] = 0, [P_RUNNING] = 1, [P_SYSCALL] = 2, [P_DEAD] = 4,
	};
	return go[s];
}

/* The M running g, found among the Ms' curg: a G does not name its M. */
static UNWATCHED int64_t gm(G *g, uint8_t status)
{
	if (status != G_RUNNING && status != G_SYSCALL)
		return -1;
	for (M *m = __atomic_load_n(&sched.allm, __ATOMIC_ACQUIRE); m; m = m->alllink)
		if (PEEK(m->curg) == g)
			return m->id;
	return -1;
}

static UNWATCHED void traceg(G *g, void *arg)
{
	uint8_t status = atomic_load_explicit(&g->status, memory_order_relaxed);
	uint8_t why = PEEK(g->waitreason);

	out(arg, "  G%lld: status=%d(%s) m=%lld lockedm=-1\n", (long long)PEEK(g->goid),
	    gostatus(status), status == G_WAITING && why < NUM_WAITREASONS ?
	    waitreason_names[why] : "", (long long)gm(g, status));
}

UNWATCHED void schedtrace(bool detailed)
{
	static int64_t starttime;
	int64_t now = nanotime();
	struct out o = { .n = 0 };

	if (starttime == 0)
		starttime = now;
	int32_t procs = atomic_load(&sched.gomaxprocs);
	lock(&sched.lock);
	int32_t mcount = sched.mcount, nmidle = sched.nmidle;
	unlock(&sched.lock);
	out(&o, "SCHED %lldms: gomaxprocs=%d idleprocs=%d threads=%d "
	    "spinningthreads=%d idlethreads=%d runqueue=%d",
	    (long long)((now - starttime) / 1000000), procs,
	    atomic_load(&sched.npidle), mcount, atomic_load(&sched.nmspinning),
	    nmidle, atomic_load(&sched.runqsize));
	if (detailed)
		out(&o, " gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n");
	for (int32_t i = 0; i < procs; i++) {
		P *p = allp[i];
		uint32_t h = atomic_load(&p->runqhead), t = atomic_load(&p->runqtail);
		M *m = PEEK(p->m);
		if (detailed)
			out(&o, "  P%d: status=%d schedtick=%u syscalltick=%u m=%lld "
			    "runqsize=%u gfreecnt=%d timerslen=%d\n", i,
			    pstatus(atomic_load(&p->status)), PEEK(p->schedtick),
			    atomic_load(&p->syscalltick), (long long)(m ? m->id : -1),
			    t - h, PEEK(p->gfreecnt), PEEK(p->ntimers));
		else
			out(&o, "%s%u%s", i == 0 ? " [" : " ", t - h,
			    i == procs - 1 ? "]\n" : "");
	}
	if (detailed) {
		for (M *m = __atomic_load_n(&sched.allm, __ATOMIC_ACQUIRE); m; m = m->alllink) {
			P *p = PEEK(m->p);
			G *g = PEEK(m->curg);
			out(&o, "  M%lld: p=%d curg=%lld mallocing=0 throwing=0 "
			    "preemptoff= locks=0 dying=0 spinning=%s blocked=false "
			    "lockedg=-1\n", (long long)m->id, p ? p->id : -1,
			    (long long)(g ? PEEK(g->goid) : -1),
			    PEEK(m->spinning) ? "true" : "false");
		}
		forallg(traceg, &o);
	}
	flush(&o);
}
