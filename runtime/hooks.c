/*
 * hooks.c - libc's blocking calls park the goroutine, not its thread.
 *
 * libgocc defines read, write, accept, poll, sleep and the rest (and their
 * _FORTIFY_SOURCE twins), so they take the place of libc's in any program
 * that links it, static or shared, and in the shared libraries it loads
 * (libcurl, libpq): no source changes.  In a goroutine, a call first tries
 * the operation without blocking; on EAGAIN it parks on the netpoller
 * (netpoll.c) and tries again when the descriptor is ready.  Everywhere
 * else (threads gocc has not seen, the scheduler's own stacks, before the
 * runtime starts, a forked child, GOCC_HOOKS=0) each call is libc's, made
 * as the raw system call.
 *
 * The contract (gocc.h says it to users):
 *   - A descriptor the user made non-blocking still returns EAGAIN; a
 *     blocking one blocks only the goroutine, honouring SO_RCVTIMEO and
 *     SO_SNDTIMEO, and writes all it is given as the kernel would.
 *   - Flags are never changed on a description the program did not make
 *     through these hooks: sockets use MSG_DONTWAIT, pipes RWF_NOWAIT.
 *     Only accept and connect have no per-call form: on a socket made by
 *     socket/accept/socketpair here, they set O_NONBLOCK and hide it
 *     (F_GETFL, FIONBIO and a foreign thread's calls keep the user's view).
 *   - close (and dup2/dup3 onto it) wakes the descriptor's waiters with
 *     EBADF; a woken waiter never retries on a number that may now name
 *     another file.
 *   - A parked call is never interrupted by a signal; the goroutine's
 *     current context ends it instead (ECANCELED, ETIMEDOUT).
 *   - Regular files, terminals and the like never park: the call is made
 *     as it is.
 */
#include "runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HOOK __attribute__((visibility("default")))

extern void __chk_fail(void) __attribute__((noreturn));

#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif

static bool hooksoff;           /* GOCC_HOOKS=0, or a forked child */

static void forked(void)
{
	hooksoff = true;
}

void hooks_init(void)
{
	const char *env = getenv("GOCC_HOOKS");

	if (env && strcmp(env, "0") == 0)
		hooksoff = true;
	pthread_atfork(NULL, NULL, forked);
}

/* Is the caller a goroutine that may park? */
static inline bool hooking(void)
{
	M *m = tls_m;

	return m && m->curg && m->p && !hooksoff;
}

/* ---- what a descriptor is -------------------------------------------- */

static int kindof(int fd, struct pd *pd)
{
	int k = atomic_load_explicit(&pd->kind, memory_order_relaxed);
	struct stat st;

	if (k != FD_UNKNOWN)
		return k;
	if (fstat(fd, &st) < 0)
		return FD_OTHER;        /* the call itself will say EBADF */
	k = S_ISSOCK(st.st_mode) ? FD_SOCKET : S_ISFIFO(st.st_mode) ? FD_PIPE : FD_OTHER;
	atomic_store_explicit(&pd->kind, (uint8_t)k, memory_order_relaxed);
	return k;
}

/* The number was made, or closed, through us: forget what we knew. */
static void fdreset(int fd, int kind, bool made, bool usernb)
{
	struct pd *pd = pdget(fd);

	if (!pd)
		return;
	atomic_store_explicit(&pd->kind, (uint8_t)kind, memory_order_relaxed);
	pd->made = made;
	pd->sysnb = false;
	pd->usernb = usernb;
}

static bool usernonblock(int fd, struct pd *pd)
{
	if (pd->sysnb)
		return pd->usernb;
	long fl = syscall(SYS_fcntl, fd, F_GETFL);
	return fl >= 0 && (fl & O_NONBLOCK);
}

/* Set O_NONBLOCK, hidden, on a socket made here (accept and connect have
 * no per-call form).  False if it is not ours to change. */
static bool takenonblock(int fd, struct pd *pd)
{
	if (pd->sysnb)
		return true;
	if (!pd->made)
		return false;
	long fl = syscall(SYS_fcntl, fd, F_GETFL);
	if (fl < 0 || syscall(SYS_fcntl, fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return false;
	pd->usernb = fl & O_NONBLOCK;
	pd->sysnb = true;
	return true;
}

/* A socket's SO_RCVTIMEO or SO_SNDTIMEO as a deadline. */
static int64_t socktimeout(int fd, int mode)
{
	struct timeval tv = {0, 0};
	socklen_t len = sizeof tv;

	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, mode ? SO_SNDTIMEO : SO_RCVTIMEO,
		    &tv, &len) < 0 || (tv.tv_sec == 0 && tv.tv_usec == 0))
		return GOCC_NEVER;
	return deadline(tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL);
}

