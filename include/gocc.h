/*
 * gocc.h - the one public header of libgocc: Go's goroutines, channels,
 * select, sync and timers for C.
 *
 * Two audiences read this file:
 *   - C programmers, who call the API below (gocc_go, channels, ...), and
 *   - the compilers (the GCC plugin and gocc-rewrite), which lower
 *     `go f(a, b);` into a call of gocc_newproc (gocc_abi.h, included
 *     below, holds that ABI and the rule for when `go` is a keyword).
 *
 * What C code must know when it runs in a goroutine
 *   - Goroutines are scheduled M:N: GOCC_MAXPROCS OS threads (Ms) run them,
 *     and a goroutine that parks (any call below that can block: channel
 *     operations, gocc_wg_wait, gocc_mutex_lock, gocc_sleep, gocc_yield, ...)
 *     may resume on another thread.  errno and pthread_self() are always
 *     the current thread's in code built by either front end, also read
 *     right after a park.  Other thread-local state is the thread's, not
 *     the goroutine's: __thread variables change with the thread, so
 *     re-read them after such a call.  On x86-64, initial-exec TLS (the
 *     default in executables) is re-read correctly; general-dynamic TLS
 *     (-fPIC shared objects) may be cached across the call.  On AArch64
 *     GCC keeps the thread pointer in a register for a whole function, so
 *     read a __thread variable after a park in a separate noinline
 *     function (the runtime itself does: runtime.h, getm).
 *   - Blocking calls park the goroutine, not the thread: see "Blocking
 *     calls" below.  A call that does not park (a regular file, a library
 *     that makes raw system calls) blocks the thread, and hands its P to
 *     another thread when it lasts.
 *   - Preemption (see "Preemption" below): a goroutine that computes for
 *     10 ms while others wait for its P gives the P away at its next safe
 *     point and goes on running, on the same thread, without a P.  It never
 *     switches goroutines there and never moves to another thread, so
 *     errno, __thread values and pthread or FILE locks held across a safe
 *     point stay valid.  Safe points exist only in code built by the
 *     plugin (by default, in files with a go statement or that include
 *     this header) or by gocc-rewrite --preempt; other code is never
 *     preempted and keeps its P until it calls into gocc.
 *   - Each goroutine has a fixed stack (GOCC_STACKSIZE bytes, default
 *     256 KiB) committed lazily, with a guard region below it.  Overflowing
 *     it stops the process with "gocc: goroutine N stack overflow".  Frames
 *     larger than the guard (64 KiB) can jump it unless the code is built
 *     with -fstack-clash-protection.
 *   - When main returns (or exit is called) the process ends, whatever the
 *     other goroutines are doing, as in Go.
 *   - Every function here may be called from any thread, also from threads
 *     the program made itself; a blocking call from such a thread blocks
 *     only that thread.
 *
 * Blocking calls
 *   In a goroutine, libc's read, write, readv, writev, recv, recvfrom,
 *   recvmsg, send, sendto, sendmsg, accept, accept4, connect, poll, ppoll,
 *   select, epoll_wait, sleep, usleep, nanosleep and clock_nanosleep (a
 *   relative time), and their _FORTIFY_SOURCE __*_chk twins, park the
 *   goroutine on the runtime's epoll netpoller while the descriptor is not
 *   ready: its P runs other goroutines.  libgocc defines them, so this
 *   holds for any program linked with it (static or shared, built with
 *   either front end or neither) and for the libraries it uses (libcurl,
 *   libpq), unchanged.  On a thread gocc has not seen, before the runtime
 *   starts, in a forked child, and with GOCC_HOOKS=0, each is libc's.
 *   - A descriptor the user made non-blocking (O_NONBLOCK, SOCK_NONBLOCK,
 *     FIONBIO) still returns EAGAIN, and F_GETFL always shows the user's
 *     view.  The runtime never changes the flags of a description it did
 *     not make: it uses MSG_DONTWAIT and RWF_NOWAIT.  Only accept and
 *     connect, which have no per-call form, set O_NONBLOCK on a socket
 *     made by socket, accept or socketpair in this program, and hide it;
 *     such a socket read through stdio (fdopen) sees EAGAIN.
 *   - SO_RCVTIMEO and SO_SNDTIMEO are honoured: EAGAIN after the timeout.
 *     A blocking write writes everything, as the kernel's does.
 *   - close, dup2 or dup3 onto a descriptor wakes every goroutine waiting
 *     on it with -1 and EBADF; none retries on a number that may by then
 *     name another file.  Many goroutines may wait on one descriptor.
 *   - A parked call is not interrupted by signals (no EINTR); end it with
 *     a context (gocc_ctx_enter) instead: ECANCELED or ETIMEDOUT.
 *   - What does not park: regular files, terminals and other devices
 *     (epoll cannot wait for them); stdio (fread, fgets, getline,
 *     fwrite...) on a pipe or socket, which calls libc's internal read and
 *     write: read(2) the descriptor yourself instead; raw syscall(2).
 *
 * Environment
 *   GOCC_MAXPROCS   number of Ps (default: CPUs in the affinity mask)
 *   GOCC_HOOKS      0: libc's blocking calls are libc's, blocking threads
 *   GOCC_MAXTHREADS the most threads the runtime makes (default 10000);
 *                   past it the program stops with a fatal error
 *   GOCC_STACKSIZE  usable bytes per goroutine stack (default 262144);
 *                   only the pages a goroutine touches cost memory.
 *   GOCC_TRACEBACK  all: tracebacks show libgocc's frames too (hidden by
 *                   default, as Go's GOTRACEBACK hides the runtime's)
 *   GOCC_DEBUG      comma-separated name=value settings, as Go's GODEBUG;
 *                   an unknown name or a bad value is a fatal error:
 *     schedtrace=MS   every MS milliseconds print Go's scheduler line to
 *                     stderr: "SCHED 1004ms: gomaxprocs=4 idleprocs=2
 *                     threads=6 spinningthreads=0 idlethreads=3
 *                     runqueue=0 [0 0 1 0]" (the global run queue, then
 *                     each P's own)
 *     scheddetail=1   with schedtrace, a line per P, M and goroutine
 *                     instead of the brackets, in Go's format
 *     preemptwarn=1   print "gocc: goroutine N ran 100 ms without reaching
 *                     a safe point" (once per goroutine) when a goroutine
 *                     asked to give up its P has not, for 100 ms: code
 *                     built without safe points
 *
 * Failure policy: Go's.  What a program or a library built on gocc can
 * expect:
 *   - No call reports failure.  Running out of memory or threads (for a
 *     goroutine, a stack, a channel, a timer, an M) and misuse (send on a
 *     closed channel, unlock of an unlocked mutex, a negative WaitGroup
 *     counter, all goroutines asleep) print "gocc: fatal error: ..." or
 *     "gocc: goroutine N stack overflow" on stderr, naming the goroutine,
 *     and exit with status 2 at once: no atexit handlers, no unwinding.
 *   - Memory and threads are kept for reuse, never given back: a finished
 *     goroutine's G and stack (with the pages it touched) wait for the
 *     next gocc_go, Gs live in slabs that are never unmapped, threads (Ms)
 *     never exit but sleep until there is work, and Ps that gocc_maxprocs
 *     removes stay allocated.  So a process keeps the memory and threads
 *     of its busiest moment until it exits.  Only channels are freed, by
 *     gocc_chan_free.
 *   - There is no shutdown: the runtime starts on the first call and
 *     lives until the process ends.  Unloading libgocc.so (dlclose) is not
 *     supported, and after fork only the calling thread exists in the
 *     child, so the child may only exec, as in Go.
 *   - The runtime installs handlers for SIGSEGV and SIGBUS (faults that
 *     are not a stack overflow go on to the handlers installed before) and,
 *     unless the program handles them, SIGFPE, SIGILL, SIGABRT and
 *     SIGQUIT.  A fault the program does not handle prints "gocc: fatal
 *     error: unexpected signal" with the signal, its code, the address and
 *     the pc, then the dump, the faulting goroutine first, and exits with
 *     status 2.  A handler the program installs, before or after the
 *     runtime starts, wins.
 *   - Every dump (the deadlock report, a fatal error, a fault, SIGQUIT,
 *     gocc_dump) shows each goroutine's frames as "function(...)" over
 *     "\tfile:line" (function+0xoff without debug info) and "created by
 *     FUNC in goroutine N" at the go statement.  This loads elfutils'
 *     libdw.so.1 when it runs, if installed (Debian's libdw1); without it
 *     a dump shows only creation sites, as function+0xoff.  Stacks are
 *     unwound on x86-64 only; a goroutine running on another thread shows
 *     none; a go statement compiled as a tail call names its caller's
 *     caller; inlined functions show as the function they are inlined in.
 */
