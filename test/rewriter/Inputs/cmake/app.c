#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static long total;
static gocc_mutex mu;

static void add(long v)
{
	gocc_mutex_lock(&mu);
	total += v;
	gocc_mutex_unlock(&mu);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, 100);
	for (long i = 1; i <= 100; i++)
		go add(i);
	gocc_wg_wait(&wg);
	printf("total %ld\n", total);
	return 0;
}
