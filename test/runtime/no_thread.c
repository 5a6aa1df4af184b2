// Calling gocc without spawning starts no thread; the first spawn starts
// them (at most GOCC_MAXPROCS running Ms plus idle ones).
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
#include <dirent.h>
#include <gocc.h>
#include <stdio.h>

static int threads(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static gocc_waitgroup wg;

static void nothing(void *arg)
{
	gocc_wg_done(&wg);
}

int main(void)
{
	// CHECK: before: threads 1
	printf("before: threads %d\n", threads());
	gocc_maxprocs(0);
	gocc_goid();
	gocc_numgoroutine();
	gocc_wg_wait(&wg);      /* counter 0: returns at once */
	gocc_yield();
	// CHECK-NEXT: after API calls: threads 1 goroutines 1
	printf("after API calls: threads %d goroutines %lld\n", threads(),
	       (long long)gocc_numgoroutine());
	gocc_wg_add(&wg, 100);
	for (int i = 0; i < 100; i++)
		gocc_go(nothing, NULL);
	gocc_wg_wait(&wg);
	// CHECK-NEXT: after spawning: more threads 1
	printf("after spawning: more threads %d\n", threads() > 1);
	return 0;
}