#ifndef GOCC_H
#define GOCC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gocc_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* libgocc is built with hidden visibility; this header names its API. */
#pragma GCC visibility push(default)

/* ----------------------------------------------------------------------
 * Goroutines
 * ---------------------------------------------------------------------- */

/* Start fn(arg) in a new goroutine. */
void gocc_go(void (*fn)(void *), void *arg);

/* Let other goroutines run; the caller stays runnable (Go's Gosched). */
void gocc_yield(void);

/* The calling goroutine's id: main is 1, later ones are larger.  A thread
 * the program made itself gets an id the first time it asks. */
int64_t gocc_goid(void);

/* Set the number of Ps to n when n > 0; return the previous number.
 * gocc_maxprocs(0) only asks. */
int gocc_maxprocs(int n);

/* Goroutines that exist now (running, runnable or parked). */
int64_t gocc_numgoroutine(void);

/* ----------------------------------------------------------------------
 * WaitGroup (Go's sync.WaitGroup).  A zeroed object is ready to use; its
 * state is private to the runtime, like the sync objects' below.
 * ---------------------------------------------------------------------- */
typedef struct gocc_waitgroup {
	uint64_t _private[4];
} gocc_waitgroup;
#define GOCC_WAITGROUP_INIT {{0}}

void gocc_wg_add(gocc_waitgroup *wg, long delta);
void gocc_wg_done(gocc_waitgroup *wg);
void gocc_wg_wait(gocc_waitgroup *wg);

