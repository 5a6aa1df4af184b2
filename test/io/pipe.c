// Plain libc calls on pipes park the goroutine, not the thread: at one P,
// other goroutines run while one waits in read, write, poll, select or a
// sleep.  The contract: EAGAIN for a descriptor the user made
// non-blocking, F_GETFL unchanged, close wakes waiters with EBADF, many
// waiters on one descriptor, full blocking writes, no EINTR from a signal
// while parked, _FORTIFY_SOURCE twins,
// a forked child and GOCC_HOOKS=0 get libc's blocking calls.
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: %cc-gocc -D_FORTIFY_SOURCE=2 %s -o %t.fortify %libgocc
// RUN: nm %t.fortify | grep -q __read_chk
// RUN: env GOCC_MAXPROCS=1 %t.fortify | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 GOCC_HOOKS=0 %t hooksoff | FileCheck %s --check-prefix=OFF
// CHECK: read parked: main ran first: yes
// CHECK: 8 readers on one pipe got 8 bytes: yes
// CHECK: nonblocking: EAGAIN: yes, F_GETFL shows O_NONBLOCK: yes
// CHECK: blocking pipe: F_GETFL shows O_NONBLOCK: no
// CHECK: close woke the reader: -1 EBADF
// CHECK: dup2 onto it woke the reader: -1 EBADF
// CHECK: SIGALRM during a parked read: 1, signal came: yes
// CHECK: 1048576-byte write to a slow reader: all written, all read
// CHECK: poll parked: main ran first: yes, revents POLLIN: yes
// CHECK: poll of 3 parked: main ran first: yes, ready 1
// CHECK: select parked: main ran first: yes, fd set: yes
// CHECK: poll timeout: 0
// CHECK: sleep, usleep, nanosleep, clock_nanosleep parked: 4
// CHECK: forked child read: hello
// OFF: read parked: main ran first: no
#define _GNU_SOURCE     /* pipe2 */
#include <gocc.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static _Atomic bool mainran;
static gocc_waitgroup wg;

/* Writes after ms from a thread of its own, so that nothing depends on
 * the goroutines being scheduled. */
struct later {
	int fd, ms;
	const char *what;
};

static void *writer(void *arg)
{
	struct later *l = arg;
	struct timespec ts = {l->ms / 1000, l->ms % 1000 * 1000000L};
	nanosleep(&ts, NULL);
	if (write(l->fd, l->what, strlen(l->what)) < 0)
		perror("writer");
	return NULL;
}

static void writelater(int fd, int ms, const char *what)
{
	static struct later ls[16];
	static int n;
	pthread_t t;
	ls[n] = (struct later){fd, ms, what};
	pthread_create(&t, NULL, writer, &ls[n++]);
	pthread_detach(t);
}

static volatile size_t one = 1;    /* unknown to _FORTIFY_SOURCE */

static void reader(int fd)
{
	char c;
	ssize_t r = read(fd, &c, one);
	printf("read parked: main ran first: %s\n", r == 1 && mainran ? "yes" : "no");
	gocc_wg_done(&wg);
}

static void readone(int fd, _Atomic int *got)
{
	char c;
	if (read(fd, &c, 1) == 1)
		atomic_fetch_add(got, 1);
	gocc_wg_done(&wg);
}

static void duper(int from, int onto)
{
	gocc_sleep(20000000);
	dup2(from, onto);
}

static _Atomic int alarms;

static void onalarm(int sig)
{
	alarms++;
}

static void closer(int fd)
{
	gocc_sleep(20000000);
	close(fd);
}

static void slowreader(int fd, size_t *got)
{
	char buf[4096];
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		*got += (size_t)r;
		gocc_sleep(100000);
	}
	gocc_wg_done(&wg);
}

static void sleeper(int how, _Atomic int *sawmain)
{
	struct timespec ts = {0, 30000000};
	switch (how) {
	case 0: sleep(1); break;
	case 1: usleep(30000); break;
	case 2: nanosleep(&ts, NULL); break;
	case 3: clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL); break;
	}
	if (mainran)
		atomic_fetch_add(sawmain, 1);
	gocc_wg_done(&wg);
}

static void pollone(int fd)
{
	struct pollfd pf = {fd, POLLIN, 0};
	int n = poll(&pf, 1, -1);
	printf("poll parked: main ran first: %s, revents POLLIN: %s\n",
	       n == 1 && mainran ? "yes" : "no", pf.revents & POLLIN ? "yes" : "no");
	gocc_wg_done(&wg);
}

static void pollthree(int a, int b, int c)
{
	struct pollfd pf[3] = {{a, POLLIN, 0}, {b, POLLIN, 0}, {c, POLLIN, 0}};
	int n = poll(pf, 3, 5000);
	printf("poll of 3 parked: main ran first: %s, ready %d\n",
	       mainran ? "yes" : "no", n);
	gocc_wg_done(&wg);
}

static void selectone(int fd)
{
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	int n = select(fd + 1, &rd, NULL, NULL, NULL);
	printf("select parked: main ran first: %s, fd set: %s\n",
	       n == 1 && mainran ? "yes" : "no", FD_ISSET(fd, &rd) ? "yes" : "no");
	gocc_wg_done(&wg);
}

