/*
 * stack.c - goroutine stacks: where they come from, how overflow is caught,
 * and how they are reused.
 *
 * C cannot move stacks (interior pointers), so each goroutine gets a fixed
 * reservation that the kernel commits page by page as it is touched.
 * Stacks are carved from large MAP_NORESERVE arenas, each slot a guard
 * region followed by the usable stack.  Guards are installed with
 * MADV_GUARD_INSTALL (Linux 6.13+), which marks page-table entries without
 * splitting the arena's mapping, so a million stacks still cost one VMA
 * each arena instead of two per stack (vm.max_map_count is 65530 by
 * default).  On older kernels guards fall back to mprotect, which splits
 * the mapping: the process then runs out of mappings near 32,000 live
 * stacks and says so.  GOCC_GUARDMODE=mprotect forces the fallback.
 *
 * A fault in a guard is reported as "gocc: goroutine N stack overflow" by
 * a SIGSEGV handler running on a per-thread alternate signal stack (the
 * overflowing stack has no room for a signal frame).  Any other SIGSEGV
 * or SIGBUS goes to the handler the program had, or to fatal.c's report
 * where it had none.
 */
#include "runtime.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

/* 256 KiB: C frames are larger than Go's (printf alone uses several KiB,
 * and a signal frame with AVX-512 state needs about 12 KiB), C cannot grow
 * a stack later, and only touched pages cost memory, so a generous
 * reservation is nearly free. */
enum { DEFAULT_STACK = 256 << 10, MIN_STACK = 16 << 10 };
enum { GUARD = 64 << 10 };
enum { ARENA_SLOTS = 256 };

size_t stack_size;
static size_t slot_size;
static bool guard_mprotect;

rlock stacklock;
static uintptr_t arena_next, arena_end;
/* Free stacks beyond the per-P caches, linked through their top word. */
static uintptr_t freestacks;
static size_t nfreestacks;

static struct sigaction oldsegv, oldbus;

static size_t pagesize(void)
{
	static size_t ps;
	if (!ps)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

static void overflow_handler(int sig, siginfo_t *si, void *ctx);

void stackinit(void)
{
	const char *env = getenv("GOCC_STACKSIZE");
	size_t ps = pagesize();

	stack_size = DEFAULT_STACK;
	if (env && *env) {
		char *end;
		unsigned long long v = strtoull(env, &end, 0);
		if (*end || v < MIN_STACK || v > (1ULL << 32))
			fatal("GOCC_STACKSIZE=%s: want a byte count from %d to 4 GiB",
			      env, MIN_STACK);
		stack_size = (size_t)v;
	}
	stack_size = (stack_size + ps - 1) & ~(ps - 1);
	slot_size = stack_size + GUARD;
	env = getenv("GOCC_GUARDMODE");
	guard_mprotect = env && strcmp(env, "mprotect") == 0;

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = overflow_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &oldsegv);
	sigaction(SIGBUS, &sa, &oldbus);
}

static void nomem(const char *what)
{
	fatal("cannot %s a goroutine stack: %s%s", what, strerror(errno),
	      errno == ENOMEM && guard_mprotect ?
	      " (guards by mprotect need two mappings per stack; raise"
	      " vm.max_map_count or use Linux 6.13+)" : "");
}

static void guard(uintptr_t base)
{
	if (!guard_mprotect && madvise((void *)base, GUARD, MADV_GUARD_INSTALL) == 0)
		return;
	if (!guard_mprotect && errno != EINVAL)
		nomem("guard");
	guard_mprotect = true;  /* an old kernel: fall back for good */
	if (mprotect((void *)base, GUARD, PROT_NONE) != 0)
		nomem("guard");
}

/* A never-used slot from the current arena (stacklock held). */
static stack carve(void)
{
	if (arena_next == arena_end) {
		size_t len = ARENA_SLOTS * slot_size;
		void *a = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (a == MAP_FAILED)
			nomem("reserve");
		/* A huge page would commit 2 MiB for a 4 KiB stack. */
		madvise(a, len, MADV_NOHUGEPAGE);
		arena_next = (uintptr_t)a;
		arena_end = arena_next + len;
	}
	uintptr_t base = arena_next;
	arena_next += slot_size;
	guard(base);
	return (stack){ base + GUARD, base + slot_size };
}

static void pushfree(stack s)
{
	*(uintptr_t *)(s.hi - sizeof(uintptr_t)) = freestacks;
	freestacks = s.hi;
	nfreestacks++;
}

