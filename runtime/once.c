/*
 * once.c - gocc_once, Go's sync.Once: fn runs once, and every call returns
 * only after it has returned.
 */
#include "sync.h"

struct once {
	_Atomic uint32_t done;
	gocc_mutex m;
};
PRIVATE_OF(gocc_once, struct once)

void gocc_once_do(gocc_once *pub, void (*fn)(void))
{
	struct once *once = private_of(pub);

	if (atomic_load(&once->done)) {
		san_acquire(once);
		return;
	}
	/* The slow path holds the mutex so that late callers wait for fn. */
	gocc_mutex_lock(&once->m);
	if (!atomic_load_explicit(&once->done, memory_order_relaxed)) {
		fn();
		san_release(once);
		atomic_store(&once->done, 1);
	}
	gocc_mutex_unlock(&once->m);
}
