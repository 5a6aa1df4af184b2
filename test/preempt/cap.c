// At most 2 x GOCC_MAXPROCS threads run goroutines without a P: with
// eight goroutines computing for ever at one P, two have given their P
// away and one holds it, so three threads compute, however long they run.
// A program thread counts the threads that are running or runnable in
// most of 20 looks (sysmon, which looks now and then, is not).
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 timeout 60 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 timeout 60 %t | FileCheck %s --check-prefix=P2
// CHECK: computing threads: 3
// P2: computing threads: 6
#define _GNU_SOURCE
#include <dirent.h>
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile long spins;

static void spin(void)
{
	for (;;)
		spins++;
}

enum { LOOKS = 20, MAXTID = 1 << 22 };
static unsigned char seen[MAXTID];      /* looks that found a tid running */

/* Note the threads in state R, but this one. */
static void look(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char path[64], buf[256];
		int tid = atoi(e->d_name);
		if (e->d_name[0] == '.' || tid == gettid() || tid >= MAXTID)
			continue;
		snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(buf, sizeof buf, f)) {
			char *s = strrchr(buf, ')');
			seen[tid] += s && s[2] == 'R';
		}
		if (f)
			fclose(f);
	}
	closedir(d);
}

static void *watch(void *arg)
{
	int n = 0;

	/* Preemptions take 10 ms each; then the count holds still. */
	nanosleep(&(struct timespec){0, 300 * 1000000}, NULL);
	for (int i = 0; i < LOOKS; i++) {
		look();
		nanosleep(&(struct timespec){0, 10 * 1000000}, NULL);
	}
	for (int tid = 0; tid < MAXTID; tid++)
		n += seen[tid] > LOOKS / 2;
	printf("computing threads: %d\n", n);
	exit(0);        /* main, not a spinner, waits for the P for ever */
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, watch, NULL);
	for (int i = 0; i < 8; i++)
		go spin();
	gocc_sleep(GOCC_NEVER);
	return 0;
}
