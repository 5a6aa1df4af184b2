// recv and recvmsg with MSG_WAITALL on a stream socket wait for all they
// asked, as libc's do, though the bytes come in parts and each part is
// taken without blocking; the peer closing early gives what came; on a
// datagram socket the flag means nothing and one datagram comes back.
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 GOCC_HOOKS=0 %t | FileCheck %s
// CHECK: recv MSG_WAITALL: 10 abcdeabcde
// CHECK-NEXT: recvmsg MSG_WAITALL: 10 abcdeabcde
// CHECK-NEXT: peer closed after 5: 5
// CHECK-NEXT: datagram: 5
#include <gocc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The parts come from a thread of its own, 10 ms apart, so the test means
 * the same with the hooks off (GOCC_HOOKS=0). */
struct parts {
	int fd, n;
	bool close;
};

static void *sendparts(void *arg)
{
	struct parts *p = arg;
	struct timespec ts = {0, 10000000};
	for (int i = 0; i < p->n; i++) {
		nanosleep(&ts, NULL);
		if (write(p->fd, "abcde", 5) != 5)
			perror("sendparts");
	}
	if (p->close)
		close(p->fd);
	return NULL;
}

/* p must live until the thread is joined. */
static pthread_t later(struct parts *p)
{
	pthread_t t;
	pthread_create(&t, NULL, sendparts, p);
	return t;
}

static gocc_waitgroup wg;

static void receive(void)
{
	char buf[16] = "";
	int sv[2];
	ssize_t r;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pthread_t t = later(&(struct parts){sv[1], 2, false});
	r = recv(sv[0], buf, 10, MSG_WAITALL);
	printf("recv MSG_WAITALL: %zd %.*s\n", r, r > 0 ? (int)r : 0, buf);
	pthread_join(t, NULL);

	memset(buf, 0, sizeof buf);
	struct iovec io[2] = {{buf, 3}, {buf + 3, 7}};
	struct msghdr m = {.msg_iov = io, .msg_iovlen = 2};
	t = later(&(struct parts){sv[1], 2, false});
	r = recvmsg(sv[0], &m, MSG_WAITALL);
	printf("recvmsg MSG_WAITALL: %zd %.*s\n", r, r > 0 ? (int)r : 0, buf);
	pthread_join(t, NULL);

	t = later(&(struct parts){sv[1], 1, true});
	r = recv(sv[0], buf, 10, MSG_WAITALL);
	printf("peer closed after 5: %zd\n", r);
	pthread_join(t, NULL);
	close(sv[0]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	t = later(&(struct parts){sv[1], 2, false});
	r = recv(sv[0], buf, 10, MSG_WAITALL);
	printf("datagram: %zd\n", r);
	pthread_join(t, NULL);
	gocc_wg_done(&wg);
}

int main(void)
{
	gocc_wg_add(&wg, 1);
	go receive();
	gocc_wg_wait(&wg);
	return 0;
}
