/*
 * hooks.c - libc's blocking calls park the goroutine, not its thread:
 * here, reading, writing, sockets and descriptors; hooks_wait.c, poll,
 * select, epoll_wait and the sleeps; hooks_syscall.c, the calls that
 * cannot park.
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

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif

bool hooksoff;                  /* GOCC_HOOKS=0, or a forked child */

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

/* Moved on by every change to what struct pd's view caches; never 0, so
 * a reset record's view is stale. */
static _Atomic uint32_t viewepoch = 1;

static void viewchanged(void)
{
	uint32_t e = atomic_fetch_add(&viewepoch, 1) + 1;

	if (e == 0)
		atomic_compare_exchange_strong(&viewepoch, &e, 1);
}

void fdreset(int fd, int kind, bool made, bool usernb)
{
	struct pd *pd = pdget(fd);

	if (!pd)
		return;
	atomic_store_explicit(&pd->kind, (uint8_t)kind, memory_order_relaxed);
	atomic_store_explicit(&pd->viewepoch, 0, memory_order_relaxed);
	pd->made = made;
	pd->sysnb = false;
	pd->usernb = usernb;
}

/* A made socket's view (pd->viewnb, pd->timeo), asked of the kernel when
 * stale.  Only made sockets: another process may share an inherited
 * description and change it behind us. */
static bool viewof(int fd, struct pd *pd)
{
	uint32_t e = atomic_load_explicit(&viewepoch, memory_order_acquire);
	struct timeval tv[2] = {{0, 0}, {0, 0}};
	socklen_t len = sizeof tv[0];

	if (!pd->made)
		return false;
	if (atomic_load_explicit(&pd->viewepoch, memory_order_acquire) == e)
		return true;
	long fl = syscall(SYS_fcntl, fd, F_GETFL);
	for (int mode = 0; mode < 2; mode++)
		if (syscall(SYS_getsockopt, fd, SOL_SOCKET, mode ? SO_SNDTIMEO : SO_RCVTIMEO,
			    &tv[mode], &len) < 0)
			return false;
	if (fl < 0)
		return false;
	pd->viewnb = fl & O_NONBLOCK;
	for (int mode = 0; mode < 2; mode++)
		pd->timeo[mode] = tv[mode].tv_sec * 1000000000LL + tv[mode].tv_usec * 1000LL;
	atomic_store_explicit(&pd->viewepoch, e, memory_order_release);
	return true;
}

static bool usernonblock(int fd, struct pd *pd)
{
	if (pd->sysnb)
		return pd->usernb;
	if (viewof(fd, pd))
		return pd->viewnb;
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
static int64_t socktimeout(int fd, struct pd *pd, int mode)
{
	struct timeval tv = {0, 0};
	socklen_t len = sizeof tv;
	int64_t t;

	if (viewof(fd, pd))
		t = pd->timeo[mode];
	else if (syscall(SYS_getsockopt, fd, SOL_SOCKET, mode ? SO_SNDTIMEO : SO_RCVTIMEO,
			 &tv, &len) < 0)
		t = 0;
	else
		t = tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
	return t ? deadline(t) : GOCC_NEVER;
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
			dl = kind == FD_SOCKET ? socktimeout(c.fd, pd, mode) : GOCC_NEVER;
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

/* The timeouts are what the view caches from here. */
HOOK int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	int r = (int)syscall(SYS_setsockopt, fd, level, name, val, len);

	if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO ||
				    name == SO_RCVTIMEO_NEW || name == SO_SNDTIMEO_NEW))
		viewchanged();
	return r;
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
	int64_t dl = socktimeout(fd, pd, 1);
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
		r = syscall(SYS_fcntl, fd, F_SETFL, arg);
		viewchanged();  /* after it: a view learnt from here on is new */
		return (int)r;
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

HOOK int fcntl64(int fd, int cmd, ...) __attribute__((alias("fcntl")));

HOOK int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;

	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	struct pd *pd = req == FIONBIO ? pdget(fd) : NULL;
	int r = 0;
	if (pd && pd->sysnb)
		pd->usernb = *(int *)arg != 0;
	else
		r = (int)syscall(SYS_ioctl, fd, req, arg);
	if (req == FIONBIO)
		viewchanged();
	return r;
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
