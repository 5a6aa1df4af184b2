/*
 * httpd.c - a small HTTP/1.1 server, one goroutine per connection, written
 * with plain accept, read and write: in a goroutine each of them parks
 * the goroutine, not the thread (see gocc.h, "Blocking calls").
 *
 *   httpd [PORT]      serve on 127.0.0.1:PORT (0 or none: any free port)
 *
 * It prints "listening on PORT" once ready.  GET / answers a short page,
 * GET /hello "hello, world", anything else 404; connections stay open
 * (keep-alive) until the client closes them or says "Connection: close".
 */
#include <gocc.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { BUFSIZE = 8192 };

static const char page[] =
	"<!doctype html>\n<title>gocc httpd</title>\n"
	"<p>Served by a goroutine, with plain read and write.</p>\n";

/* Write all of buf; false if the peer went away. */
static bool writeall(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w <= 0)
			return false;
		buf += w;
		n -= (size_t)w;
	}
	return true;
}

static bool respond(int fd, const char *path, bool last)
{
	const char *status = "200 OK", *type = "text/html", *body = page;
	char head[256];

	if (strcmp(path, "/hello") == 0) {
		type = "text/plain";
		body = "hello, world\n";
	} else if (strcmp(path, "/") != 0) {
		status = "404 Not Found";
		type = "text/plain";
		body = "not found\n";
	}
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n",
			 status, type, strlen(body), last ? "Connection: close\r\n" : "");
	return writeall(fd, head, (size_t)n) && writeall(fd, body, strlen(body));
}

/* One connection: parse requests out of buf as they arrive. */
static void serve(int fd)
{
	char buf[BUFSIZE + 1];
	size_t have = 0;

	for (;;) {
		buf[have] = '\0';
		char *end = strstr(buf, "\r\n\r\n");
		if (!end) {
			if (have == BUFSIZE)
				break;          /* a header too large: give up */
			ssize_t r = read(fd, buf + have, BUFSIZE - have);
			if (r <= 0)
				break;
			have += (size_t)r;
			continue;
		}
		char method[16], path[1024];
		if (sscanf(buf, "%15s %1023s", method, path) != 2)
			break;
		*end = '\0';
		bool last = strstr(buf, "\r\nConnection: close") != NULL;
		if (!respond(fd, path, last) || last)
			break;
		size_t used = (size_t)(end + 4 - buf);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	close(fd);
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 0, one = 1;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	socklen_t len = sizeof sa;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* A client that leaves mid-answer makes write fail with EPIPE; the
	 * signal libc's write also raises would end the server (Go's
	 * runtime ignores it on sockets for the same reason). */
	signal(SIGPIPE, SIG_IGN);
	int ln = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ln, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ln < 0 || bind(ln, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ln, 1024) < 0 ||
	    getsockname(ln, (struct sockaddr *)&sa, &len) < 0) {
		perror("httpd");
		return 1;
	}
	printf("listening on %d\n", ntohs(sa.sin_port));
	fflush(stdout);
	for (;;) {
		int fd = accept(ln, NULL, NULL);
		if (fd < 0) {
			perror("httpd: accept");
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		go serve(fd);
	}
}
