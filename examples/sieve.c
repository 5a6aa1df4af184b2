/*
 * sieve.c - Go's concurrent prime sieve, written with the go statement:
 * a goroutine generates numbers, and each prime found gets a goroutine
 * that filters its multiples out of the stream.
 *
 *   gcc -O2 -fplugin=gocc.so -I include sieve.c libgocc.a -lpthread -lm
 *   gocc-cc -O2 sieve.c -o sieve
 */
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

static void generate(gocc_chan *out)
{
	for (long i = 2;; i++)
		gocc_chan_send(out, &i);
}

static void filter(gocc_chan *in, gocc_chan *out, long prime)
{
	long i;
	while (gocc_chan_recv(in, &i))
		if (i % prime != 0)
			gocc_chan_send(out, &i);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 25;
	gocc_chan *ch = gocc_chan_make(sizeof(long), 0);

	go generate(ch);
	printf("the first %d primes, one goroutine each:", n);
	for (int i = 0; i < n; i++) {
		long prime;
		gocc_chan_recv(ch, &prime);
		printf(" %ld", prime);
		gocc_chan *next = gocc_chan_make(sizeof(long), 0);
		go filter(ch, next, prime);
		ch = next;
	}
	printf("\n%lld goroutines alive when main returns\n", (long long)gocc_numgoroutine());
	return 0;
}
