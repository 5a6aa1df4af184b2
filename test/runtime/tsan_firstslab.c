// A program thread makes the program's first gocc call, so its G maps the
// first G slab; then main's go statement takes the next G of that slab and
// copies its arguments in.  The slab's lock is invisible to TSan (libgocc
// is not instrumented), so without the happens-before edge that the
// runtime reports for it, TSan calls gocc_newproc's memcpy a race with the
// thread's mmap.  The two threads meet only through relaxed atomics, which
// order nothing for TSan.  (TSan marks only the ends of a large mapping as
// written, so the threshold makes the whole slab count, wherever it lies.)
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env TSAN_OPTIONS=clear_shadow_mmap_threshold=16777216 GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not=ThreadSanitizer
// CHECK: thread is goroutine 2
// CHECK: f(1) ran
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>

static int64_t threadgoid;
static int bound, ran, spawned;

static void *thread(void *arg)
{
	__atomic_store_n(&threadgoid, gocc_goid(), __ATOMIC_RELAXED);
	__atomic_store_n(&bound, 1, __ATOMIC_RELAXED);
	/* Alive until main's G is made: at exit its G goes to the free list,
	 * where main would reuse it (with the edge that reuse reports). */
	while (!__atomic_load_n(&spawned, __ATOMIC_RELAXED))
		;
	return NULL;
}

/* go f(1), as the compilers emit it. */
static void f(void *args)
{
	__atomic_store_n(&ran, *(int *)args, __ATOMIC_RELAXED);
}

static const gocc_funcval ffv = { f };

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, thread, NULL);
	while (!__atomic_load_n(&bound, __ATOMIC_RELAXED))
		;
	printf("thread is goroutine %lld\n",
	       (long long)__atomic_load_n(&threadgoid, __ATOMIC_RELAXED));
	int one = 1;
	gocc_newproc(sizeof one, &ffv, &one);
	__atomic_store_n(&spawned, 1, __ATOMIC_RELAXED);
	int r;
	while (!(r = __atomic_load_n(&ran, __ATOMIC_RELAXED)))
		gocc_yield();
	printf("f(%d) ran\n", r);
	pthread_join(t, NULL);
	return 0;
}