/* ---- the calls, in one place ------------------------------------------ */

enum op { READ, WRITE, READV, WRITEV, RECVFROM, SENDTO, RECVMSG, SENDMSG, ACCEPT };

struct call {
	enum op op;
	int fd;
	void *buf;
	size_t n;
	int flags;
	const struct iovec *iov;
	int iovcnt;
	struct sockaddr *addr;
	socklen_t *addrlen;         /* recvfrom, accept */
	socklen_t alen;             /* sendto */
	struct msghdr *msg;
};

static bool writing(enum op op)
{
	return op == WRITE || op == WRITEV || op == SENDTO || op == SENDMSG;
}

/* The call as the user made it (nb 0), or without blocking (nb MSG_DONTWAIT
 * on a socket, RWF_NOWAIT on a pipe). */
static ssize_t sys(const struct call *c, int kind, bool nb)
{
	int dw = nb ? MSG_DONTWAIT : 0;
	struct iovec one = {c->buf, c->n};
	struct msghdr m = {.msg_iov = &one, .msg_iovlen = 1};

	if (nb && kind == FD_SOCKET) {
		switch (c->op) {
		case READ:
			return syscall(SYS_recvmsg, c->fd, &m, MSG_DONTWAIT);
		case WRITE:
			return syscall(SYS_sendmsg, c->fd, &m, MSG_DONTWAIT);
		case READV:
			m.msg_iov = (struct iovec *)c->iov;
			m.msg_iovlen = (size_t)c->iovcnt;
			return syscall(SYS_recvmsg, c->fd, &m, MSG_DONTWAIT);
		case WRITEV:
			m.msg_iov = (struct iovec *)c->iov;
			m.msg_iovlen = (size_t)c->iovcnt;
			return syscall(SYS_sendmsg, c->fd, &m, MSG_DONTWAIT);
		default:
			break;
		}
	}
	if (nb && kind == FD_PIPE) {
		switch (c->op) {
		case READ:
			return syscall(SYS_preadv2, c->fd, &one, 1, -1L, -1L, RWF_NOWAIT);
		case WRITE:
			return syscall(SYS_pwritev2, c->fd, &one, 1, -1L, -1L, RWF_NOWAIT);
		case READV:
			return syscall(SYS_preadv2, c->fd, c->iov, c->iovcnt, -1L, -1L, RWF_NOWAIT);
		case WRITEV:
			return syscall(SYS_pwritev2, c->fd, c->iov, c->iovcnt, -1L, -1L, RWF_NOWAIT);
		default:
			break;
		}
	}
	switch (c->op) {
	case READ:
		return syscall(SYS_read, c->fd, c->buf, c->n);
	case WRITE:
		return syscall(SYS_write, c->fd, c->buf, c->n);
	case READV:
		return syscall(SYS_readv, c->fd, c->iov, c->iovcnt);
	case WRITEV:
		return syscall(SYS_writev, c->fd, c->iov, c->iovcnt);
	case RECVFROM:
		return syscall(SYS_recvfrom, c->fd, c->buf, c->n, c->flags | dw, c->addr, c->addrlen);
	case SENDTO:
		return syscall(SYS_sendto, c->fd, c->buf, c->n, c->flags | dw, c->addr, c->alen);
	case RECVMSG:
		return syscall(SYS_recvmsg, c->fd, c->msg, c->flags | dw);
	case SENDMSG:
		return syscall(SYS_sendmsg, c->fd, c->msg, c->flags | dw);
	case ACCEPT:
		return syscall(SYS_accept4, c->fd, c->addr, c->addrlen, c->flags);
	}
	return -1;
}

/* A receive with MSG_WAITALL on a stream socket waits, as the kernel's,
 * for all it asked (the kernel ignores the flag on other sockets): the
 * parts taken without blocking must add up to it, as a blocking write's
 * do.  With MSG_PEEK each try sees the same bytes, so those are left as
 * they come. */
