// select picks uniformly among the ready cases: over 100k selects with
// every case always ready, each case's share is within 2% of 1/n (a
// binomial spread is about 0.2%).  Duplicate channels and NULL channels
// take part too.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// CHECK: 2 cases: fair
// CHECK: 3 cases: fair
// CHECK: 4 cases, 2 on one channel, 1 NULL: fair, NULL case never fired
#include <gocc.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 100000 };

/* Select N times over cases whose channels are kept full; count wins. */
static void run(gocc_select_case *cases, int n, long *wins)
{
	for (int i = 0; i < N; i++) {
		int k = gocc_select(cases, n, false);
		wins[k]++;
		long v = 0;
		gocc_chan_send(cases[k].chan, &v);      /* refill */
	}
}

static bool fair(long wins, double share)
{
	return labs(wins - (long)(N * share)) < N * 0.02;
}

static gocc_chan *full(void)
{
	gocc_chan *c = gocc_chan_make(sizeof(long), 2);
	long v = 0;
	gocc_chan_send(c, &v);
	gocc_chan_send(c, &v);
	return c;
}

static void report(const char *what, long *wins, int n, double share)
{
	bool ok = true;
	for (int i = 0; i < n; i++)
		ok &= fair(wins[i], share);
	printf("%s: %s", what, ok ? "fair" : "UNFAIR");
	if (!ok)
		for (int i = 0; i < n; i++)
			printf(" %ld", wins[i]);
}

int main(void)
{
	long v, wins[4] = {0};
	gocc_chan *a = full(), *b = full(), *c = full();

	gocc_select_case two[] = {{a, GOCC_RECV, &v, false}, {b, GOCC_RECV, &v, false}};
	run(two, 2, wins);
	report("2 cases", wins, 2, 1.0 / 2);
	printf("\n");

	long wins3[3] = {0};
	gocc_select_case three[] = {
		{a, GOCC_RECV, &v, false}, {b, GOCC_RECV, &v, false}, {c, GOCC_RECV, &v, false}};
	run(three, 3, wins3);
	report("3 cases", wins3, 3, 1.0 / 3);
	printf("\n");

	long wins4[4] = {0};
	gocc_select_case four[] = {
		{a, GOCC_RECV, &v, false}, {a, GOCC_RECV, &v, false},
		{NULL, GOCC_RECV, &v, false}, {b, GOCC_RECV, &v, false}};
	run(four, 4, wins4);
	long nullwins = wins4[2];
	wins4[2] = wins4[3];
	report("4 cases, 2 on one channel, 1 NULL", wins4, 3, 1.0 / 3);
	printf(", NULL case %s\n", nullwins ? "FIRED" : "never fired");
	return 0;
}
