/*
 * prime sieve: Go's classic concurrent sieve, a generator and one filter
 * goroutine per prime, chained by unbuffered channels.  Finds the first N
 * primes, checks the last against a plain sieve, prints milliseconds.
 * Twin: bench/go/sieve.
 */
#include "bench.h"


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
	struct filter *f = arg;
	long i;

	for (;;) {
		gocc_chan_recv(f->in, &i);
		if (i % f->prime != 0)
			gocc_chan_send(f->out, &i);
	}
}

/* The nth prime, the plain way. */
static long nth_prime(long n)
{
	long lim = 64, found;
	char *composite;

	for (;; lim *= 2) {
		composite = calloc(lim, 1);
		found = 0;
		for (long i = 2; i < lim; i++) {
			if (composite[i])
				continue;
			if (++found == n) {
				free(composite);
				return i;
			}
			for (long j = i * i; j < lim; j += i)
				composite[j] = 1;
		}
		free(composite);
	}
}

int main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 4000), prime = 0;
	struct filter *f = calloc(n, sizeof *f);

	int64_t t0 = bench_now();
	gocc_chan *ch = gocc_chan_make(sizeof(long), 0);
	gocc_go(generate, ch);
	for (long i = 0; i < n; i++) {
		gocc_chan_recv(ch, &prime);
		f[i] = (struct filter){ch, gocc_chan_make(sizeof(long), 0), prime};
		gocc_go(filter, &f[i]);
		ch = f[i].out;
	}
	int64_t t = bench_now() - t0;

	bench_check(prime == nth_prime(n), "prime %ld is %ld", n, prime);
	printf("ms %.1f\n", t / 1e6);
	return 0;
}
