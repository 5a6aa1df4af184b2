// LeakSanitizer and goroutines: memory that only parked goroutines hold,
// in their locals or in arguments not yet copied to a stack, is not
// leaked, so a program that ends with such goroutines reports nothing, at
// any P count; a real leak is still reported, and only it.  (LSan scans
// threads' stacks, not the switched-out goroutine stacks.)  Also the
// README's sieve, which ends with its filters parked.
// RUN: %cc -fsanitize=address %s -o %t %libgocc
// RUN: env ASAN_OPTIONS=detect_leaks=1 GOCC_MAXPROCS=1 %t 2>&1 | FileCheck %s --implicit-check-not=LeakSanitizer
// RUN: env ASAN_OPTIONS=detect_leaks=1 GOCC_MAXPROCS=4 %t 2>&1 | FileCheck %s --implicit-check-not=LeakSanitizer
// RUN: env ASAN_OPTIONS=detect_leaks=1 GOCC_MAXPROCS=1 %expect-exit 1 %t leak > %t.leak1 2>&1
// RUN: FileCheck %s --check-prefix=LEAK < %t.leak1
// RUN: env ASAN_OPTIONS=detect_leaks=1 GOCC_MAXPROCS=4 %expect-exit 1 %t leak > %t.leak4 2>&1
// RUN: FileCheck %s --check-prefix=LEAK < %t.leak4
// LSan alone (no ASan) marks what goroutines allocate as reachable, since
// it cannot unwind their stacks: only the clean run can tell there.
// RUN: %cc -fsanitize=leak %s -o %t.lsan %libgocc
// RUN: env GOCC_MAXPROCS=4 %t.lsan 2>&1 | FileCheck %s --implicit-check-not=LeakSanitizer
// RUN: %cc-gocc -fsanitize=address %top/examples/sieve.c -o %t.sieve %libgocc
// RUN: env ASAN_OPTIONS=detect_leaks=1 %t.sieve 2>&1 | FileCheck %s --check-prefix=SIEVE --implicit-check-not=LeakSanitizer
// CHECK: 100 parked in a local, 100 by argument, 10 with their arguments on the stack, 100 not yet run
// LEAK: Direct leak of 1234 byte(s) in 1 object(s) allocated from:
// LEAK: in leaker
// LEAK: SUMMARY: AddressSanitizer: 1234 byte(s) leaked in 1 allocation(s).
// SIEVE: 27 goroutines alive when main returns
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 100, BIG = 10 };

static gocc_chan *never;        /* no one ever sends */
static gocc_waitgroup parked;
static long sink;

/* Holds its memory in a local only. */
static void local(void *arg)
{
	char *mem = malloc(100);
	memset(mem, 1, 100);
	gocc_wg_done(&parked);
	gocc_chan_recv(never, NULL);
	sink += mem[99];
}

/* Holds what it was given. */
static void byarg(void *arg)
{
	gocc_wg_done(&parked);
	gocc_chan_recv(never, NULL);
	sink += *(char *)arg;
}

/* Made last: at P=1 it never runs. */
static void late(void *arg)
{
	gocc_chan_recv(never, NULL);
	sink += *(char *)arg;
}

/* Arguments too large for the G go on the stack at birth. */
struct big {
	char *mem;
	char pad[200];
};

static void big(void *args)
{
	struct big *b = args;
	gocc_wg_done(&parked);
	gocc_chan_recv(never, NULL);
	sink += b->mem[0] + b->pad[0];
}

static const gocc_funcval bigfv = { big };

static void *zeroed(size_t n)
{
	return calloc(1, n);
}

/* Drops the only pointer to its memory, then exits: its stack must not
 * keep the memory alive. */
static void leaker(void *done)
{
	char *volatile mem = malloc(1234);
	mem[0] = 1;
	mem = NULL;
	gocc_chan_send(done, NULL);
}

int main(int argc, char **argv)
{
	never = gocc_chan_make(0, 0);
	gocc_wg_add(&parked, 2 * N + BIG);
	for (int i = 0; i < N; i++) {
		gocc_go(local, NULL);
		gocc_go(byarg, zeroed(50));
	}
	for (int i = 0; i < BIG; i++) {
		struct big b = { zeroed(70) };
		gocc_newproc(sizeof b, &bigfv, &b);
	}
	gocc_wg_wait(&parked);
	if (argc > 1) {
		gocc_chan *done = gocc_chan_make(0, 0);
		gocc_go(leaker, done);
		gocc_chan_recv(done, NULL);
	}
	/* Last, with no chance to run at P=1 before main returns. */
	for (int i = 0; i < N; i++)
		gocc_go(late, zeroed(30));
	gocc_after(3600 * 1000000000LL);        /* its timer holds the channel */
	printf("%d parked in a local, %d by argument, %d with their arguments"
	       " on the stack, %d not yet run\n", N, N, BIG, N);
	fflush(stdout);         /* a leak report ends the program at once */
	return 0;
}
