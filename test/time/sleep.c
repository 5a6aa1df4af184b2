// gocc_sleep: goroutines started in shuffled order wake in deadline order,
// none wakes early, 10000 sleepers at once cost no threads, and sleep
// works from a thread the program made itself.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// CHECK: woke in order: 0 1 2 3 4 5 6 7
// CHECK: early wakeups: 0
// CHECK: 10000 sleepers woke, threads stayed few: yes
// CHECK: sleep from a foreign thread: slept long enough: yes
// CHECK: sleep(0) and sleep(-1) return
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { NORDER = 8, STEP_MS = 25, NMANY = 10000 };

static gocc_chan *order;
static _Atomic int early, done;

static void sleeper(void *arg)
{
	long i = (long)arg;
	int64_t want = (i + 1) * STEP_MS * 1000000LL, t0 = gocc_nanotime();
	gocc_sleep(want);
	if (gocc_nanotime() - t0 < want)
		atomic_fetch_add(&early, 1);
	gocc_chan_send(order, &i);
}

static void many(void *arg)
{
	int64_t want = (long)arg, t0 = gocc_nanotime();
	gocc_sleep(want);
	if (gocc_nanotime() - t0 < want)
		atomic_fetch_add(&early, 1);
	atomic_fetch_add(&done, 1);
}

static int threads(void)
{
	char line[256];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

static void *foreign(void *arg)
{
	int64_t t0 = gocc_nanotime();
	gocc_sleep(10 * 1000000);
	bool ok = gocc_nanotime() - t0 >= 10 * 1000000;
	gocc_chan_send(arg, &ok);
	return NULL;
}

int main(void)
{
	static const int shuffled[NORDER] = {5, 2, 7, 0, 3, 6, 1, 4};
	order = gocc_chan_make(sizeof(long), NORDER);
	for (int i = 0; i < NORDER; i++)
		gocc_go(sleeper, (void *)(long)shuffled[i]);
	printf("woke in order:");
	for (int i = 0; i < NORDER; i++) {
		long v;
		gocc_chan_recv(order, &v);
		printf(" %ld", v);
	}
	printf("\n");

	srand(1);
	for (int i = 0; i < NMANY; i++)
		gocc_go(many, (void *)(long)(1000000 + rand() % 50000000));
	int most = 0;
	while (atomic_load(&done) < NMANY) {
		int n = threads();
		most = n > most ? n : most;
		gocc_sleep(2000000);
	}
	printf("early wakeups: %d\n", atomic_load(&early));
	printf("%d sleepers woke, threads stayed few: %s\n", NMANY,
	       most <= gocc_maxprocs(0) + 4 ? "yes" : "no");

	/* Wait on a channel, not in pthread_join: a goroutine blocked in a
	 * system call holds its P, and the timer needs one to run. */
	pthread_t t;
	bool ok = false;
	gocc_chan *res = gocc_chan_make(sizeof ok, 0);
	pthread_create(&t, NULL, foreign, res);
	gocc_chan_recv(res, &ok);
	pthread_join(t, NULL);
	printf("sleep from a foreign thread: slept long enough: %s\n", ok ? "yes" : "no");

	gocc_sleep(0);
	gocc_sleep(-1);
	printf("sleep(0) and sleep(-1) return\n");
	return 0;
}
