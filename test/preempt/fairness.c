// Fairness at one P: two goroutines that compute for ever and a third
// that sleeps 10 ms at a time and counts all advance in every 50 ms
// window of a one-second run.  A program thread, which no P schedules,
// watches the three counters every 5 ms.  A loaded machine can stall a
// thread for longer (the goroutines run on three threads then), so a run
// that fails is tried again, four times at most; without preemption the
// second spinner and the sleeper never advance at all.
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout 60 %t | FileCheck %s
// CHECK: spinner 0 advanced in every window
// CHECK-NEXT: spinner 1 advanced in every window
// CHECK-NEXT: sleeper advanced in every window
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

enum { RUN_MS = 1000, WINDOW_MS = 50, LOOK_MS = 5 };

static volatile long count[3];
static int64_t longest[3];          /* ms without an advance, at most */
static const char *names[3] = { "spinner 0", "spinner 1", "sleeper" };

static void spin(int i)
{
	for (;;)
		count[i]++;
}

static void sleeper(void)
{
	for (;;) {
		gocc_sleep(10 * 1000000);
		count[2]++;
	}
}

static void *watch(void *arg)
{
	long last[3];

	for (int i = 0; i < 3; i++)
		longest[i] = 0;
	int64_t since[3];
	int64_t start = gocc_nanotime();

	for (int i = 0; i < 3; i++) {
		last[i] = count[i];
		since[i] = start;
	}
	for (int64_t now = start; now - start < RUN_MS * 1000000LL;
	     now = gocc_nanotime()) {
		nanosleep(&(struct timespec){0, LOOK_MS * 1000000}, NULL);
		now = gocc_nanotime();
		for (int i = 0; i < 3; i++) {
			if (count[i] != last[i]) {
				last[i] = count[i];
				since[i] = now;
			}
			int64_t gap = (now - since[i]) / 1000000;
			if (gap > longest[i])
				longest[i] = gap;
		}
	}
	return NULL;
}

int main(void)
{
	pthread_t t;

	go spin(0);
	go spin(1);
	go sleeper();
	gocc_sleep(100 * 1000000);      /* all three under way */
	for (int run = 0; run < 5; run++) {
		pthread_create(&t, NULL, watch, NULL);
		gocc_sleep((RUN_MS + 100) * 1000000LL);
		pthread_join(t, NULL);
		int worst = 0;
		for (int i = 0; i < 3; i++)
			if (longest[i] > longest[worst])
				worst = i;
		if (longest[worst] < WINDOW_MS)
			break;
		fprintf(stderr, "run %d: %s stood still for %lld ms\n", run,
			names[worst], (long long)longest[worst]);
	}
	for (int i = 0; i < 3; i++) {
		if (longest[i] < WINDOW_MS)
			printf("%s advanced in every window\n", names[i]);
		else
			printf("%s stood still for %lld ms\n", names[i],
			       (long long)longest[i]);
	}
	return 0;
}
