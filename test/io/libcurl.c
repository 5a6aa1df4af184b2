// An existing blocking C library becomes concurrent unchanged: 50
// goroutines each call libcurl's blocking curl_easy_perform against an HTTP
// server that runs in this same process, as goroutines too.  The server
// holds every answer until all 50 requests are in flight together, so the
// count reaches 50 only if libcurl's own connect, send, poll and recv park
// their goroutine; at one P a call that blocked the thread would stall the
// server with it.  Should they not overlap, the hold ends 5 s after the
// first request came, so the test fails instead of hanging.
// RUN: %cc-gocc %s -o %t %libgocc -lcurl
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// CHECK: most requests in flight at once: 50
// CHECK-NEXT: 50 transfers: 50 right bodies
#include <gocc.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { N = 50 };

static _Atomic int inflight, maxinflight;
static _Atomic int64_t firstarrival;
static _Atomic int right;
static gocc_waitgroup wg;

/* One connection: read the request, count it in flight, hold it, answer
 * "answer PATH" and close. */
static void handle(int fd)
{
	char req[2048], body[64], resp[256];
	size_t have = 0;

	while (have < sizeof req - 1) {
		ssize_t r = read(fd, req + have, sizeof req - 1 - have);
		if (r <= 0)
			break;
		have += (size_t)r;
		req[have] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[have] = '\0';
	char path[64] = "?";
	sscanf(req, "GET %63s", path);

	int64_t expected = 0;
	atomic_compare_exchange_strong(&firstarrival, &expected, gocc_nanotime());
	int now = atomic_fetch_add(&inflight, 1) + 1;
	int seen = atomic_load(&maxinflight);
	while (now > seen && !atomic_compare_exchange_weak(&maxinflight, &seen, now))
		;
	while (atomic_load(&maxinflight) < N &&
	       gocc_nanotime() - atomic_load(&firstarrival) < 5000000000)
		gocc_sleep(10000000);
	atomic_fetch_sub(&inflight, 1);

	int blen = snprintf(body, sizeof body, "answer %s\n", path);
	int n = snprintf(resp, sizeof resp,
			 "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
			 blen, body);
	write(fd, resp, (size_t)n);
	close(fd);
}

static void acceptloop(int ln)
{
	int fd;
	while ((fd = accept(ln, NULL, NULL)) >= 0)
		go handle(fd);
}

struct buf {
	char data[256];
	size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *userdata)
{
	struct buf *b = userdata;
	size_t len = size * n;
	if (len > sizeof b->data - 1 - b->len)
		return 0;       /* more than any right answer: fail the transfer */
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

static void fetch(int port, int i)
{
	char url[64], want[64];
	struct buf b = {.len = 0};
	CURL *c = curl_easy_init();

	snprintf(url, sizeof url, "http://127.0.0.1:%d/%d", port, i);
	snprintf(want, sizeof want, "answer /%d\n", i);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK && strcmp(b.data, want) == 0)
		atomic_fetch_add(&right, 1);
	else
		fprintf(stderr, "transfer %d: %s, body \"%s\"\n", i, curl_easy_strerror(rc), b.data);
	curl_easy_cleanup(c);
	gocc_wg_done(&wg);
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;
	int ln = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ln, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ln, 1024) < 0 ||
	    getsockname(ln, (struct sockaddr *)&sa, &len) < 0) {
		perror("listener");
		return 1;
	}
	/* Not thread-safe, so once before any goroutine uses libcurl. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	go acceptloop(ln);
	gocc_wg_add(&wg, N);
	for (int i = 0; i < N; i++)
		go fetch(ntohs(sa.sin_port), i);
	gocc_wg_wait(&wg);
	printf("most requests in flight at once: %d\n", atomic_load(&maxinflight));
	printf("%d transfers: %d right bodies\n", N, atomic_load(&right));
	curl_global_cleanup();
	return 0;
}
