/*
 * once.c - gocc_once, Go's sync.Once: fn runs once, and every call returns
 * only after it has returned.
 */
#include "runtime.h"

void gocc_once_do(gocc_once *once, void (*fn)(void))
{
	_Atomic uint32_t *done = (_Atomic uint32_t *)&once->done;

	if (atomic_load(done)) {
		san_acquire(once);
		return;
	}
	/* The slow path holds the mutex so that late callers wait for fn. */
	gocc_mutex_lock(&once->m);
	if (!atomic_load_explicit(done, memory_order_relaxed)) {
		fn();
		san_release(once);
		atomic_store(done, 1);
	}
	gocc_mutex_unlock(&once->m);
}
