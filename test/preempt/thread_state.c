// What C code caches or owns by thread survives a preemption, because the
// goroutine never leaves its thread there: errno, a __thread counter the
// loop keeps in a register, pthread_self(), and a pthread mutex and a FILE
// lock held across safe points while another goroutine, given the P,
// blocks on them (at one P: without preemption it never runs; with a
// goroutine switch on the same thread it would deadlock or interleave).
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout 60 %t | FileCheck %s
// RUN: %cc-gocc -O0 %s -o %t0 %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout 60 %t0 | FileCheck %s
// CHECK: tls: counters right, errno kept, same thread, loops overlapped
// CHECK: mutex: B locked after A's unlock, A saw B run
// CHECK: file: B wrote after A's unlock
#include <errno.h>
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { N = 50000000 };

static __thread unsigned long counter;
static gocc_waitgroup wg;
static unsigned long result[2];
static int errs, threads;
static volatile int inloop[2], seen[2];

static __attribute__((noinline)) int errno_now(void) { return errno; }
static __attribute__((noinline)) unsigned long counter_now(void) { return counter; }

/* A step GCC cannot fold into a closed form: the loop keeps counter in a
 * register across its safe points. */
static unsigned long step(unsigned long x) { return x * 6364136223846793005UL + 1442695040888963407UL; }

/* Two of these at one P: each is preempted inside the loop at least
 * once, and the other then runs. */
static void count(int i)
{
	pthread_t self = pthread_self();

	errno = 0;
	counter = 0;
	inloop[i] = 1;
	for (long k = 0; k < N; k++)
		counter = step(counter);
	seen[i] = inloop[1 - i];
	inloop[i] = 2;
	errno = ERANGE;
	result[i] = counter_now();
	errs += errno_now() == ERANGE;
	threads += pthread_equal(self, pthread_self());
	gocc_wg_done(&wg);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static volatile int b_started, a_unlocked, b_early;

static void taker(void);

static void holder(void)
{
	pthread_mutex_lock(&mu);
	go taker();
	while (!b_started)      /* only a preemption lets B run */
		;
	a_unlocked = 1;
	pthread_mutex_unlock(&mu);
	gocc_wg_done(&wg);
}

static void taker(void)
{
	b_started = 1;
	pthread_mutex_lock(&mu);
	b_early = !a_unlocked;
	pthread_mutex_unlock(&mu);
	gocc_wg_done(&wg);
}

static FILE *f;

static void filetaker(void);

static void fileholder(void)
{
	flockfile(f);
	fputs("A", f);
	go filetaker();
	while (!b_started)
		;
	fputs("a", f);
	funlockfile(f);
	gocc_wg_done(&wg);
}

static void filetaker(void)
{
	b_started = 1;
	fputs("B", f);          /* takes f's lock */
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, 2);
	go count(0);
	go count(1);
	gocc_wg_wait(&wg);
	unsigned long want = 0;
	for (long k = 0; k < N; k++)
		want = step(want);
	printf("tls: counters %s, errno %s, %s, loops %s\n",
	       result[0] == want && result[1] == want ? "right" : "wrong",
	       errs == 2 ? "kept" : "lost", threads == 2 ? "same thread" : "moved",
	       seen[0] == 1 || seen[1] == 1 ? "overlapped" : "ran one after the other");

	gocc_wg_add(&wg, 2);
	go holder();
	gocc_wg_wait(&wg);
	printf("mutex: B locked %s A's unlock, %s\n", b_early ? "before" : "after",
	       b_started ? "A saw B run" : "B never ran");

	char buf[16] = "";
	f = fmemopen(buf, sizeof buf, "w");
	b_started = 0;
	gocc_wg_add(&wg, 2);
	go fileholder();
	gocc_wg_wait(&wg);
	fclose(f);
	printf("file: B wrote %s A's unlock\n", !strcmp(buf, "AaB") ? "after" : buf);
	return 0;
}
