/*
 * netpoll.c - goroutines waiting for descriptors (Go's netpoll.go and
 * netpoll_epoll.go): one epoll set, each descriptor registered once,
 * edge-triggered, for both directions; a record per descriptor number
 * with, per direction, a queue of parked waits and a count of events.
 *
 * No lost wake-ups with many waiters: a caller samples the direction's
 * event count (netpoll_seq) before it tries its call, and on EAGAIN parks
 * only if no event came since.  An event bumps the count and wakes every
 * waiter of that direction; each tries again, and those that lose park
 * again.  (Go's one pdReady flag allows one waiter per direction; C
 * programs have many: several goroutines accepting on one listener.)
 *
 * C reuses descriptor numbers at once, and not every close passes through
 * us (fclose, libraries' internal calls).  So each record carries a
 * generation, bumped at every close we see, that rides in the epoll data
 * beside the number: an event for a closed file never wakes the waiters
 * of the next.  A close we did not see leaves `registered` stale; the
 * kernel dropped that registration with the file, so a record remembers
 * the identity of the file it registered (device and inode) and a wait
 * re-registers when it changed.  Records are never freed (Go's
 * pollCache), so epoll data never dangles.
 *
 * The scheduler polls without blocking before it steals and every 61
 * schedules, and one M with nothing to run blocks in epoll_wait until the
 * next timer (sched.c); an eventfd breaks that wait.
 */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { PD_BLOCK = 1024, PD_BLOCKS = 16384 };    /* numbers up to 16M */
enum { BREAKFD = -1 };                          /* the eventfd's epoll data */

static struct pd *_Atomic pdtab[PD_BLOCKS];
static int epfd = -1, breakfd = -1;
static pthread_once_t initonce = PTHREAD_ONCE_INIT;
static _Atomic bool breakpending;
_Atomic int32_t netpoll_waiters;

static void netpollinit(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	breakfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (epfd < 0 || breakfd < 0)
		fatal("netpoll: cannot make an epoll set: %s", strerror(errno));
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint32_t)BREAKFD};
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, breakfd, &ev) < 0)
		fatal("netpoll: cannot watch its eventfd: %s", strerror(errno));
}

struct pd *pdget(int fd)
{
	if (fd < 0 || fd >= PD_BLOCK * PD_BLOCKS)
		return NULL;
	struct pd *_Atomic *slot = &pdtab[fd / PD_BLOCK];
	struct pd *b = atomic_load_explicit(slot, memory_order_acquire);
	/* Straight from the kernel, with no lock: the hooks that make
	 * descriptors run wherever libc is called, even where malloc's locks
	 * are held by stopped threads (LeakSanitizer's tracer calls pipe2
	 * with the whole program stopped). */
	if (!b) {
		size_t size = PD_BLOCK * sizeof *b;
		struct pd *nb = mmap(NULL, size, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (nb == MAP_FAILED)
			fatal("netpoll: out of memory for descriptor %d", fd);
		if (atomic_compare_exchange_strong(slot, &b, nb))
			b = nb;
		else
			munmap(nb, size);
	}
	return &b[fd % PD_BLOCK];
}

uint32_t netpoll_seq(struct pd *pd, int mode)
{
	if (mode == NETPOLL_EITHER)
		return netpoll_seq(pd, 0) + netpoll_seq(pd, 1);
	return atomic_load_explicit(&pd->seq[mode], memory_order_acquire);
}

/* pd->lock held: make sure fd's current file is in the epoll set. */
static int enroll(int fd, struct pd *pd)
{
	struct stat st;

	pthread_once(&initonce, netpollinit);
	if (fstat(fd, &st) < 0)
		return -1;
	if (pd->registered && pd->dev == st.st_dev && pd->ino == st.st_ino)
		return 0;
	if (pd->registered)
		pd->gen++;      /* closed behind our back: a new file */
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
		.data.u64 = (uint32_t)fd | (uint64_t)pd->gen << 32,
	};
	/* EEXIST: another number's close left this file registered under an
	 * old generation (a dup); take it over. */
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 &&
	    (errno != EEXIST || epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) < 0))
		return -1;
	pd->registered = true;
	pd->dev = st.st_dev;
	pd->ino = st.st_ino;
	/* Registering reports readiness that predates it as an event, which
	 * the caller's sample may have missed: make it try once more. */
	atomic_fetch_add(&pd->seq[0], 1);
	atomic_fetch_add(&pd->seq[1], 1);
	return 1;
}

int netpoll_wait(int fd, struct pd *pd, int mode, uint32_t seq, int64_t deadline)
{
	gwait w;
	int res;

	gwait_init(&w, &pd->lock, &pd->q[mode], deadline);
	lockwithrank(&pd->lock, LOCKRANK_IOWAIT);
	uint32_t gen = pd->gen;
	int e = enroll(fd, pd);
	if (e < 0) {
		res = errno;
		unlock(&pd->lock);
	} else if (e > 0 || netpoll_seq(pd, mode) != seq) {
		unlock(&pd->lock);
		res = WAIT_WOKEN;
	} else {
		sysmon_wake();  /* it polls while every P is busy */
		atomic_fetch_add(&netpoll_waiters, 1);
		res = gwait_park(&w, mode == 1 ? WAIT_IO_WRITE : WAIT_IO_READ);
		atomic_fetch_sub(&netpoll_waiters, 1);
		/* Woken by a close: the number may name another file now. */
		if (res == WAIT_WOKEN && __atomic_load_n(&pd->gen, __ATOMIC_RELAXED) != gen)
			res = EBADF;
	}
	gwait_done(&w);
	return res;
}

