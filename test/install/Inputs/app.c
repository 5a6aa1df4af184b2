/*
 * An outside program: fans work out to goroutines and waits for them.
 * Built with the GCC plugin (__GOCC__) it starts them with go statements.
 */
#include <gocc.h>
#include <stdio.h>

enum { N = 100 };

static gocc_waitgroup wg;
static long square[N];
static int64_t goid[N];

static void work(void *arg)
{
	long i = (long)arg;

	square[i] = i * i;
	goid[i] = gocc_goid();
	gocc_wg_done(&wg);
}

int main(void)
{
	long sum = 0;
	int others = 0;

	gocc_wg_add(&wg, N);
	for (long i = 0; i < N; i++) {
#ifdef __GOCC__
		go work((void *)i);
#else
		gocc_go(work, (void *)i);
#endif
	}
	gocc_wg_wait(&wg);
	for (int i = 0; i < N; i++) {
		sum += square[i];
		others += goid[i] != gocc_goid();
	}
#ifdef __GOCC__
	printf("go statements: ");
#endif
	printf("sum %ld, %d of %d ran in other goroutines\n", sum, others, N);
	return 0;
}