/* ----------------------------------------------------------------------
 * Channels (Go's chan).  Elements are copied by value, elem_size bytes;
 * elem may be NULL where elem_size is 0.  A NULL channel blocks forever on
 * send and receive, as in Go.
 * ---------------------------------------------------------------------- */
typedef struct gocc_chan gocc_chan;

gocc_chan *gocc_chan_make(size_t elem_size, size_t cap);
void gocc_chan_send(gocc_chan *c, const void *elem);
/* false when c is closed and drained; *elem is then zeroed. elem may be NULL. */
bool gocc_chan_recv(gocc_chan *c, void *elem);
bool gocc_chan_trysend(gocc_chan *c, const void *elem);
/* true if a value (or the closed zero value) was received; *ok as recv
 * (ok may be NULL). */
bool gocc_chan_tryrecv(gocc_chan *c, void *elem, bool *ok);
void gocc_chan_close(gocc_chan *c);
size_t gocc_chan_len(gocc_chan *c);
size_t gocc_chan_cap(gocc_chan *c);
/* No goroutine may be blocked on c.  A channel from gocc_after lives on
 * until its timer fires, as in Go. */
void gocc_chan_free(gocc_chan *c);

/* ----------------------------------------------------------------------
 * Select
 * ---------------------------------------------------------------------- */
enum { GOCC_SEND = 1, GOCC_RECV = 2 };

typedef struct {
	gocc_chan *chan;        /* NULL: the case never fires */
	int dir;                /* GOCC_SEND or GOCC_RECV */
	void *elem;             /* value to send, or where to receive (may be NULL) */
	bool ok;                /* set for a receive: false if closed */
} gocc_select_case;

/* Index of the case that fired (uniformly random among ready ones); -1 if
 * nonblock and none was ready.  At most 65536 cases. */