/* pd->lock held: wake every waiter of q; their Gs go on *ready. */
static void wakeq(waitq *q, G **ready)
{
	sudog *s;

	while ((s = q->first) != NULL) {
		waitq_remove(q, s);
		G *g = gwait_wake((gwait *)s);
		if (g) {
			g->schedlink = *ready;
			*ready = g;
		}
	}
}

/* pd->lock held: an event of mode (0 read, 1 write). */
static void wakeall(struct pd *pd, int mode, G **ready)
{
	atomic_fetch_add(&pd->seq[mode], 1);
	wakeq(&pd->q[mode], ready);
	wakeq(&pd->q[NETPOLL_EITHER], ready);
}

void netpoll_close(int fd)
{
	G *ready = NULL;

	/* A number never waited on has no record to reset; and the report
	 * of a dying program (libdw closing the files it read) holds the
	 * scheduler's locks. */
	if (fd < 0 || fd >= PD_BLOCK * PD_BLOCKS ||
	    !atomic_load_explicit(&pdtab[fd / PD_BLOCK], memory_order_relaxed) ||
	    atomic_load_explicit(&dying, memory_order_relaxed))
		return;
	struct pd *pd = pdget(fd);
	lockwithrank(&pd->lock, LOCKRANK_IOWAIT);
	if (pd->registered) {
		/* Before the close, while fd still names the file. */
		epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
		pd->registered = false;
	}
	__atomic_store_n(&pd->gen, pd->gen + 1, __ATOMIC_RELAXED);
	wakeall(pd, 0, &ready);
	wakeall(pd, 1, &ready);
	unlock(&pd->lock);
	goreadylist(ready);
}

void netpoll_break(void)
{
	if (epfd < 0 || atomic_exchange(&breakpending, true))
		return;
	uint64_t one = 1;
	syscall(SYS_write, breakfd, &one, sizeof one);
}

G *netpoll(int64_t until)
{
	struct epoll_event evs[128];
	G *ready = NULL;
	int n;

	if (epfd < 0)
		return NULL;
	atomic_store_explicit(&lastpoll, nanotime(), memory_order_relaxed);
	if (until == 0) {
		n = epoll_wait(epfd, evs, 128, 0);
	} else {
		/* epoll_pwait2 takes nanoseconds, so timers keep their precision. */
		struct timespec ts, *tp = NULL;
		if (until > 0) {
			int64_t d = until - nanotime();
			if (d < 0)
				d = 0;
			ts = (struct timespec){d / 1000000000, d % 1000000000};
			tp = &ts;
		}
		n = (int)syscall(SYS_epoll_pwait2, epfd, evs, 128, tp, NULL, 0);
		if (n < 0 && errno == ENOSYS)
			n = epoll_wait(epfd, evs, 128,
				       tp ? (int)((ts.tv_sec * 1000000000 + ts.tv_nsec + 999999) / 1000000) : -1);
	}
	for (int i = 0; i < n; i++) {
		int fd = (int32_t)(uint32_t)evs[i].data.u64;
		uint32_t gen = (uint32_t)(evs[i].data.u64 >> 32), e = evs[i].events;
		if (fd == BREAKFD) {
			uint64_t v;
			syscall(SYS_read, breakfd, &v, sizeof v);
			atomic_store(&breakpending, false);
			continue;
		}
		struct pd *pd = pdget(fd);
		lockwithrank(&pd->lock, LOCKRANK_IOWAIT);
		if (pd->gen == gen) {
			if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
				wakeall(pd, 0, &ready);
			if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
				wakeall(pd, 1, &ready);
		}
		unlock(&pd->lock);
	}
	return ready;
}

int gocc_fd_wait(int fd, short events, int64_t deadline)
{
	struct pd *pd = pdget(fd);
	int mode = (events & POLLIN) && (events & POLLOUT) ? NETPOLL_EITHER :
		   (events & POLLOUT) ? 1 : 0;
	int res;

	getg();
	if (!pd || syscall(SYS_fcntl, fd, F_GETFD) < 0) {
		*errnop() = EBADF;
		return -1;
	}
	do {
		uint32_t seq = netpoll_seq(pd, mode);
		struct pollfd p = {fd, events & (POLLIN | POLLOUT), 0};
		struct timespec zero = {0, 0};
		if (syscall(SYS_ppoll, &p, 1, &zero, NULL, 0) > 0) {
			if (!(p.revents & POLLNVAL))
				return 0;
			res = EBADF;
			break;
		}
		res = netpoll_wait(fd, pd, mode, seq, deadline);
	} while (res == WAIT_WOKEN);
	*errnop() = res == WAIT_DEADLINE ? ETIMEDOUT : res;
	return -1;
}