static bool waitall(const struct call *c)
{
	int type;
	socklen_t len = sizeof type;

	return (c->op == RECVFROM || c->op == RECVMSG) &&
	       (c->flags & (MSG_WAITALL | MSG_PEEK)) == MSG_WAITALL &&
	       syscall(SYS_getsockopt, c->fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	       type == SOCK_STREAM;
}

/* Bytes the call asked to move (to finish a blocking write or a
 * MSG_WAITALL receive). */
static size_t want(const struct call *c)
{
	size_t n = 0;

	switch (c->op) {
	case WRITEV:
		for (int i = 0; i < c->iovcnt; i++)
			n += c->iov[i].iov_len;
		return n;
	case SENDMSG:
	case RECVMSG:
		for (size_t i = 0; i < c->msg->msg_iovlen; i++)
			n += c->msg->msg_iov[i].iov_len;
		return n;
	default:
		return c->n;
	}
}

/* After `done` bytes of a write (or a MSG_WAITALL receive) went, the call
 * for the rest.  The rest of an iovec array goes into *iov, made the first
 * time. */
static void advance(struct call *c, size_t done, struct iovec **iovp, struct msghdr *m)
{
	bool msg = c->op == SENDMSG || c->op == RECVMSG;
	const struct iovec *src = msg ? c->msg->msg_iov : c->iov;
	int cnt = msg ? (int)c->msg->msg_iovlen : c->iovcnt;

	if (c->op != WRITEV && !msg) {
		c->buf = (char *)c->buf + done;
		c->n -= done;
		return;
	}
	/* The array shrinks in place from the second round on. */
	if (!*iovp && !(*iovp = malloc((size_t)cnt * sizeof **iovp)))
		fatal("out of memory writing %d buffers", cnt);
	struct iovec *iov = *iovp;
	int k = 0;
	for (int i = 0; i < cnt; i++) {
		if (done >= src[i].iov_len) {
			done -= src[i].iov_len;
			continue;
		}
		iov[k].iov_base = (char *)src[i].iov_base + done;
		iov[k++].iov_len = src[i].iov_len - done;
		done = 0;
	}
	if (c->op == WRITEV) {
		c->iov = iov;
		c->iovcnt = k;
	} else {
		*m = *c->msg;
		m->msg_iov = iov;
		m->msg_iovlen = (size_t)k;
		/* Ancillary data went (or came) with the first bytes. */
		m->msg_control = NULL;
		m->msg_controllen = 0;
		c->msg = m;
	}
}

/* A call that cannot park, in a goroutine: while a read waits (a
 * terminal, a device), its P may go on.  Writes to such files are quick,
 * and are what signal handlers make, where the P must stay put. */
static ssize_t blocking(const struct call *c)
{
	if (writing(c->op))
		return sys(c, FD_OTHER, false);
	entersyscall();
	ssize_t r = sys(c, FD_OTHER, false);
	exitsyscall();
	return r;
}

/* Make call c in a goroutine: try it without blocking, park on EAGAIN
 * while the user wants it blocking, and finish a blocking write or a
 * MSG_WAITALL receive. */
static ssize_t park1(struct call c, struct iovec **iov)
{
	struct pd *pd = pdget(c.fd);
	int mode = writing(c.op);
	int64_t dl = 0;                 /* 0: not read yet */
	size_t total = 0, left = writing(c.op) || waitall(&c) ? want(&c) : 0;
	struct msghdr m;

	if (!pd)
		return blocking(&c);
	for (;;) {
		int kind = kindof(c.fd, pd);
		if (kind == FD_OTHER)
			return blocking(&c);
		if (c.op == ACCEPT && !takenonblock(c.fd, pd)) {
			/* A listener not ours to change: wait for a client,
			 * then take it (a rival acceptor may block us). */
			struct pollfd p = {c.fd, POLLIN, 0};
			struct timespec zero = {0, 0};
			uint32_t seq = netpoll_seq(pd, 0);
			if (syscall(SYS_ppoll, &p, 1, &zero, NULL, 0) > 0)
				return blocking(&c);
			int res = netpoll_wait(c.fd, pd, 0, seq, GOCC_NEVER);
			if (res != WAIT_WOKEN)
				return *errnop() = res, -1;
			continue;
		}
		uint32_t seq = netpoll_seq(pd, mode);
		ssize_t r = sys(&c, kind, true);
		/* Closed and reused behind our back: look again.  A pipe that
		 * takes no RWF_NOWAIT (an old kernel): plain from now on. */
		if (r < 0 && kind == FD_SOCKET && *errnop() == ENOTSOCK) {
			fdreset(c.fd, FD_UNKNOWN, false, false);
			continue;
		}
		if (r < 0 && kind == FD_PIPE && *errnop() == EOPNOTSUPP) {
			fdreset(c.fd, FD_OTHER, false, false);
			continue;
		}
		if (r > 0 && left) {
			total += (size_t)r;
			if (total >= left || usernonblock(c.fd, pd))
				return (ssize_t)total;
			advance(&c, (size_t)r, iov, &m);
			continue;
		}
		/* An error or the end of the stream after some bytes: those. */
		if (r >= 0 || *errnop() != EAGAIN)
			return total && r <= 0 ? (ssize_t)total : r;
		if (usernonblock(c.fd, pd) ||
		    (c.flags & MSG_DONTWAIT && c.op >= RECVFROM && c.op <= SENDMSG))
			return total ? (ssize_t)total : (*errnop() = EAGAIN, -1);
		if (dl == 0)
			dl = kind == FD_SOCKET ? socktimeout(c.fd, mode) : GOCC_NEVER;
		int res = netpoll_wait(c.fd, pd, mode, seq, dl);
		if (res == WAIT_WOKEN)
			continue;
		if (total)
			return (ssize_t)total;
		if (res == EPERM) {     /* epoll refuses it: plain from now on */
			fdreset(c.fd, FD_OTHER, false, false);
			continue;
		}
		*errnop() = res == WAIT_DEADLINE ? EAGAIN : res;
		return -1;
	}
}

static ssize_t park(struct call c)
{
	struct iovec *iov = NULL;
	ssize_t r = park1(c, &iov);

	if (iov) {
		int e = *errnop();
		free(iov);
		*errnop() = e;
	}
	return r;
}

/* Make call c on a thread that may not park.  A socket whose O_NONBLOCK
 * we set and hid still blocks, on this thread. */
static ssize_t plain(struct call c)
{
	struct pd *pd = pdget(c.fd);
	ssize_t r;

	while ((r = sys(&c, FD_OTHER, false)) < 0 && *errnop() == EAGAIN &&
	       pd && pd->sysnb && !pd->usernb && !(c.flags & MSG_DONTWAIT)) {
		struct pollfd p = {c.fd, writing(c.op) ? POLLOUT : POLLIN, 0};
		syscall(SYS_ppoll, &p, 1, NULL, NULL, 0);
	}
	return r;
}

/* TSan sees no synchronisation in raw system calls: a write to a
 * descriptor happens before the read that gets its data, as its own
 * interceptors say. */
static ssize_t call(struct call c)
{
	struct pd *pd = pdget(c.fd);

	if (pd && writing(c.op))
		san_release(pd);
	ssize_t r = hooking() ? park(c) : plain(c);
	if (pd && r >= 0 && !writing(c.op))
		san_acquire(pd);
	return r;
}

/* ---- reading and writing ---------------------------------------------- */

HOOK ssize_t read(int fd, void *buf, size_t n)
{
	return call((struct call){.op = READ, .fd = fd, .buf = buf, .n = n});
}

HOOK ssize_t write(int fd, const void *buf, size_t n)
{
	return call((struct call){.op = WRITE, .fd = fd, .buf = (void *)buf, .n = n});
}

HOOK ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	return call((struct call){.op = READV, .fd = fd, .iov = iov, .iovcnt = cnt});
}

