// errno and pthread_self() read after a park are the current thread's,
// through both front ends: glibc declares __errno_location and
// pthread_self const, and a compiler that believed it would compute them
// once per function, here before the park in each round, and keep using
// the thread the goroutine was on.  Each read is checked against the address and
// thread a call through a volatile pointer (which no compiler can fold)
// gives.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && env GOCC_MAXPROCS=4 %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && env GOCC_MAXPROCS=4 %t.clang | FileCheck %s
#include <gocc.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { GOROUTINES = 64, ROUNDS = 500 };

static gocc_waitgroup wg;
static long bad, reads;
static int *(*volatile errno_at)(void) = __errno_location;
static pthread_t (*volatile self)(void) = pthread_self;

static void worker(void)
{
	long wrong = 0;
	for (int i = 0; i < ROUNDS; i++) {
		close(-1);
		int e = errno;
		pthread_t t = pthread_self();
		wrong += e != EBADF || !pthread_equal(t, self());
		gocc_yield();
		close(-1);
		e = errno;
		wrong += e != EBADF || &errno != errno_at();
		wrong += !pthread_equal(pthread_self(), self());
	}
	__atomic_fetch_add(&bad, wrong, __ATOMIC_RELAXED);
	__atomic_fetch_add(&reads, 3 * ROUNDS, __ATOMIC_RELAXED);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, GOROUTINES);
	for (int i = 0; i < GOROUTINES; i++)
		go worker();
	gocc_wg_wait(&wg);
	printf("%ld reads, %ld wrong\n", reads, bad);
	return 0;
}
// CHECK: 96000 reads, 0 wrong
