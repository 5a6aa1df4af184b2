/*
 * sanitizer.c - telling ASan (and its LeakSanitizer), TSan and Valgrind
 * about goroutine stacks, so programs built with -fsanitize=address or
 * -fsanitize=thread, or run under Valgrind, work with libgocc as it is.
 *
 * libgocc is not built with a sanitizer (but for the tests' TSan build of
 * it, test/runtime/tsan_libgocc.test); it finds the sanitizer runtimes
 * through weak references, which resolve only when the program links one.
 * Without one every hook is a predictable branch.  TSan cannot see the
 * runtime's own atomics, so the places where one goroutine hands work or
 * data to another also report a release/acquire pair.
 */
#include "runtime.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <valgrind/valgrind.h>

void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom,
				    size_t size) __attribute__((weak));
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
				     size_t *size_old) __attribute__((weak));
void *__tsan_get_current_fiber(void) __attribute__((weak));
void *__tsan_create_fiber(unsigned flags) __attribute__((weak));
void __tsan_switch_to_fiber(void *fiber, unsigned flags) __attribute__((weak));
void __tsan_destroy_fiber(void *fiber) __attribute__((weak));
void __tsan_acquire(void *addr) __attribute__((weak));
void __tsan_release(void *addr) __attribute__((weak));
void __lsan_register_root_region(const void *p, size_t size) __attribute__((weak));

static bool asan, tsan, lsan;
bool san_active;

/* Before main: a thread may use a channel before the runtime starts
 * (that needs no runtime), and must not race with setting these. */
__attribute__((constructor)) static void san_detect(void)
{
	asan = __sanitizer_start_switch_fiber != NULL;
	tsan = __tsan_switch_to_fiber != NULL;
	lsan = __lsan_register_root_region != NULL;     /* ASan's, or alone */
	san_active = asan || tsan || lsan;
}

static void lsanroots(void);

void san_init(void)
{
	if (lsan)
		atexit(lsanroots);
}

/*
 * LeakSanitizer finds what is reachable from the threads' stacks and
 * registers, the globals and the heap: not from goroutine stacks that are
 * switched out, nor from the arguments of Gs not yet run, which wait in
 * the slabs.  Memory that only parked goroutines hold would be reported
 * as leaked.  So just before the leak check at exit (ASan registered it
 * with atexit before any gocc call, so it runs after this), copy the words
 * that the goroutines hold into one mapping and register that as a root.
 * It costs nothing while the program runs, and at exit only the bytes in
 * use; one region, not one a stack, because LSan (before LLVM 17) rereads
 * /proc/self/maps for every region it scans.
 *
 * Goroutines keep running until LSan stops the threads.  One running now
 * is on its M's stack, which LSan scans; one that switches away later is
 * added then, by whatever runs next on its M (san_after_switch, while
 * ASan still takes the M's stack to be the old one).  One running when the
 * copy reads it may be switching away that moment: it is copied whole.
 */
enum { ROOTS_SLACK = 2 << 20 };         /* words, for late additions */
static struct {
	uintptr_t *buf;                 /* NULL while counting */
	size_t cap;
	_Atomic size_t n;               /* words taken */
	_Atomic bool late;              /* copying: Gs that leave add theirs */
} roots;

static void addroots(uintptr_t lo, uintptr_t hi)
{
	lo &= ~(sizeof(uintptr_t) - 1);
	const uintptr_t *w = (const uintptr_t *)lo;
	size_t n = (hi - lo) / sizeof(uintptr_t);
	size_t at = atomic_fetch_add(&roots.n, n);

	/* Not memcpy: ASan checks what memcpy reads, and goroutine stacks
	 * hold poisoned redzones. */
	for (size_t i = 0; roots.buf && i < n && at + i < roots.cap; i++)
		roots.buf[at + i] = __atomic_load_n(&w[i], __ATOMIC_RELAXED);
}

/* g's words that may hold the only pointer to a heap block. */
static void gcroots(G *g, void *arg)
{
	uint8_t st = atomic_load_explicit(&g->status, memory_order_acquire);
	uintptr_t sp = (uintptr_t)g->sp;

	if (g->foreign || st == G_DEAD)
		return;
	if (g->stk.lo == 0)             /* not run yet: its arguments */
		addroots((uintptr_t)g->inlineargs,
			 (uintptr_t)g->inlineargs + g->argsiz + sizeof(uintptr_t) - 1);
	else if (st == G_RUNNING && !g->main)
		addroots(g->stk.lo, g->stk.hi);
	else if (st != G_RUNNING && sp >= g->stk.lo && sp < g->stk.hi)
		addroots(sp, g->stk.hi);
}

static void lsanroots(void)
{
	forallg(gcroots, NULL);
	roots.cap = atomic_load(&roots.n) + ROOTS_SLACK;
	void *buf = mmap(NULL, roots.cap * sizeof(uintptr_t), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (buf == MAP_FAILED)
		return;
	roots.buf = buf;
	atomic_store(&roots.n, 0);
	atomic_store(&roots.late, true);        /* after buf, before the walk */
	forallg(gcroots, NULL);
	__lsan_register_root_region(buf, roots.cap * sizeof(uintptr_t));
}

void san_newstack(uintptr_t lo, uintptr_t hi)
{
	VALGRIND_STACK_REGISTER(lo, hi);
}

/* TSan counts fibers as threads and allows about 8000, so a G has a fiber
 * only from its first run to its exit. */
void san_newg_hook(G *g, bool current_thread)
{
	if (tsan && !g->tsan_fiber)
		g->tsan_fiber = current_thread ? __tsan_get_current_fiber()
					       : __tsan_create_fiber(0);
}

void san_deadg_hook(G *g)
{
	if (tsan && g->tsan_fiber) {
		__tsan_destroy_fiber(g->tsan_fiber);
		g->tsan_fiber = NULL;
	}
}

void san_before_switch_hook(G *from, G *to)
{
	if (asan)
		__sanitizer_start_switch_fiber(from->exiting ? NULL : &from->asan_fake_stack,
					       (void *)to->stk.lo, to->stk.hi - to->stk.lo);
	if (tsan)
		__tsan_switch_to_fiber(to->tsan_fiber, 0);
}

void san_after_switch_hook(G *self)
{
	if (lsan && atomic_load_explicit(&roots.late, memory_order_acquire)) {
		G *left = getm()->pending;      /* off its stack from now on */
		if (left && !left->exiting)
			addroots((uintptr_t)left->sp, left->stk.hi);
	}
	if (asan)
		__sanitizer_finish_switch_fiber(self->asan_fake_stack, NULL, NULL);
}

void san_release_hook(void *addr)
{
	if (tsan)
		__tsan_release(addr);
}

void san_acquire_hook(void *addr)
{
	if (tsan)
		__tsan_acquire(addr);
}
