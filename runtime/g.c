/*
 * g.c - where a goroutine is born and where its G goes when it dies (Go's
 * newproc, gfget/gfput and allgs).
 *
 * Birth: gocc_newproc takes a dead G from the P's free list (gfget) or
 * makes one (malg), copies the arguments into it, and queues it in the
 * P's runnext (runqready).  A G gets its stack only when it first runs
 * (sched.c's prepare), so a million queued Gs cost a million small
 * structs, not a million stacks.
 *
 * Death: the G's entry function returns to gocc_goexit (asm), which
 * switches away for the last time (sched.c); what runs next calls goexit0,
 * which frees the stack and puts the G on a free list.
 */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* main: it lives outside the slabs, since it exists before any slab. */
G g1;
_Atomic bool g1bound;

/* Where transparent huge pages are on for all memory, a slab's 2 MiB
 * alignment makes a million queued Gs cost 100 page faults instead of
 * 50,000 and little TLB missing.  We do not ask for huge pages with
 * madvise: on a VM that reports free memory to its host they often come
 * back cold, and a 1M spawn took 110-470 ns a goroutine at random instead
 * of a steady 180. */
_Static_assert(sizeof(struct slab) <= SLAB_BYTES, "a slab fits its mapping");
rlock slablock;
struct slab *slabs;

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

	/* TSan counts the slab's mmap as a write by the thread that mapped
	 * it, and cannot see slablock: each G handed out here must carry
	 * that write to the thread that takes it. */
	lock(&slablock);
	san_acquire(&slablock);
	if (!slabs || slabs->used == SLAB_GS) {
		struct slab *s = slaballoc();
		s->next = slabs;
		__atomic_store_n(&slabs, s, __ATOMIC_RELEASE);  /* for forallg */
	}
	g = &slabs->gs[slabs->used];
	/* Published last: forallg reads `used` without the lock. */
	__atomic_store_n(&slabs->used, slabs->used + 1, __ATOMIC_RELEASE);
	san_release(&slablock);
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
	__atomic_store_n(&sched.ngfree, sched.ngfree + n, __ATOMIC_RELAXED);
	san_release(&sched.gfree);
}

/* sched.gfreelock held: up to n Gs into gs; how many. */
static int32_t gfpopglobal(G **gs, int32_t n)
{
	if (n > sched.ngfree)
		n = sched.ngfree;
	__atomic_store_n(&sched.ngfree, sched.ngfree - n, __ATOMIC_RELAXED);
	gcopy(gs, sched.gfree + sched.ngfree, n);
	san_release(&sched.gfree);
	return n;
}

/* Move p's free Gs beyond the first `keep` to the global stack. */
void gfspill(P *p, int32_t keep)
{
	lock(&sched.gfreelock);
	gfpushglobal(p->gfree + keep, p->gfreecnt - keep);
	unlock(&sched.gfreelock);
	p->gfreecnt = keep;
}

void gfput(P *p, G *g)
{
	if (!p) {
		lock(&sched.gfreelock);
		gfpushglobal(&g, 1);
		unlock(&sched.gfreelock);
		return;
	}
	p->gfree[p->gfreecnt++] = g;
	if (p->gfreecnt == GFREE_MAX)
		gfspill(p, GFREE_BATCH);
}

/* A hint, read without the lock: gfpopglobal counts again under it. */
static inline bool gfglobal(void)
{
	return __atomic_load_n(&sched.ngfree, __ATOMIC_RELAXED) > 0;
}

G *gfget(P *p)
{
	G *g = NULL;

	if (!p) {
		if (gfglobal()) {
			lock(&sched.gfreelock);
			gfpopglobal(&g, 1);
			unlock(&sched.gfreelock);
		}
	} else {
		if (p->gfreecnt == 0 && gfglobal()) {
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

int64_t newgoid(P *p)
{
	if (!p)
		return atomic_fetch_add(&sched.goidgen, 1) + 1;
	if (p->goidcache == p->goidcacheend) {
		p->goidcache = atomic_fetch_add(&sched.goidgen, GOID_BATCH) + 1;
		p->goidcacheend = p->goidcache + GOID_BATCH;
	}
	return p->goidcache++;
}

/* On whatever runs next on g's M, once g has switched away for the last
 * time. */
void goexit0(M *m, G *g)
{
	P *p = m->p;

	setstatus(g, G_DEAD);
	g->exiting = false;
	if (g->hasctx) {        /* the next goroutine in g starts with none */
		g->ctx = NULL;
		g->hasctx = false;
	}
	san_deadg(g);
	san_release(g);         /* to whoever reuses g */
	stackfree(p, g->stk);
	g->stk = (stack){0, 0};
	if (p)
		atomic_store_explicit(&p->gcount, p->gcount - 1, memory_order_relaxed);
	else    /* a preempted G, which ran without a P */
		atomic_fetch_sub(&sched.gcount, 1);
	addawake(p, -1);
	gfput(p, g);
}

/* gopc: the return address of the go statement's call. */
static void newproc(uint32_t siz, const gocc_funcval *fv, const void *args,
		    uintptr_t gopc)
{
	int64_t parent = getg()->goid;
	M *m = getm();
	P *p = m ? m->p : NULL;
	G *g = gfget(p);

	g->goid = newgoid(p);
	g->fv = fv;
	g->gopc = gopc;
	g->parentgoid = parent;
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
	addawake(p, 1);
	TRACE(p, g, EV_CREATE);
	runqready(p, g);
	/* Goroutines run: sysmon watches for long slices (preempt.c). */
	if (!atomic_load_explicit(&sysmon_started, memory_order_relaxed))
		sysmon_wake();
}

void gocc_newproc(uint32_t siz, const gocc_funcval *fv, const void *args)
{
	newproc(siz, fv, args, (uintptr_t)__builtin_return_address(0));
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
	newproc(sizeof a, &gofv, &a, (uintptr_t)__builtin_return_address(0));
}

int64_t gocc_goid(void)
{
	return getg()->goid;
}

int64_t gcount(void)
{
	int64_t n = atomic_load(&sched.gcount);

	int32_t np = __atomic_load_n(&sched.nallp, __ATOMIC_ACQUIRE);
	for (int32_t i = 0; i < np; i++)
		n += atomic_load_explicit(&allp[i]->gcount, memory_order_relaxed);
	return n;
}

int64_t gocc_numgoroutine(void)
{
	if (!atomic_load(&runtime_started))
		return 1;
	return gcount() + !atomic_load(&g1bound);
}

