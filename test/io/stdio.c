// What the README says of stdio: fgets on a pipe goes through libc's
// internal read, which no hook reaches, so it blocks the thread and, at
// one P, every other goroutine; read(2) and then parsing parks instead;
// stdio on a regular file reads as it always does (files never park).
// Should stdio ever park, the first line changes and the README with it.
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// CHECK: fgets on a pipe: main ran meanwhile: no, got: 42
// CHECK-NEXT: read, then sscanf: main ran meanwhile: yes, got: 42
// CHECK-NEXT: fgets on a regular file: got: 42
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic bool mainran;
static gocc_waitgroup wg;
static int p[2];

/* Writes a line 100 ms later from a thread of its own, so that the pipe
 * fills whether or not the goroutines' thread is blocked. */
static void *later(void *arg)
{
	(void)arg;
	struct timespec ts = {0, 100000000};
	nanosleep(&ts, NULL);
	if (write(p[1], "42\n", 3) != 3)
		perror("later");
	return NULL;
}

static void viafgets(FILE *f, int *got, bool *ran)
{
	char line[16] = "";
	if (fgets(line, sizeof line, f))
		sscanf(line, "%d", got);
	*ran = mainran;
	gocc_wg_done(&wg);
}

static void viaread(int fd, int *got, bool *ran)
{
	char buf[16];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		sscanf(buf, "%d", got);
	}
	*ran = mainran;
	gocc_wg_done(&wg);
}

/* Start the reader and the late writer, and wake main up meanwhile. */
static void race(bool stdio, const char *what)
{
	pthread_t t;
	int got = 0;
	bool ran = false;

	mainran = false;
	gocc_wg_add(&wg, 1);
	pthread_create(&t, NULL, later, NULL);
	if (stdio)
		go viafgets(fdopen(p[0], "r"), &got, &ran);
	else
		go viaread(p[0], &got, &ran);
	gocc_sleep(10000000);
	mainran = true;
	gocc_wg_wait(&wg);
	pthread_join(t, NULL);
	printf("%s: main ran meanwhile: %s, got: %d\n", what, ran ? "yes" : "no", got);
}

int main(void)
{
	int got = 0;
	bool ran;

	if (pipe(p) < 0)
		return 1;
	race(true, "fgets on a pipe");
	race(false, "read, then sscanf");

	FILE *f = tmpfile();
	fputs("42\n", f);
	rewind(f);
	gocc_wg_add(&wg, 1);
	go viafgets(f, &got, &ran);
	gocc_wg_wait(&wg);
	printf("fgets on a regular file: got: %d\n", got);
	return 0;
}
