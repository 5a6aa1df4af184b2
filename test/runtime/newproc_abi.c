// gocc_newproc, the ABI the compilers target: any argument size, the copy
// aligned to GOCC_ARG_ALIGN at the top of the new goroutine's stack, the
// caller's block reusable as soon as the call returns.  (That the entry
// function returns into goexit is checked by backtrace.c.)
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=address %s -o %t.asan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.asan 2>&1 | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not=ThreadSanitizer
// RUN: %expect-exit 2 %t huge 2>&1 | FileCheck %s --check-prefix=HUGE
#include <gocc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static gocc_waitgroup wg;

struct big {
	int id;
	unsigned char bytes[3072];
};

static void check_big(void *p)
{
	struct big *b = p;
	long sum = 0;
	for (int i = 0; i < 3072; i++)
		sum += b->bytes[i];
	int local;
	printf("big %d sum %ld aligned %d on own stack %d\n", b->id, sum,
	       (uintptr_t)p % GOCC_ARG_ALIGN == 0,
	       (uintptr_t)p > (uintptr_t)&local && (uintptr_t)p - (uintptr_t)&local < 65536);
	gocc_wg_done(&wg);
}

struct small {
	char c;
	double d;
};

static void check_small(void *p)
{
	struct small *s = p;
	printf("small %c %.1f aligned %d\n", s->c, s->d, (uintptr_t)p % GOCC_ARG_ALIGN == 0);
	gocc_wg_done(&wg);
}

static void nothing(void *p)
{
	gocc_wg_done(&wg);
}

int main(int argc, char **argv)
{
	static const gocc_funcval big_fv = { check_big }, small_fv = { check_small },
		nothing_fv = { nothing };
	struct big b;
	struct small s;

	if (argc > 1) {
		static char huge[1 << 20];
		gocc_newproc(sizeof huge, &nothing_fv, huge);
	}
	gocc_wg_add(&wg, 1);
	b.id = 1;
	memset(b.bytes, 1, sizeof b.bytes);
	gocc_newproc(sizeof b, &big_fv, &b);
	memset(&b, 0, sizeof b);        /* the goroutine has its own copy */
	gocc_wg_wait(&wg);
	// CHECK: big 1 sum 3072 aligned 1 on own stack 1

	gocc_wg_add(&wg, 1);
	s.c = 'x';
	s.d = 2.5;
	gocc_newproc(sizeof s, &small_fv, &s);
	s.c = '?';
	gocc_wg_wait(&wg);
	// CHECK-NEXT: small x 2.5 aligned 1

	gocc_wg_add(&wg, 1);
	gocc_newproc(0, &nothing_fv, NULL);
	gocc_wg_wait(&wg);
	// CHECK-NEXT: zero-size block ran
	printf("zero-size block ran\n");

	// HUGE: gocc: fatal error: go statement's arguments take 1048576 bytes, more than a quarter of the 262144-byte stack
	return 0;
}