static stack popfree(void)
{
	uintptr_t hi = freestacks;
	freestacks = *(uintptr_t *)(hi - sizeof(uintptr_t));
	nfreestacks--;
	return (stack){ hi - stack_size, hi };
}

stack stackalloc(P *p)
{
	stack s;

	if (p && p->nstackcache > 0)
		return p->stackcache[--p->nstackcache];
	lock(&stacklock);
	if (p) {
		/* Refill half the cache at once, as Go's stackcacherefill. */
		while (nfreestacks > 0 && p->nstackcache < STACKCACHE_MAX / 2)
			p->stackcache[p->nstackcache++] = popfree();
		if (p->nstackcache > 0) {
			unlock(&stacklock);
			return p->stackcache[--p->nstackcache];
		}
	} else if (nfreestacks > 0) {
		s = popfree();
		unlock(&stacklock);
		return s;
	}
	s = carve();
	unlock(&stacklock);
	san_newstack(s.lo, s.hi);
	return s;
}

void stackfree(P *p, stack s)
{
	if (p && p->nstackcache < STACKCACHE_MAX) {
		p->stackcache[p->nstackcache++] = s;
		return;
	}
	lock(&stacklock);
	if (p) {
		while (p->nstackcache > STACKCACHE_MAX / 2)
			pushfree(p->stackcache[--p->nstackcache]);
		p->stackcache[p->nstackcache++] = s;
	} else {
		pushfree(s);
	}
	unlock(&stacklock);
}

void stackcache_flush(P *p)
{
	lock(&stacklock);
	while (p->nstackcache > 0)
		pushfree(p->stackcache[--p->nstackcache]);
	unlock(&stacklock);
}

/* The stack of the calling thread, for its g0 or for goroutine 1. */
stack thread_stack(void)
{
	pthread_attr_t attr;
	void *addr;
	size_t size;

	pthread_getattr_np(pthread_self(), &attr);
	pthread_attr_getstack(&attr, &addr, &size);
	pthread_attr_destroy(&attr);
	return (stack){ (uintptr_t)addr, (uintptr_t)addr + size };
}

void stack_thread_init(void)
{
	stack_t ss, old;
	size_t size = (size_t)sysconf(_SC_SIGSTKSZ);

	if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE))
		return;         /* the program (or a sanitizer) set one */
	/* A crash report runs libdw here (traceback.c), whose line
	 * tables take a few hundred KiB of stack; only touched pages cost. */
	if (size < (1 << 20))
		size = 1 << 20;
	ss.ss_sp = mmap(NULL, size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ss.ss_sp == MAP_FAILED)
		fatal("cannot allocate a signal stack: %s", strerror(errno));
	ss.ss_size = size;
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
}

/* Async-signal-safe decimal. */
static char *fmtint(char *end, int64_t v)
{
	bool neg = v < 0;
	uint64_t u = neg ? -(uint64_t)v : (uint64_t)v;

	*--end = 0;
	do
		*--end = (char)('0' + u % 10);
	while (u /= 10);
	if (neg)
		*--end = '-';
	return end;
}

/* The raw call: libgocc's write may park, and this is a signal handler. */
static void writes(const char *s)
{
	syscall(SYS_write, 2, s, strlen(s));
}

static void chain(struct sigaction *old, int sig, siginfo_t *si, void *ctx)
{
	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, si, ctx);
	} else if (old->sa_handler == SIG_DFL) {
		fatal_signal(sig, si, ctx);
	} else if (old->sa_handler == SIG_IGN) {
		/* Let the fault happen again with the default action. */
		signal(sig, SIG_DFL);
	} else {
		old->sa_handler(sig);
	}
}

static void overflow_handler(int sig, siginfo_t *si, void *ctx)
{
	M *m = getm();
	G *g = m ? (m->curg ? m->curg : m->g0) : NULL;
	uintptr_t a = (uintptr_t)si->si_addr;
	char num[24];

	if (g && g->stk.lo && a < g->stk.lo && a >= g->stk.lo - GUARD) {
		writes("gocc: goroutine ");
		writes(fmtint(num + sizeof num, g->goid));
		writes(" stack overflow (stack size ");
		writes(fmtint(num + sizeof num, (int64_t)(g->stk.hi - g->stk.lo)));
		writes(" bytes; set GOCC_STACKSIZE for more)\n");
		trace_finish();
		_exit(2);
	}
	chain(sig == SIGBUS ? &oldbus : &oldsegv, sig, si, ctx);
}
