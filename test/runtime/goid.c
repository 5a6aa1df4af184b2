// main is goroutine 1; ids increase; every goroutine's id is unique.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 10000 };
static int64_t ids[N];
static gocc_waitgroup wg;

static void record(void *arg)
{
	ids[(long)arg] = gocc_goid();
	gocc_wg_done(&wg);
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	// CHECK: main 1
	printf("main %lld\n", (long long)gocc_goid());
	gocc_wg_add(&wg, N);
	for (long i = 0; i < N; i++)
		gocc_go(record, (void *)i);
	gocc_wg_wait(&wg);
	qsort(ids, N, sizeof ids[0], cmp);
	int dup = 0;
	for (int i = 1; i < N; i++)
		dup += ids[i] == ids[i - 1];
	// CHECK-NEXT: smallest>1 1 duplicates 0
	printf("smallest>1 %d duplicates %d\n", ids[0] > 1, dup);
	// CHECK-NEXT: main still 1
	printf("main still %lld\n", (long long)gocc_goid());
	return 0;
}
