// Sockets through plain libc calls, all in one process at one P: a
// server and its clients are goroutines, so every accept, connect, read
// and write must park, never block the thread.  Errors are libc's
// (refused, reset, bad descriptor), SO_RCVTIMEO expires with EAGAIN, the
// user's O_NONBLOCK keeps its meaning and ours never shows, contexts end
// parked calls, epoll_wait parks, descriptors do not leak over thousands
// of connections dropped mid-request, and a program whose goroutines all
// wait on sockets is not a deadlock.  `socket N R` drops N connections a
// round for R rounds (make stress: 10,000 for 10).
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// CHECK: echo: 20 clients, 20 right answers
// CHECK: connect to a closed port: ECONNREFUSED
// CHECK: SO_RCVTIMEO: EAGAIN after the timeout: yes
// CHECK: peer reset: ECONNRESET
// CHECK: connected socket: F_GETFL shows O_NONBLOCK: no
// CHECK: user's O_NONBLOCK: EAGAIN: yes, F_GETFL shows it: yes
// CHECK: cleared again: read parked and got: q
// CHECK: timeout set after a parked read: EAGAIN after it: yes
// CHECK: O_NONBLOCK set through a dup: EAGAIN: yes
// CHECK: context deadline: -1 ETIMEDOUT
// CHECK: context cancelled: -1 ECANCELED
// CHECK: nanosleep cancelled: -1 ECANCELED, time left: yes
// CHECK: closed while reading: -1 EBADF
// CHECK: epoll_wait parked: 1 event
// CHECK: 6000 connections dropped mid-request: descriptors leaked: 0, memory grew after the first 2000: no
// CHECK: waiting only on sockets is no deadlock: accepted
#include <gocc.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static gocc_waitgroup wg;

static int listener(struct sockaddr_in *sa)
{
	socklen_t len = sizeof *sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	*sa = (struct sockaddr_in){.sin_family = AF_INET};
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)sa, sizeof *sa) < 0 || listen(fd, 4096) < 0 ||
	    getsockname(fd, (struct sockaddr *)sa, &len) < 0) {
		perror("listener");
		exit(1);
	}
	return fd;
}

static int dial(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static void echo(int fd)
{
	char buf[256];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		write(fd, buf, (size_t)n);
	close(fd);
}

static void acceptloop(int ln)
{
	int fd;
	while ((fd = accept(ln, NULL, NULL)) >= 0)
		go echo(fd);
}

static void client(const struct sockaddr_in *sa, int i, _Atomic int *right)
{
	char msg[64], got[64] = {0};
	int fd = dial(sa);
	int n = snprintf(msg, sizeof msg, "hello %d", i);
	write(fd, msg, (size_t)n);
	if (read(fd, got, sizeof got) == n && memcmp(msg, got, (size_t)n) == 0)
		atomic_fetch_add(right, 1);
	close(fd);
	gocc_wg_done(&wg);
}

static void canceller(gocc_ctx *ctx)
{
	gocc_sleep(20000000);
	gocc_ctx_cancel(ctx);
}

static void closer(int fd)
{
	gocc_sleep(20000000);
	close(fd);
}

static void writer(int fd, const char *what)
{
	gocc_sleep(20000000);
	write(fd, what, strlen(what));
}

static void dropper(const struct sockaddr_in *sa)
{
	int fd = dial(sa);
	if (fd >= 0) {
		write(fd, "half a requ", 11);
		close(fd);
	}
	gocc_wg_done(&wg);
}

static void reader(int fd)
{
	char buf[64];
	while (read(fd, buf, sizeof buf) > 0)
		;
	close(fd);
}

static int openfds(void);

/* n connections dropped mid-request, then a wait until the server's
 * goroutines have seen EOF and closed their ends (fds back to base). */
static void churn(const struct sockaddr_in *sa, int n, int base)
{
	for (int round = 0; round < n / 100; round++) {
		gocc_wg_add(&wg, 100);
		for (int i = 0; i < 100; i++)
			go dropper(sa);
		gocc_wg_wait(&wg);
	}
	for (int i = 0; i < 500 && openfds() > base; i++)
		gocc_sleep(10000000);
}

static long rsskib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (fgets(line, sizeof line, f))
		sscanf(line, "VmRSS: %ld", &kib);
	fclose(f);
	return kib;
}

static int openfds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static const char *errname(int e)
{
	switch (e) {
	case ECONNREFUSED: return "ECONNREFUSED";
	case ECONNRESET: return "ECONNRESET";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ECANCELED: return "ECANCELED";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	default: return strerror(e);
	}
}

