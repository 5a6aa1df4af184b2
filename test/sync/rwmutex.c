// gocc_rwmutex: readers share it (several are inside at once), writers
// exclude readers and each other (readers never see a half-done update),
// and a waiting writer holds new readers back.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: writer waits for the reader, and new readers wait for the writer: yes
// CHECK: writes 4000 (want 4000), torn reads 0, writers overlapping 0
// CHECK: several readers inside at once: yes
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>

enum { READERS = 20, WRITERS = 4, ITERS = 1000 };

static gocc_rwmutex rw = GOCC_RWMUTEX_INIT;
static long a, b;                       /* writers keep a == b */
static _Atomic long torn, writers_in, overlapping, readers_in, most_readers;
static gocc_waitgroup wg;

static void reader(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		gocc_rwmutex_rlock(&rw);
		long n = atomic_fetch_add(&readers_in, 1) + 1;
		long m = atomic_load(&most_readers);
		while (n > m && !atomic_compare_exchange_weak(&most_readers, &m, n))
			;
		long x = a;
		gocc_yield();
		torn += x != b;
		atomic_fetch_sub(&readers_in, 1);
		gocc_rwmutex_runlock(&rw);
	}
	gocc_wg_done(&wg);
}

static void writer(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		gocc_rwmutex_lock(&rw);
		overlapping += atomic_fetch_add(&writers_in, 1) != 0 || atomic_load(&readers_in) != 0;
		a++;
		gocc_yield();
		b++;
		atomic_fetch_sub(&writers_in, 1);
		gocc_rwmutex_unlock(&rw);
		gocc_yield();
	}
	gocc_wg_done(&wg);
}

static _Atomic int seq, writer_seq, reader_seq;

static void late_reader(void *arg)
{
	gocc_rwmutex_rlock(&rw);
	atomic_store(&reader_seq, atomic_fetch_add(&seq, 1) + 1);
	gocc_rwmutex_runlock(&rw);
}

static void blocked_writer(void *arg)
{
	gocc_rwmutex_lock(&rw);
	atomic_store(&writer_seq, atomic_fetch_add(&seq, 1) + 1);
	gocc_rwmutex_unlock(&rw);
}

static void settle(void)
{
	for (int i = 0; i < 100; i++)
		gocc_yield();
}

int main(void)
{
	/* Hold a read lock; a writer queues; a reader that comes later must
	 * wait for the writer.  On one P, yields run the new goroutine until
	 * it parks. */
	int procs = gocc_maxprocs(1);
	gocc_rwmutex_rlock(&rw);
	gocc_go(blocked_writer, NULL);
	settle();
	gocc_go(late_reader, NULL);
	settle();
	int before = atomic_load(&seq);
	gocc_rwmutex_runlock(&rw);
	while (atomic_load(&seq) != 2)
		gocc_yield();
	gocc_maxprocs(procs);
	printf("writer waits for the reader, and new readers wait for the writer: %s\n",
	       before == 0 && writer_seq == 1 && reader_seq == 2 ? "yes" : "no");

	gocc_wg_add(&wg, READERS + WRITERS);
	for (int i = 0; i < READERS; i++)
		gocc_go(reader, NULL);
	for (int i = 0; i < WRITERS; i++)
		gocc_go(writer, NULL);
	gocc_wg_wait(&wg);
	printf("writes %ld (want %d), torn reads %ld, writers overlapping %ld\n", a,
	       WRITERS * ITERS, atomic_load(&torn), atomic_load(&overlapping));
	printf("several readers inside at once: %s\n", atomic_load(&most_readers) > 1 ? "yes" : "no");
	return 0;
}