int gocc_select(gocc_select_case *cases, int n, bool nonblock);

/* ----------------------------------------------------------------------
 * Sync (Go's sync package).  All park goroutines; zeroed objects (or the
 * _INIT macros) are ready.  Each object is opaque storage of a fixed size
 * and alignment, which the runtime's own state fills (runtime/sync.h); C
 * code copies none of them once used, as Go's vet insists.
 * ---------------------------------------------------------------------- */

/* Go's sync.Mutex: waiters compete with newcomers until one has waited
 * 1 ms; then ownership is handed from goroutine to goroutine in FIFO
 * order until the queue drains. */
typedef struct gocc_mutex {
	uint64_t _private[5];
} gocc_mutex;
#define GOCC_MUTEX_INIT {{0}}

void gocc_mutex_lock(gocc_mutex *mu);
void gocc_mutex_unlock(gocc_mutex *mu);
bool gocc_mutex_trylock(gocc_mutex *mu);

/* Go's sync.RWMutex: a blocked Lock keeps new readers out. */
typedef struct gocc_rwmutex {
	uint64_t _private[14];
} gocc_rwmutex;
#define GOCC_RWMUTEX_INIT {{0}}

void gocc_rwmutex_lock(gocc_rwmutex *rw);
void gocc_rwmutex_unlock(gocc_rwmutex *rw);
void gocc_rwmutex_rlock(gocc_rwmutex *rw);
void gocc_rwmutex_runlock(gocc_rwmutex *rw);

typedef struct gocc_once {
	uint64_t _private[6];
} gocc_once;
#define GOCC_ONCE_INIT {{0}}

void gocc_once_do(gocc_once *once, void (*fn)(void));

/* Go's sync.Cond: waiters wake in the order they called wait. */
typedef struct gocc_cond {
	uint64_t _private[3];
} gocc_cond;
#define GOCC_COND_INIT {{0}}

/* mu must be locked; it is unlocked while waiting and locked again before
 * the return. */
void gocc_cond_wait(gocc_cond *c, gocc_mutex *mu);
void gocc_cond_signal(gocc_cond *c);
void gocc_cond_broadcast(gocc_cond *c);

/* ----------------------------------------------------------------------
 * Time
 * ---------------------------------------------------------------------- */
int64_t gocc_nanotime(void);            /* monotonic, nanoseconds */
/* Park the caller for at least ns nanoseconds (none if ns <= 0). */
void gocc_sleep(int64_t ns);
/* A channel of capacity 1 that receives gocc_nanotime() once, ns from now. */
gocc_chan *gocc_after(int64_t ns);

/* ----------------------------------------------------------------------
 * Deadlines, I/O and contexts (Go's context package)
 *
 * A deadline is an absolute gocc_nanotime() value; GOCC_NEVER means none.
 * ---------------------------------------------------------------------- */
#define GOCC_NEVER INT64_MAX

/* Park until fd is ready for `events` (POLLIN and/or POLLOUT): 0, or -1
 * with errno ETIMEDOUT (the deadline passed), ECANCELED or ETIMEDOUT (the
 * current context ended), or EBADF (fd is not open, or was closed while
 * waiting). */
int gocc_fd_wait(int fd, short events, int64_t deadline);

/* Around a call that may block its thread in code gocc cannot see (a
 * library that makes its own system calls, a long computation in a
 * foreign runtime): while it lasts, the goroutine's P may run other
 * goroutines (Go's entersyscall).  Call no other gocc function between
 * the two.  libc's calls that cannot park (regular files, fsync, open,
 * waitpid, getaddrinfo, getnameinfo, a contended pthread_mutex_lock) do
 * this by themselves. */
void gocc_syscall_enter(void);
void gocc_syscall_exit(void);

/* A context: ended by gocc_ctx_cancel, by its deadline, or by the end of
 * its parent, whichever comes first; its descendants end with it. */
typedef struct gocc_ctx gocc_ctx;