HOOK ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	return call((struct call){.op = WRITEV, .fd = fd, .iov = iov, .iovcnt = cnt});
}

HOOK ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr,
		      socklen_t *addrlen)
{
	return call((struct call){.op = RECVFROM, .fd = fd, .buf = buf, .n = n,
				  .flags = flags, .addr = addr, .addrlen = addrlen});
}

HOOK ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	return recvfrom(fd, buf, n, flags, NULL, NULL);
}

HOOK ssize_t sendto(int fd, const void *buf, size_t n, int flags,
		    const struct sockaddr *addr, socklen_t alen)
{
	return call((struct call){.op = SENDTO, .fd = fd, .buf = (void *)buf, .n = n,
				  .flags = flags, .addr = (struct sockaddr *)addr,
				  .alen = alen});
}

HOOK ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	return sendto(fd, buf, n, flags, NULL, 0);
}

HOOK ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return call((struct call){.op = RECVMSG, .fd = fd, .msg = msg, .flags = flags});
}

HOOK ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return call((struct call){.op = SENDMSG, .fd = fd, .msg = (struct msghdr *)msg,
				  .flags = flags});
}

/* _FORTIFY_SOURCE's twins: the size check, then the call. */
HOOK ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		__chk_fail();
	return read(fd, buf, n);
}

HOOK ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen, int flags)
{
	if (n > buflen)
		__chk_fail();
	return recv(fd, buf, n, flags);
}

HOOK ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen, int flags,
			    struct sockaddr *addr, socklen_t *addrlen)
{
	if (n > buflen)
		__chk_fail();
	return recvfrom(fd, buf, n, flags, addr, addrlen);
}

/* ---- sockets: making, accepting, connecting ----------------------------- */

