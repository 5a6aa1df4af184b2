// The concurrent prime sieve (Go's classic): a generator goroutine, and a
// filter goroutine per prime found, chained by unbuffered channels.  The
// program checks each prime by trial division too.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc -fsanitize=thread %s -o %t.tsan %libgocc
// RUN: env GOCC_MAXPROCS=2 %t.tsan 2>&1 | FileCheck %s --implicit-check-not "WARNING: ThreadSanitizer"
// CHECK: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71
// CHECK: prime 100: 541
// CHECK: all 100 prime by trial division
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

enum { NPRIMES = 100 };

struct filter {
	gocc_chan *in, *out;
	long prime;
};

static void generate(void *arg)
{
	for (long i = 2;; i++)
		gocc_chan_send(arg, &i);
}

static void filter(void *arg)
{
	struct filter f = *(struct filter *)arg;
	long v;

	free(arg);
	for (;;) {
		gocc_chan_recv(f.in, &v);
		if (v % f.prime != 0)
			gocc_chan_send(f.out, &v);
	}
}

static bool isprime(long n)
{
	for (long d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return n >= 2;
}

int main(void)
{
	gocc_chan *ch = gocc_chan_make(sizeof(long), 0);
	long prime = 0, good = 0;

	gocc_go(generate, ch);
	for (int i = 1; i <= NPRIMES; i++) {
		gocc_chan_recv(ch, &prime);
		good += isprime(prime);
		if (i <= 20)
			printf("%ld%c", prime, i == 20 ? '\n' : ' ');
		struct filter *f = malloc(sizeof *f);
		*f = (struct filter){ch, gocc_chan_make(sizeof(long), 0), prime};
		ch = f->out;
		gocc_go(filter, f);
	}
	printf("prime %d: %ld\n", NPRIMES, prime);
	printf("all %ld prime by trial division\n", good);
	return 0;
}