/* The root: never ends, never needs releasing. */
gocc_ctx *gocc_ctx_background(void);
gocc_ctx *gocc_ctx_with_cancel(gocc_ctx *parent);
gocc_ctx *gocc_ctx_with_deadline(gocc_ctx *parent, int64_t deadline);
gocc_ctx *gocc_ctx_with_timeout(gocc_ctx *parent, int64_t ns);
/* End ctx and its descendants (ECANCELED); a second call does nothing. */
void gocc_ctx_cancel(gocc_ctx *ctx);
/* Cancel ctx and drop the caller's reference: every context made with
 * gocc_ctx_with_* must be released once, when nothing uses it any more
 * (its done channel included). */
void gocc_ctx_release(gocc_ctx *ctx);
/* A channel closed when ctx ends: receive on it, or select on it. */
gocc_chan *gocc_ctx_done(gocc_ctx *ctx);
/* 0 while ctx lives, then ECANCELED or ETIMEDOUT (its deadline passed). */
int gocc_ctx_err(gocc_ctx *ctx);
/* Its deadline, or an ancestor's if earlier; GOCC_NEVER if none. */
int64_t gocc_ctx_deadline(gocc_ctx *ctx);
/* Make ctx the calling goroutine's current context; returns the previous
 * one (gocc_ctx_background() if none).  While ctx is current, every wait
 * of this goroutine that parks for I/O or sleeps (gocc_fd_wait,
 * gocc_sleep, and the libc calls below) ends early when ctx ends: with -1
 * and errno ECANCELED or ETIMEDOUT for calls that report through errno
 * (cancellation outranks the deadline); a sleep returns early as an
 * interrupted sleep does.  ctx must stay alive while it is current.  A new
 * goroutine starts with none. */
gocc_ctx *gocc_ctx_enter(gocc_ctx *ctx);

/* ----------------------------------------------------------------------
 * Preemption
 *
 * A safe point is GOCC_SAFEPOINT(): the plugin puts one at each function's
 * entry and on each loop's back edge, after the optimizers have run (so
 * vectorized loops stay vectorized), in every file that has a go statement
 * or includes this header (-fplugin-arg-gocc-preempt=all: every file; =off:
 * none).  Where the code ends or comes back soon it saves the cost; with
 * calls meaning calls of functions other than GCC's built-ins: no check at
 * the entry of a function that makes no calls, nor in a loop nest that
 * makes none and whose trip counts the compiler bounds to a few thousand
 * statements, and one in many iterations (a few thousand statements
 * apart) of an innermost loop that makes none.
 * gocc-rewrite --preempt puts them at the top of function bodies and loop
 * bodies.  A function declared GOCC_NOPREEMPT gets none.
 *
 * The rule at a safe point: the runtime's monitor thread sets the running
 * thread's gocc_preemptflag when its goroutine has held its P for 10 ms
 * while other work waits for it (Go's forcePreemptNS).  gocc_preempt then
 * hands the P to another thread and returns: the goroutine runs on, on its
 * own thread, without a P, and the kernel time-slices the two threads.
 * Nothing the compiled code cached changes.  The goroutine gets a P back at
 * a later safe point when one is idle, or when it next parks, yields or
 * exits; what it starts or readies meanwhile waits on the global run queue.
 * At most 2 x GOCC_MAXPROCS threads run goroutines without a P: past that,
 * a goroutine keeps its P until others give theirs back.
 *
 * Do not call gocc_preempt from a signal handler: a handler that may
 * interrupt gocc itself must be GOCC_NOPREEMPT.
 * ---------------------------------------------------------------------- */
/* GOCC_SAFEPOINT() itself is part of the ABI: gocc_abi.h. */
/* No safe points in this function: GCC's opt-out attribute for
 * -fsplit-stack's checks, reused, and never inlined into a function that
 * has them. */
#define GOCC_NOPREEMPT __attribute__((no_split_stack, noinline))

/* ----------------------------------------------------------------------
 * Diagnostics
 * ---------------------------------------------------------------------- */
/* Print every goroutine: id, state, what it waits on and for how long, its
 * frames and where it was made (see Failure policy above). */
void gocc_dump(FILE *f);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* GOCC_H */