HOOK int socket(int domain, int type, int proto)
{
	int fd = (int)syscall(SYS_socket, domain, type, proto);

	if (fd >= 0)
		fdreset(fd, FD_SOCKET, true, type & SOCK_NONBLOCK);
	return fd;
}

HOOK int socketpair(int domain, int type, int proto, int sv[2])
{
	int r = (int)syscall(SYS_socketpair, domain, type, proto, sv);

	if (r == 0) {
		fdreset(sv[0], FD_SOCKET, true, type & SOCK_NONBLOCK);
		fdreset(sv[1], FD_SOCKET, true, type & SOCK_NONBLOCK);
	}
	return r;
}

HOOK int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	int c = (int)call((struct call){.op = ACCEPT, .fd = fd, .addr = addr,
					.addrlen = addrlen, .flags = flags});

	if (c >= 0)
		fdreset(c, FD_SOCKET, true, flags & SOCK_NONBLOCK);
	return c;
}

HOOK int accept(int fd, struct sockaddr *addr, socklen_t *addrlen)
{
	return accept4(fd, addr, addrlen, 0);
}

HOOK int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct pd *pd = pdget(fd);

	if (hooking() && pd && !takenonblock(fd, pd)) {
		/* Not ours to make non-blocking: connect as it is. */
		entersyscall();
		int r = (int)syscall(SYS_connect, fd, addr, len);
		exitsyscall();
		return r;
	}
	if (!hooking() || !pd) {
		/* Hidden O_NONBLOCK on a foreign thread: block here. */
		int r = (int)syscall(SYS_connect, fd, addr, len);
		if (r < 0 && *errnop() == EINPROGRESS && pd && pd->sysnb && !pd->usernb) {
			struct pollfd p = {fd, POLLOUT, 0};
			syscall(SYS_ppoll, &p, 1, NULL, NULL, 0);
			goto result;
		}
		return r;
	}
	uint32_t seq = netpoll_seq(pd, 1);
	if (syscall(SYS_connect, fd, addr, len) == 0)
		return 0;
	if (*errnop() != EINPROGRESS || pd->usernb)
		return -1;
	int64_t dl = socktimeout(fd, 1);
	for (;;) {
		struct pollfd p = {fd, POLLOUT, 0};
		struct timespec zero = {0, 0};
		if (syscall(SYS_ppoll, &p, 1, &zero, NULL, 0) > 0)
			break;
		int res = netpoll_wait(fd, pd, 1, seq, dl);
		if (res != WAIT_WOKEN) {
			*errnop() = res == WAIT_DEADLINE ? ETIMEDOUT : res;
			return -1;
		}
		seq = netpoll_seq(pd, 1);
	}
result:;
	int err = 0;
	socklen_t elen = sizeof err;
	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
		return -1;
	if (err) {
		*errnop() = err;
		return -1;
	}
	return 0;
}

/* ---- descriptors: flags, close, dup ----------------------------------- */

static int fcntlhook(int fd, int cmd, long arg)
{
	struct pd *pd = pdget(fd);
	long r;

	switch (cmd) {
	case F_GETFL:
		r = syscall(SYS_fcntl, fd, F_GETFL);
		if (r >= 0 && pd && pd->sysnb && !pd->usernb)
			r &= ~O_NONBLOCK;
		return (int)r;
	case F_SETFL:
		if (pd && pd->sysnb) {
			pd->usernb = arg & O_NONBLOCK;
			arg |= O_NONBLOCK;
		}
		return (int)syscall(SYS_fcntl, fd, F_SETFL, arg);
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		r = syscall(SYS_fcntl, fd, cmd, arg);
		if (r >= 0 && pd)
			fdreset((int)r, atomic_load(&pd->kind), pd->made, pd->usernb);
		if (r >= 0 && pd && pd->sysnb)
			pdget((int)r)->sysnb = true;
		return (int)r;
	default:
		return (int)syscall(SYS_fcntl, fd, cmd, arg);
	}
}

HOOK int fcntl(int fd, int cmd, ...)
{
	va_list ap;

	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	return fcntlhook(fd, cmd, arg);
}

HOOK int fcntl64(int fd, int cmd, ...)
{
	va_list ap;

	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	return fcntlhook(fd, cmd, arg);
}

HOOK int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;

	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	struct pd *pd = req == FIONBIO ? pdget(fd) : NULL;
	if (pd && pd->sysnb) {
		pd->usernb = *(int *)arg != 0;
		return 0;
	}
	return (int)syscall(SYS_ioctl, fd, req, arg);
}

HOOK int close(int fd)
{
	netpoll_close(fd);
	fdreset(fd, FD_UNKNOWN, false, false);
	return (int)syscall(SYS_close, fd);
}

