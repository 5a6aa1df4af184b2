// gocc_yield lets the other runnable goroutines run: at P=1 three
// goroutines that yield after each step interleave (Go's Gosched: the
// yielder goes to the global queue, which is also checked every 61st tick,
// so the order is not an exact round robin).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
#include <gocc.h>
#include <stdio.h>

enum { G = 3, TURNS = 4 };
static gocc_waitgroup wg;
static char trace[G * TURNS + 1];
static int n;

static void turn(void *arg)
{
	for (int i = 0; i < TURNS; i++) {
		trace[n++] = (char)('a' + (long)arg);
		gocc_yield();
	}
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, G);
	for (long i = 0; i < G; i++)
		gocc_go(turn, (void *)i);
	gocc_wg_wait(&wg);
	int count[G] = {0}, firsts = 0;
	for (int i = 0; i < G * TURNS; i++)
		count[trace[i] - 'a']++;
	for (int c = 0; c < G; c++)
		for (int i = 0; i < 2 * G; i++)
			if (trace[i] == 'a' + c) {
				firsts++;
				break;
			}
	// CHECK: each ran 4 4 4; all three within the first six steps: 1
	printf("each ran %d %d %d; all three within the first six steps: %d\n",
	       count[0], count[1], count[2], firsts == G);
	return 0;
}