int main(int argc, char **argv)
{
	int per = argc > 1 ? atoi(argv[1]) : 2000;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	struct sockaddr_in sa, closed;
	char buf[64];
	ssize_t r;

	/* Echo: the server and its clients all run on one P. */
	int ln = listener(&sa);
	go acceptloop(ln);
	_Atomic int right = 0;
	gocc_wg_add(&wg, 20);
	for (int i = 0; i < 20; i++)
		go client(&sa, i, &right);
	gocc_wg_wait(&wg);
	printf("echo: 20 clients, %d right answers\n", (int)right);

	/* Errors are libc's. */
	close(listener(&closed));
	printf("connect to a closed port: %s\n", dial(&closed) < 0 ? errname(errno) : "connected");

	int fd = dial(&sa);
	struct timeval tv = {0, 50000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	int64_t t0 = gocc_nanotime();
	r = read(fd, buf, sizeof buf);
	printf("SO_RCVTIMEO: EAGAIN after the timeout: %s\n",
	       r < 0 && errno == EAGAIN && gocc_nanotime() - t0 >= 50000000 ? "yes" : "no");
	close(fd);

	int ln2 = listener(&closed);
	fd = dial(&closed);
	int peer = accept(ln2, NULL, NULL);
	struct linger lg = {1, 0};
	setsockopt(peer, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(peer);
	r = read(fd, buf, sizeof buf);
	printf("peer reset: %s\n", r < 0 ? errname(errno) : "no error");
	close(fd);

	/* Flags: ours hidden, the user's kept. */
	fd = dial(&closed);
	peer = accept(ln2, NULL, NULL);
	printf("connected socket: F_GETFL shows O_NONBLOCK: %s\n",
	       fcntl(fd, F_GETFL) & O_NONBLOCK ? "yes" : "no");
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	r = read(fd, buf, sizeof buf);
	printf("user's O_NONBLOCK: EAGAIN: %s, F_GETFL shows it: %s\n",
	       r < 0 && errno == EAGAIN ? "yes" : "no",
	       fcntl(fd, F_GETFL) & O_NONBLOCK ? "yes" : "no");
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	go writer(peer, "q");
	r = read(fd, buf, sizeof buf);
	printf("cleared again: read parked and got: %.*s\n", (int)(r > 0 ? r : 0), buf);

	/* What a socket's calls learnt at a park follows later changes: a
	 * timeout set after it, O_NONBLOCK set through a dup. */
	go writer(fd, "r");
	r = read(peer, buf, sizeof buf);
	setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	t0 = gocc_nanotime();
	r = read(peer, buf, sizeof buf);
	printf("timeout set after a parked read: EAGAIN after it: %s\n",
	       r < 0 && errno == EAGAIN && gocc_nanotime() - t0 >= 50000000 ? "yes" : "no");
	setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){0, 0}, sizeof tv);
	int dupped = dup(peer);
	fcntl(dupped, F_SETFL, fcntl(dupped, F_GETFL) | O_NONBLOCK);
	r = read(peer, buf, sizeof buf);
	printf("O_NONBLOCK set through a dup: EAGAIN: %s\n", r < 0 && errno == EAGAIN ? "yes" : "no");
	close(dupped);

	/* Contexts end parked calls. */
	gocc_ctx *ctx = gocc_ctx_with_timeout(gocc_ctx_background(), 30000000);
	gocc_ctx *prev = gocc_ctx_enter(ctx);
	r = read(fd, buf, sizeof buf);
	printf("context deadline: %zd %s\n", r, errname(errno));
	gocc_ctx_enter(prev);
	gocc_ctx_release(ctx);
	ctx = gocc_ctx_with_cancel(gocc_ctx_background());
	go canceller(ctx);
	gocc_ctx_enter(ctx);
	r = read(fd, buf, sizeof buf);
	printf("context cancelled: %zd %s\n", r, errname(errno));
	gocc_ctx_enter(prev);
	gocc_ctx_release(ctx);
	ctx = gocc_ctx_with_cancel(gocc_ctx_background());
	go canceller(ctx);
	gocc_ctx_enter(ctx);
	struct timespec ts = {5, 0}, rem = {0, 0};
	int s = nanosleep(&ts, &rem);
	printf("nanosleep cancelled: %d %s, time left: %s\n", s, errname(errno),
	       rem.tv_sec >= 4 ? "yes" : "no");
	gocc_ctx_enter(prev);
	gocc_ctx_release(ctx);

	go closer(fd);
	r = read(fd, buf, sizeof buf);
	printf("closed while reading: %zd %s\n", r, errname(errno));
	close(peer);

	/* epoll_wait parks on the user's own epoll set. */
	fd = dial(&closed);
	peer = accept(ln2, NULL, NULL);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN}, out[4];
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	go writer(peer, "e");
	printf("epoll_wait parked: %d event\n", epoll_wait(ep, out, 4, 5000));
	close(ep);
	close(fd);
	close(peer);

	/* Connections dropped mid-request leak nothing: descriptors, and
	 * memory once the first round has warmed the caches. */
	int before = openfds();
	long first = 0, last = 0;
	go acceptloop(ln2);
	for (int i = 0; i < rounds; i++) {
		churn(&closed, per, before);
		last = rsskib();
		if (i == 0)
			first = last;
	}
	printf("%d connections dropped mid-request: descriptors leaked: %d, "
	       "memory grew after the first %d: %s\n", per * rounds,
	       openfds() - before, per, last - first > 1024 ? "yes" : "no");

	/* Every goroutine waits on a socket; a child process connects later. */
	fflush(stdout);
	int ln3 = listener(&sa);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(200000);
		close(dial(&sa));
		_exit(0);
	}
	fd = accept(ln3, NULL, NULL);
	printf("waiting only on sockets is no deadlock: %s\n", fd >= 0 ? "accepted" : "failed");
	waitpid(pid, NULL, 0);
	return 0;
}