/* newfd is closed by the dup: its waiters go as at a close, and it
 * inherits oldfd's description, and so what we knew of it. */
static void dupped(int oldfd, int newfd)
{
	struct pd *o = pdget(oldfd), *n = pdget(newfd);

	if (!o || !n || oldfd == newfd)
		return;
	netpoll_close(newfd);
	fdreset(newfd, atomic_load(&o->kind), o->made, o->usernb);
	n->sysnb = o->sysnb;
}

HOOK int pipe2(int fds[2], int flags)
{
	int r = (int)syscall(SYS_pipe2, fds, flags);

	if (r == 0) {
		fdreset(fds[0], FD_PIPE, false, false);
		fdreset(fds[1], FD_PIPE, false, false);
	}
	return r;
}

HOOK int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

HOOK int dup(int fd)
{
	return fcntlhook(fd, F_DUPFD, 0);
}

HOOK int dup3(int oldfd, int newfd, int flags)
{
	int r = (int)syscall(SYS_dup3, oldfd, newfd, flags);

	if (r >= 0)
		dupped(oldfd, newfd);
	return r;
}

HOOK int dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)     /* dup3 refuses it; dup2 checks oldfd */
		return syscall(SYS_fcntl, oldfd, F_GETFD) < 0 ? -1 : newfd;
	return dup3(oldfd, newfd, 0);
}

/* ---- waiting for many: poll, select, epoll_wait ------------------------- */

static int64_t msdeadline(int ms)
{
	return ms < 0 ? GOCC_NEVER : deadline(ms * 1000000LL);
}

static int64_t tsdeadline(const struct timespec *ts)
{
	return ts ? deadline(ts->tv_sec * 1000000000LL + ts->tv_nsec) : GOCC_NEVER;
}

static int pollnow(struct pollfd *fds, nfds_t n)
{
	struct timespec zero = {0, 0};
	return (int)syscall(SYS_ppoll, fds, n, &zero, NULL, 0);
}

/* Wait in a goroutine until fd's `mode` readiness, or dl: while `ready`
 * says no.  Returns its last answer, or -1 with errno. */
static int waitfor(int fd, int mode, int64_t dl, int (*ready)(void *), void *arg)
{
	struct pd *pd = pdget(fd);

	for (;;) {
		uint32_t seq = netpoll_seq(pd, mode);
		int r = ready(arg);
		if (r != 0)
			return r;
		int res = netpoll_wait(fd, pd, mode, seq, dl);
		if (res == WAIT_DEADLINE)
			return 0;
		if (res != WAIT_WOKEN) {
			*errnop() = res;
			return -1;
		}
	}
}

struct pollargs {
	struct pollfd *fds;
	nfds_t n;
};

static int pollready(void *a)
{
	struct pollargs *p = a;
	return pollnow(p->fds, p->n);
}

/* poll's wait in a goroutine.  One descriptor waits on it directly; more
 * wait on a private epoll set of them, which is itself a descriptor. */
static int pollpark(struct pollfd *fds, nfds_t n, int64_t dl)
{
	struct pollargs a = {fds, n};
	int r = pollnow(fds, n);

	if (r != 0 || dl <= nanotime())
		return r;
	if (n == 1 && fds[0].fd >= 0 && pdget(fds[0].fd)) {
		short ev = fds[0].events;
		int mode = (ev & POLLOUT) && (ev & ~POLLOUT) ? NETPOLL_EITHER : (ev & POLLOUT) ? 1 : 0;
		return waitfor(fds[0].fd, mode, dl, pollready, &a);
	}
	int ep = (int)syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	if (ep < 0)
		return -1;
	for (nfds_t i = 0; i < n; i++) {
		struct epoll_event e = {.events = (uint32_t)fds[i].events, .data.u64 = i};
		if (fds[i].fd >= 0)
			syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[i].fd, &e);
	}
	fdreset(ep, FD_OTHER, false, false);
	r = waitfor(ep, 0, dl, pollready, &a);
	int e = *errnop();
	netpoll_close(ep);
	syscall(SYS_close, ep);
	*errnop() = e;
	return r;
}

HOOK int poll(struct pollfd *fds, nfds_t n, int ms)
{
	if (!hooking() || ms == 0) {
		struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
		return (int)syscall(SYS_ppoll, fds, n, ms < 0 ? NULL : &ts, NULL, 0);
	}
	return pollpark(fds, n, msdeadline(ms));
}