int main(int argc, char **argv)
{
	int p[2];

	gocc_goid();    /* main is goroutine 1 from here on */
	if (argc > 1) {
		/* GOCC_HOOKS=0: the read blocks the only P's thread, so main's
		 * 10 ms sleep ends only after the data comes at 300 ms. */
		pipe(p);
		gocc_wg_add(&wg, 1);
		writelater(p[1], 300, "x");
		go reader(p[0]);
		gocc_sleep(10000000);
		mainran = true;
		gocc_wg_wait(&wg);
		return 0;
	}

	/* A read parks; main's sleep ends before the data comes. */
	pipe(p);
	gocc_wg_add(&wg, 1);
	writelater(p[1], 200, "x");
	go reader(p[0]);
	gocc_sleep(10000000);
	mainran = true;
	gocc_wg_wait(&wg);

	/* Many waiters on one descriptor: each byte wakes one of them. */
	_Atomic int got = 0;
	pipe(p);
	gocc_wg_add(&wg, 8);
	for (int i = 0; i < 8; i++)
		go readone(p[0], &got);
	gocc_sleep(10000000);
	for (int i = 0; i < 8; i++) {
		write(p[1], "y", 1);
		gocc_sleep(1000000);
	}
	gocc_wg_wait(&wg);
	printf("8 readers on one pipe got %d bytes: %s\n", got, got == 8 ? "yes" : "no");

	/* The user's O_NONBLOCK keeps its meaning; ours never shows. */
	char c;
	pipe2(p, O_NONBLOCK);
	ssize_t r = read(p[0], &c, 1);
	printf("nonblocking: EAGAIN: %s, F_GETFL shows O_NONBLOCK: %s\n",
	       r < 0 && errno == EAGAIN ? "yes" : "no",
	       fcntl(p[0], F_GETFL) & O_NONBLOCK ? "yes" : "no");
	pipe(p);
	printf("blocking pipe: F_GETFL shows O_NONBLOCK: %s\n",
	       fcntl(p[0], F_GETFL) & O_NONBLOCK ? "yes" : "no");

	/* close wakes a parked reader, which must not read again. */
	go closer(p[0]);
	r = read(p[0], &c, 1);
	printf("close woke the reader: %zd %s\n", r, r < 0 && errno == EBADF ? "EBADF" : strerror(errno));

	/* dup2 onto a descriptor closes it: its waiter wakes the same way. */
	int q[2];
	pipe(p);
	pipe(q);
	go duper(q[0], p[0]);
	r = read(p[0], &c, 1);
	printf("dup2 onto it woke the reader: %zd %s\n", r, errno == EBADF ? "EBADF" : strerror(errno));

	/* A signal does not interrupt a parked call, even without SA_RESTART. */
	struct sigaction sa = {.sa_handler = onalarm};
	sigaction(SIGALRM, &sa, NULL);
	pipe(p);
	writelater(p[1], 150, "s");
	struct itimerval it = {.it_value = {0, 30000}};
	setitimer(ITIMER_REAL, &it, NULL);
	r = read(p[0], &c, 1);
	printf("SIGALRM during a parked read: %zd, signal came: %s\n", r, alarms ? "yes" : "no");

	/* A blocking write writes all of it, however slow the reader. */
	static char big[1 << 20];
	size_t nread = 0;
	pipe(p);
	gocc_wg_add(&wg, 1);
	go slowreader(p[0], &nread);
	r = write(p[1], big, sizeof big);
	close(p[1]);
	gocc_wg_wait(&wg);
	printf("%zu-byte write to a slow reader: %s written, %s read\n", sizeof big,
	       r == sizeof big ? "all" : "not all", nread == sizeof big ? "all" : "not all");

	/* poll and select park too. */
	mainran = false;
	pipe(p);
	writelater(p[1], 100, "z");
	gocc_wg_add(&wg, 1);
	go pollone(p[0]);
	gocc_sleep(10000000);
	mainran = true;
	gocc_wg_wait(&wg);

	int s[2];
	mainran = false;
	pipe(p);
	pipe(q);
	pipe(s);
	writelater(q[1], 100, "z");
	gocc_wg_add(&wg, 1);
	go pollthree(p[0], q[0], s[0]);
	gocc_sleep(10000000);
	mainran = true;
	gocc_wg_wait(&wg);

	mainran = false;
	pipe(p);
	writelater(p[1], 100, "z");
	gocc_wg_add(&wg, 1);
	go selectone(p[0]);
	gocc_sleep(10000000);
	mainran = true;
	gocc_wg_wait(&wg);

	struct pollfd pf = {p[1], POLLIN, 0};
	printf("poll timeout: %d\n", poll(&pf, 1, 20));

	/* The sleeps. */
	mainran = false;
	_Atomic int sawmain = 0;
	gocc_wg_add(&wg, 4);
	for (int i = 0; i < 4; i++)
		go sleeper(i, &sawmain);
	gocc_sleep(5000000);
	mainran = true;
	gocc_wg_wait(&wg);
	printf("sleep, usleep, nanosleep, clock_nanosleep parked: %d\n", sawmain);

	/* A forked child has no scheduler: its calls are libc's. */
	fflush(stdout);
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char buf[16] = {0};
		close(p[1]);
		if (read(p[0], buf, sizeof buf - 1) > 0)
			printf("forked child read: %s\n", buf);
		fflush(stdout);
		_exit(0);
	}
	close(p[0]);
	gocc_sleep(50000000);
	write(p[1], "hello", 5);
	close(p[1]);
	waitpid(pid, NULL, 0);
	return 0;
}
