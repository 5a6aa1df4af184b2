/*
 * fatal.c - how the runtime dies, and the goroutine dump (Go's throw,
 * fatal and traceback).  Faults in the program (send on a closed channel,
 * a negative WaitGroup counter, a deadlock) print "gocc: fatal error:"
 * with what happened and the goroutine it happened on, and exit with
 * status 2, as Go does.  The dump lists every goroutine with its state,
 * what it waits on and for how long; SIGQUIT prints it and exits.
 */
#include "runtime.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

const char *const waitreason_names[NUM_WAITREASONS] = {
	[WAIT_NONE] = "",
	[WAIT_WAITGROUP] = "sync.WaitGroup.Wait",
	[WAIT_CHAN_SEND] = "chan send",
	[WAIT_CHAN_RECV] = "chan receive",
	[WAIT_CHAN_SEND_NIL] = "chan send (nil chan)",
	[WAIT_CHAN_RECV_NIL] = "chan receive (nil chan)",
	[WAIT_SELECT] = "select",
	[WAIT_SELECT_NOCASES] = "select (no cases)",
	[WAIT_MUTEX] = "sync.Mutex.Lock",
	[WAIT_RWMUTEX_R] = "sync.RWMutex.RLock",
	[WAIT_RWMUTEX_W] = "sync.RWMutex.Lock",
	[WAIT_COND] = "sync.Cond.Wait",
	[WAIT_SLEEP] = "sleep",
	[WAIT_IO_READ] = "IO wait",
	[WAIT_IO_WRITE] = "IO wait",
};

/* The dump writes lines through a sink: stdio for gocc_dump, write(2)
 * from the SIGQUIT handler. */
struct sink {
	FILE *f;
	int fd;
	int64_t now;
};

static void put(struct sink *s, const char *line)
{
	if (s->f) {
		fputs(line, s->f);
	} else {
		/* The raw call: libgocc's write may park, and this runs in a
		 * signal handler. */
		syscall(SYS_write, s->fd, line, strlen(line));
	}
}

static void dumpg(G *g, void *arg)
{
	struct sink *s = arg;
	char line[200];
	const char *state;
	uint8_t status = atomic_load(&g->status);      /* once: it may change */

	switch (status) {
	case G_RUNNABLE: state = "runnable"; break;
	case G_RUNNING:  state = "running"; break;
	case G_SYSCALL:  state = "syscall"; break;
	case G_WAITING:  state = waitreason_names[g->waitreason]; break;
	default:         return;
	}
	int n = snprintf(line, sizeof line, "goroutine %lld [%s", (long long)g->goid, state);
	if (status == G_WAITING)
		n += snprintf(line + n, sizeof line - (size_t)n, ", %.3fs",
			      (double)(s->now - g->waitsince) / 1e9);
	if (g->main)
		n += snprintf(line + n, sizeof line - (size_t)n, ", main");
	if (g->foreign)
		n += snprintf(line + n, sizeof line - (size_t)n, ", thread");
	snprintf(line + n, sizeof line - (size_t)n, "]:\n");
	put(s, line);
}

static void dump(struct sink *s)
{
	s->now = nanotime_coarse();
	forallg(dumpg, s);
}

void gocc_dump(FILE *f)
{
	struct sink s = { .f = f };
	dump(&s);
	fflush(f);
}

/* stdout was flushed before the message, so that it comes first. */
static _Noreturn void die(void)
{
	fflush(stderr);
	_exit(2);
}

void fatal(const char *fmt, ...)
{
	int64_t goid = curgoid();
	va_list ap;

	fflush(stdout);
	fputs("gocc: fatal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (goid)
		fprintf(stderr, "\n\ngoroutine %lld [running]:\n", (long long)goid);
	else
		fputc('\n', stderr);
	die();
}

void fatal_deadlock(void)
{
	struct sink s = { .f = stderr };

	fflush(stdout);
	fputs("gocc: fatal error: all goroutines are asleep - deadlock!\n\n", stderr);
	dump(&s);
	die();
}

void throw(const char *msg)
{
	fatal("internal error: %s", msg);
}

/* The deadlock check (Go's checkdead). */

/* Threads in the process: a thread gocc has never seen may still wake a
 * goroutine, so no deadlock is declared while one exists.  main is one
 * until it binds. */
static int64_t threads_in_process(void)
{
	char buf[4096];
	FILE *f = fopen("/proc/self/status", "r");
	int64_t n = -1;

	if (!f)
		return -1;
	while (fgets(buf, sizeof buf, f))
		if (sscanf(buf, "Threads: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* sched.lock held.  With every M idle no P runs and every P's count is in
 * sched.nawake.  Only threads without a P change it then, and a thread
 * counts whomever it wakes before it can count itself asleep, so nawake
 * never reads 0 while anyone is awake.  A thread gocc has not seen binds,
 * under sched.lock, before it can wake anyone: counting the threads after
 * nawake, under the lock, leaves no gap.  So nothing is walked. */
void checkdead(void)
{
	if (sched.nmidle != sched.mcount)
		return;
	int64_t awake = atomic_load(&sched.nawake);
	if (awake > 0)
		return;
	if (awake < 0)
		throw("checkdead: negative count of goroutines awake");
	if (timers_earliest() >= 0 || gcount() + sched.nforeign == 0)
		return;
	/* sysmon's thread is no thread the program made. */
	if (threads_in_process() != sched.mcount + sched.nforeign +
	    atomic_load(&sysmon_started))
		return;
	fatal_deadlock();
}


static void sigquit(int sig)
{
	struct sink s = { .fd = 2 };

	put(&s, "SIGQUIT: quit\n\n");
	dump(&s);
	_exit(2);
}

void fatal_init(void)
{
	struct sigaction sa, old;

	if (sigaction(SIGQUIT, NULL, &old) != 0 || old.sa_handler != SIG_DFL)
		return;         /* the program handles SIGQUIT itself */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sigquit;
	sa.sa_flags = SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGQUIT, &sa, NULL);
}