HOOK int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask)
{
	/* A signal mask asks for a signal's wake-up: keep libc's. */
	if (!hooking() || mask || (ts && ts->tv_sec == 0 && ts->tv_nsec == 0))
		return (int)syscall(SYS_ppoll, fds, n, ts, mask, _NSIG / 8);
	return pollpark(fds, n, tsdeadline(ts));
}

HOOK int __poll_chk(struct pollfd *fds, nfds_t n, int ms, size_t fdslen)
{
	if (fdslen / sizeof *fds < n)
		__chk_fail();
	return poll(fds, n, ms);
}

HOOK int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts,
		     const sigset_t *mask, size_t fdslen)
{
	if (fdslen / sizeof *fds < n)
		__chk_fail();
	return ppoll(fds, n, ts, mask);
}

HOOK int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
	if (!hooking() || (tv && tv->tv_sec == 0 && tv->tv_usec == 0) || nfds > FD_SETSIZE) {
		struct timespec ts, *tp = NULL;
		if (tv) {
			ts = (struct timespec){tv->tv_sec, tv->tv_usec * 1000};
			tp = &ts;
		}
		struct { const sigset_t *ss; size_t len; } nomask = {NULL, _NSIG / 8};
		return (int)syscall(SYS_pselect6, nfds, rd, wr, ex, tp, &nomask);
	}
	struct pollfd fds[FD_SETSIZE];
	nfds_t n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		short ev = (rd && FD_ISSET(fd, rd) ? POLLIN : 0) |
			   (wr && FD_ISSET(fd, wr) ? POLLOUT : 0) |
			   (ex && FD_ISSET(fd, ex) ? POLLPRI : 0);
		if (ev)
			fds[n++] = (struct pollfd){fd, ev, 0};
	}
	int64_t dl = tv ? deadline(tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL) : GOCC_NEVER;
	int r = pollpark(fds, n, dl);
	if (r < 0)
		return -1;
	for (nfds_t i = 0; i < n; i++) {
		if (fds[i].revents & POLLNVAL) {
			*errnop() = EBADF;
			return -1;
		}
	}
	if (rd)
		FD_ZERO(rd);
	if (wr)
		FD_ZERO(wr);
	if (ex)
		FD_ZERO(ex);
	r = 0;
	for (nfds_t i = 0; i < n; i++) {
		short re = fds[i].revents;
		if (rd && re & (POLLIN | POLLHUP | POLLERR) && fds[i].events & POLLIN)
			FD_SET(fds[i].fd, rd), r++;
		if (wr && re & (POLLOUT | POLLERR) && fds[i].events & POLLOUT)
			FD_SET(fds[i].fd, wr), r++;
		if (ex && re & POLLPRI)
			FD_SET(fds[i].fd, ex), r++;
	}
	if (tv) {
		int64_t left = dl - nanotime();
		if (left < 0)
			left = 0;
		*tv = (struct timeval){left / 1000000000, left % 1000000000 / 1000};
	}
	return r;
}

struct epollargs {
	int ep;
	struct epoll_event *evs;
	int max;
};

static int epollready(void *a)
{
	struct epollargs *e = a;
	return (int)syscall(SYS_epoll_pwait, e->ep, e->evs, e->max, 0, NULL, _NSIG / 8);
}

HOOK int epoll_wait(int ep, struct epoll_event *evs, int max, int ms)
{
	struct epollargs a = {ep, evs, max};

	if (!hooking() || ms == 0 || !pdget(ep))
		return (int)syscall(SYS_epoll_pwait, ep, evs, max, ms, NULL, _NSIG / 8);
	/* An epoll set is readable while it has events. */
	return waitfor(ep, 0, msdeadline(ms), epollready, &a);
}

/* ---- sleeping ----------------------------------------------------------- */

/* Sleep ns in a goroutine: 0, or the context's errno with the time left
 * in *left. */
static int sleepns(int64_t ns, int64_t *left)
{
	int64_t dl = deadline(ns);
	int err = sleepuntil(dl);

	*left = err ? dl - nanotime() : 0;
	if (*left < 0)
		*left = 0;
	return err;
}

HOOK int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int64_t left;

	if (!hooking() || req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0)
		return (int)syscall(SYS_nanosleep, req, rem);
	int err = sleepns(req->tv_sec * 1000000000LL + req->tv_nsec, &left);
	if (!err)
		return 0;
	if (rem)
		*rem = (struct timespec){left / 1000000000, left % 1000000000};
	*errnop() = err;
	return -1;
}

HOOK int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
			 struct timespec *rem)
{
	int64_t left;

