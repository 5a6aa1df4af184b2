/*
 * sanitizer.c - telling ASan, TSan and Valgrind about goroutine stacks, so
 * programs built with -fsanitize=address or -fsanitize=thread, or run
 * under Valgrind, work with libgocc as it is.
 *
 * libgocc is not built with a sanitizer; it finds the sanitizer runtimes
 * through weak references, which resolve only when the program links one.
 * Without one every hook is a predictable branch.  TSan cannot see the
 * runtime's own atomics, so the places where one goroutine hands work or
 * data to another also report a release/acquire pair.
 */
#include "runtime.h"

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

static bool asan, tsan;
bool san_active;

void san_init(void)
{
	asan = __sanitizer_start_switch_fiber != NULL;
	tsan = __tsan_switch_to_fiber != NULL;
	san_active = asan || tsan;
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
