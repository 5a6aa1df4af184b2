/*
 * hooks_wait.c - libc's calls that wait for many descriptors or for time
 * (poll, ppoll, select, epoll_wait and the sleeps) park the goroutine
 * (see hooks.c for when the hooks act).  One descriptor is waited on
 * directly; many, through a private epoll set of them, which is itself
 * one descriptor that the netpoller waits on.
 */
#include "runtime.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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