	if (!hooking() || flags || (clk != CLOCK_MONOTONIC && clk != CLOCK_REALTIME) ||
	    req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0)
		return syscall(SYS_clock_nanosleep, clk, flags, req, rem) < 0 ? *errnop() : 0;
	int err = sleepns(req->tv_sec * 1000000000LL + req->tv_nsec, &left);
	if (err && rem)
		*rem = (struct timespec){left / 1000000000, left % 1000000000};
	return err;
}

HOOK int usleep(useconds_t us)
{
	struct timespec ts = {us / 1000000, us % 1000000 * 1000L};
	return nanosleep(&ts, NULL);
}

HOOK unsigned int sleep(unsigned int s)
{
	struct timespec ts = {s, 0}, rem = {0, 0};

	if (nanosleep(&ts, &rem) < 0)
		return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

/* ---- calls that cannot park: the syscall state ------------------------- */

/* These are weak: where a static link also pulls libc's own definition,
 * libc's wins and the call simply blocks its thread, as it would anyway. */
#define SYSHOOK HOOK __attribute__((weak))

/* expr in the syscall state; enter is entersyscall, or entersyscallblock
 * for a call known to block. */
#define INSYSCALL(enter, type, expr) ({ \
	bool in = hooking(); \
	if (in) \
		enter(); \
	type r_ = (expr); \
	if (in) \
		exitsyscall(); \
	r_; })

SYSHOOK int fsync(int fd)
{
	return INSYSCALL(entersyscall, int, (int)syscall(SYS_fsync, fd));
}

SYSHOOK int fdatasync(int fd)
{
	return INSYSCALL(entersyscall, int, (int)syscall(SYS_fdatasync, fd));
}

SYSHOOK pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	if (options & WNOHANG)
		return (pid_t)syscall(SYS_wait4, pid, status, options, ru);
	return INSYSCALL(entersyscallblock, pid_t, (pid_t)syscall(SYS_wait4, pid, status, options, ru));
}

SYSHOOK pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

SYSHOOK pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

/* open may wait for a FIFO's other end, or for a slow file system. */
SYSHOOK int openat(int dir, const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	int fd = INSYSCALL(entersyscall, int, (int)syscall(SYS_openat, dir, path, flags, mode));
	if (fd >= 0)
		fdreset(fd, FD_UNKNOWN, false, false);
	return fd;
}

SYSHOOK int openat64(int dir, const char *path, int flags, ...)
	__attribute__((alias("openat")));

SYSHOOK int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return openat(AT_FDCWD, path, flags, mode);
}

SYSHOOK int open64(const char *path, int flags, ...) __attribute__((alias("open")));

SYSHOOK int __open_2(const char *path, int flags)
{
	return openat(AT_FDCWD, path, flags);
}

SYSHOOK int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

/* Functions that are more than a system call: libc's own, found past
 * ours. */
static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f)
		fatal("hooks: cannot find libc's %s", name);
	return f;
}

typedef int (*getaddrinfo_fn)(const char *, const char *, const struct addrinfo *,
			      struct addrinfo **);
typedef int (*getnameinfo_fn)(const struct sockaddr *, socklen_t, char *, socklen_t,
			      char *, socklen_t, int);

SYSHOOK int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
			struct addrinfo **res)
{
	static getaddrinfo_fn real;
	/* Linking freeaddrinfo pulls libc's getaddrinfo into a static link,
	 * where dlsym finds nothing: there libc's wins over this weak one. */
	static void (*volatile keep)(struct addrinfo *) = freeaddrinfo;
	(void)keep;
	if (!real)
		real = (getaddrinfo_fn)next("getaddrinfo");
	return INSYSCALL(entersyscall, int, real(node, service, hints, res));
}

SYSHOOK int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
			socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	static getnameinfo_fn real;
	static void (*volatile keep)(struct addrinfo *) = freeaddrinfo;
	(void)keep;
	if (!real)
		real = (getnameinfo_fn)next("getnameinfo");
	return INSYSCALL(entersyscall, int, real(sa, salen, host, hostlen, serv, servlen, flags));
}

/* A contended pthread mutex: wait for it in the syscall state. */
extern int __pthread_mutex_lock(pthread_mutex_t *) __attribute__((weak));

SYSHOOK int pthread_mutex_lock(pthread_mutex_t *mu)
{
	static int (*real)(pthread_mutex_t *);

	/* Past ours comes a sanitizer's, or libc's; a static link has no
	 * dlsym, but libc's own name. */
	if (!real)
		real = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_lock");
	if (!real)
		real = __pthread_mutex_lock;
	if (!hooking())
		return real(mu);
	int r = pthread_mutex_trylock(mu);
	if (r != EBUSY)
		return r;
	return INSYSCALL(entersyscallblock, int, real(mu));
}
