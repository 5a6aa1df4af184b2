/*
 * echo: a TCP echo server for bench/io.sh, one goroutine per connection,
 * written with plain accept, read and write, which park the goroutine (see
 * gocc.h).  Built with the plugin, as examples/httpd.c.  Twin: bench/go/echo.
 *
 *   echo [PORT]       serve on 127.0.0.1:PORT (0 or none: any free port)
 *
 * Prints "listening on PORT" once ready (scripts/with-server.sh waits for it).
 */
#include <gocc.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* Read and write back until the peer goes.  The buffer is the Go twin's
 * size, so that the memory benchmark compares runtimes, not buffers; 4 KiB,
 * a common choice, is what gives Go the 7.4 KiB a connection. */
static void serve(int fd)
{
	char buf[4096];

	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r <= 0)
			break;
		for (ssize_t off = 0, w; off < r; off += w)
			if ((w = write(fd, buf + off, (size_t)(r - off))) <= 0)
				goto out;
	}
out:
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
	/* SOMAXCONN: the kernel's cap, the backlog Go's net.Listen asks for. */
	if (ln < 0 || bind(ln, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(ln, SOMAXCONN) < 0 || getsockname(ln, (struct sockaddr *)&sa, &len) < 0) {
		perror("echo");
		return 1;
	}
	printf("listening on %d\n", ntohs(sa.sin_port));
	fflush(stdout);
	for (;;) {
		int fd = accept(ln, NULL, NULL);
		if (fd < 0) {
			perror("echo: accept");
			continue;
		}
		/* As Go does for every TCP connection. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		go serve(fd);
	}
}
