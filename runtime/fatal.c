/*
 * fatal.c - how the runtime dies, and the goroutine dump (Go's throw,
 * fatal and traceback).  Faults in the program (send on a closed channel,
 * a negative WaitGroup counter, a deadlock) print "gocc: fatal error:"
 * with what happened and the goroutine it happened on, and exit with
 * status 2, as Go does.  So do faults the program does not handle
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT): "unexpected signal", with
 * the signal, its code, the address and the pc.  The dump lists every
 * goroutine with its state, what it waits on and for how long, its stack
 * and where it was made (traceback.c); SIGQUIT prints it and exits.
 */
#include "runtime.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
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
 * from a signal handler and when dying (stdio's buffer may be what broke). */
struct sink {
	FILE *f;
	int fd;
	int64_t now;
	G *skip;                    /* the G already shown, first */
};

static void put(void *arg, const char *line)
{
	struct sink *s = arg;

	if (s->f) {
		fputs(line, s->f);
	} else {
		/* The raw call: libgocc's write may park, and this runs in a
		 * signal handler. */
		syscall(SYS_write, s->fd, line, strlen(line));
	}
}

static void header(G *g, struct sink *s)
{
	char line[200];
	const char *state;
	uint8_t status = atomic_load(&g->status);      /* once: it may change */

	switch (status) {
	case G_RUNNABLE: state = "runnable"; break;
	case G_RUNNING:  state = "running"; break;
	case G_SYSCALL:  state = "syscall"; break;
	case G_WAITING:  state = waitreason_names[g->waitreason]; break;
	default:         state = "dead"; break;
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

static void dumpg(G *g, void *arg)
{
	struct sink *s = arg;
	uint8_t status = atomic_load(&g->status);

	if (g == s->skip || status == G_DEAD)
		return;
	header(g, s);
	traceback(g, NULL, false, put, s);
	put(s, "\n");
}

/* Every goroutine; cur first, stopped at uc (a signal's when signal),
 * its header already written by fatal() when !signal. */
static void dump(struct sink *s, G *cur, const ucontext_t *uc, bool signal)
{
	s->now = nanotime_coarse();
	if (cur) {
		if (signal)
			header(cur, s);
		traceback(cur, uc, signal, put, s);
		put(s, "\n");
	}
	s->skip = cur;
	forallg(dumpg, s);
}

void gocc_dump(FILE *f)
{
	struct sink s = { .f = f };
	dump(&s, NULL, NULL, false);
	fflush(f);
}

/* The goroutine this thread runs, if any. */
static G *curg(void)
{
	M *m = getm();

	return m ? m->curg : tls_foreign_g;
}

_Atomic pid_t dying;

static void timedout(int sig)
{
	static const char msg[] = "\ngocc: traceback timed out\n";
	syscall(SYS_write, 2, msg, sizeof msg - 1);
	_exit(2);
}

/*
 * One thread reports; one that dies meanwhile waits for the exit.  A
 * fault while reporting (a torn stack, a broken heap) exits at once.  The
 * report may load libdw and malloc: if the fault left malloc's or the
 * loader's lock held, an alarm ends the wait instead of a hang.
 */
static void begin_dying(void)
{
	pid_t self = (pid_t)syscall(SYS_gettid), none = 0;

	if (!atomic_compare_exchange_strong(&dying, &none, self)) {
		if (none == self) {
			static const char msg[] = "\ngocc: fault while reporting a fault\n";
			syscall(SYS_write, 2, msg, sizeof msg - 1);
			_exit(2);
		}
		for (;;)
			pause();
	}
	sigset_t faults;
	sigemptyset(&faults);
	sigaddset(&faults, SIGSEGV);
	sigaddset(&faults, SIGBUS);
	sigaddset(&faults, SIGFPE);
	sigaddset(&faults, SIGILL);
	sigaddset(&faults, SIGABRT);
	sigaddset(&faults, SIGALRM);
	pthread_sigmask(SIG_UNBLOCK, &faults, NULL);
	signal(SIGALRM, timedout);
	alarm(10);
	fflush(stdout);             /* what the program printed comes first */
}

static _Noreturn void die(void)
{
	trace_finish();
	fflush(stderr);
	_exit(2);
}

/* The report of fatal() and of the deadlock check: this goroutine, from
 * here, then the others. */
static _Noreturn void dump_and_die(G *cur)
{
	struct sink s = { .fd = 2 };
	ucontext_t uc;

	fflush(stderr);
	getcontext(&uc);
	dump(&s, cur, &uc, false);
	die();
}

void fatal(const char *fmt, ...)
{
	int64_t goid = curgoid();
	G *g = curg();
	va_list ap;

	begin_dying();
	fputs("gocc: fatal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	if (goid)
		fprintf(stderr, "goroutine %lld [running]:\n", (long long)goid);
	if (goid && !g) {           /* main, before it is a goroutine */
		fputc('\n', stderr);
		die();
	}
	dump_and_die(g);
}

void fatal_deadlock(void)
{
	begin_dying();
	fputs("gocc: fatal error: all goroutines are asleep - deadlock!\n\n", stderr);
	dump_and_die(NULL);
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
	/* sysmon's thread and the trace writer's are no threads the
	 * program made. */
	if (threads_in_process() != sched.mcount + sched.nforeign +
	    atomic_load(&sysmon_started) + atomic_load(&tracewriter_started))
		return;
	fatal_deadlock();
}


static const struct {
	int sig;
	const char *name, *what;
} signames[] = {
	{ SIGSEGV, "SIGSEGV", "segmentation violation" },
	{ SIGBUS,  "SIGBUS",  "bus error" },
	{ SIGFPE,  "SIGFPE",  "floating-point exception" },
	{ SIGILL,  "SIGILL",  "illegal instruction" },
	{ SIGABRT, "SIGABRT", "abort" },
};

/* Go's report of an unexpected signal.  snprintf of integers and strings
 * takes no lock and no memory in glibc, so the first lines come out even
 * if the rest cannot. */
void fatal_signal(int sig, siginfo_t *si, void *ctx)
{
	struct sink s = { .fd = 2 };
	char line[256];
	size_t i = 0;

	begin_dying();
	while (signames[i].sig != sig)
		i++;
	snprintf(line, sizeof line, "gocc: fatal error: unexpected signal\n"
		 "[signal %s: %s code=%d addr=%p pc=%#llx]\n\n",
		 signames[i].name, signames[i].what, si->si_code, si->si_addr,
		 (unsigned long long)sigpc(ctx));
	put(&s, line);
	dump(&s, curg(), ctx, true);
	die();
}

static void sigquit(int sig, siginfo_t *si, void *ctx)
{
	struct sink s = { .fd = 2 };

	begin_dying();
	put(&s, "SIGQUIT: quit\n\n");
	dump(&s, curg(), ctx, true);
	die();
}

/* Ours only where the program left the default: its own handler wins. */
static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa, old;

	if (sigaction(sig, NULL, &old) != 0 || old.sa_handler != SIG_DFL)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* SIGSEGV and SIGBUS pass through stack.c's overflow check first. */
void fatal_init(void)
{
	handle(SIGQUIT, sigquit);
	handle(SIGFPE, fatal_signal);
	handle(SIGILL, fatal_signal);
	handle(SIGABRT, fatal_signal);
}
