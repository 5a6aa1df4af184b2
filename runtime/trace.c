/*
 * trace.c - GOCC_TRACE=FILE: what the scheduler did, as a timeline (Go's
 * runtime/trace).  The file is Chrome's trace-event JSON, which Perfetto,
 * chrome://tracing and gocc-trace (tools/) open: a lane (tid) per P, and
 * one for threads without a P, holding
 *
 *   X "G12"      cat goroutine: G12 ran on the P.  args: goid, created
 *                (its go statement, symbolized), end (park, yield, exit;
 *                syscall: the P was taken from its system call; running:
 *                it still ran when the trace ended), reason (a park's)
 *   X "syscall"  cat syscall, within it: a system call.  end: returned, or
 *                blocked (the P was handed on meanwhile)
 *   X "idle"     cat idle: the P had nothing to run
 *   i "create G12"  cat create.  args: goid, parent, created
 *   i "unpark G12"  cat unpark.  args: goid, by (the G that readied it; 0
 *                the scheduler: a timer, the network poller)
 *
 * ts and dur in microseconds since the trace began (nanotime).
 *
 * While off, a hook costs one predictable branch (TRACE, runtime.h).  On,
 * an event is 40 bytes in its P's buffer, which only the M holding the P
 * writes: no lock and no atomic read-modify-write; the count it publishes
 * (release) after each event is what a reader may read.  A full buffer
 * goes on a queue under tracelock, and the P takes an empty one.  The
 * trace's own thread formats the queue into the file: the JSON, the
 * symbolizing and the writes stay off the program's threads, and spans
 * are paired there (the lane state below), in each P's order.  Threads
 * without a P (the program's own, sysmon) are few: they share one buffer
 * under tracelock.
 *
 * At exit (atexit) and when the runtime dies (fatal.c), trace_finish waits
 * while the writer writes the queue, then what the current buffers hold,
 * closes the spans still open and ends the JSON; what is recorded after
 * that is dropped.  A program killed, or leaving by _exit, leaves the file
 * unfinished.
 */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
	BUFEVENTS = 4096,           /* events in a buffer (160 KiB) */
	NOP = MAXPROCS_LIMIT,       /* the lane of threads without a P */
	NLANES = MAXPROCS_LIMIT + 1,
	SITEBITS = 10,              /* creation sites kept symbolized */
	SITES = 1 << SITEBITS,
};

struct tev {
	int64_t ts;
	int64_t goid;
	int64_t a;                  /* the parent, the wait reason, the readier */
	uintptr_t gopc;             /* where the G was made */
	uint8_t ev;                 /* enum traceev */
};

struct tracebuf {
	struct tracebuf *next;      /* on the full queue or the free list */
	int32_t lane;
	_Atomic uint32_t n;         /* events in it */
	struct tev e[BUFEVENTS];
};

bool trace_on;
_Atomic bool tracewriter_started;
static _Atomic bool ended;      /* trace_finish has run */

/* Each lane's buffer: a P's is written only by the M holding the P, and
 * replaced by it under tracelock; NOP's is under tracelock. */
static struct tracebuf *cur[NLANES];

/* tracelock (a leaf) guards the queue, the free list, NOP's buffer, and
 * the writer's sleep. */
static rlock tracelock;
static struct tracebuf *fullhead, *fulltail, *freebufs;
static bool finishing;          /* trace_finish waits for the writer */
static bool done;               /* the writer is at the end: no buffer is
				   queued or replaced any more */
static bool writersleeps;
static note writerwake, finished;

static int fd = -1;
static int64_t t0;              /* nanotime when the trace began */

static inline void put(struct tracebuf *t, const struct tev *e)
{
	uint32_t n = atomic_load_explicit(&t->n, memory_order_relaxed);

	t->e[n] = *e;
	atomic_store_explicit(&t->n, n + 1, memory_order_release);
}

/* tracelock held: queue lane's full buffer for the writer and give the
 * lane an empty one; NULL (the event is lost) at the end, or without
 * memory. */
static struct tracebuf *refill(int32_t lane)
{
	struct tracebuf *t = cur[lane];

	if (done)
		return NULL;
	if (t) {
		if (fulltail)
			fulltail->next = t;
		else
			fullhead = t;
		fulltail = t;
		if (writersleeps) {
			writersleeps = false;
			notewakeup(&writerwake);
		}
	}
	t = freebufs;
	if (t)
		freebufs = t->next;
	else
		t = malloc(sizeof *t);
	cur[lane] = t;
	if (t) {
		t->next = NULL;
		t->lane = lane;
		atomic_store_explicit(&t->n, 0, memory_order_relaxed);
	}
	return t;
}

void traceevent(P *p, G *g, enum traceev ev)
{
	struct tev e = { .ts = nanotime(), .ev = (uint8_t)ev };
	struct tracebuf *t;

	if (g) {
		e.goid = g->goid;
		e.gopc = g->gopc;
	}
	if (ev == EV_CREATE)
		e.a = g->parentgoid;
	else if (ev == EV_PARK)
		e.a = g->waitreason;
	else if (ev == EV_UNPARK)
		e.a = curgoid();
	if (!p) {
		lock(&tracelock);
		t = cur[NOP];
		if (!t || atomic_load_explicit(&t->n, memory_order_relaxed) == BUFEVENTS)
			t = refill(NOP);
		if (t)
			put(t, &e);
		unlock(&tracelock);
		return;
	}
	t = cur[p->id];
	if (!t || atomic_load_explicit(&t->n, memory_order_relaxed) == BUFEVENTS) {
		lock(&tracelock);
		t = refill(p->id);
		unlock(&tracelock);
		if (!t)
			return;
	}
	put(t, &e);
}

void traceswitch(P *p, G *g, int op, G *next)
{
	static const enum traceev leave[] = {
		[MCALL_PARK] = EV_PARK, [MCALL_YIELD] = EV_YIELD, [MCALL_EXIT] = EV_EXIT,
	};

	/* Back from a system call without a P, or main queued before it
	 * ever ran: on no P's lane. */
	if (!p)
		return;
	traceevent(p, g, leave[op]);
	if (next)
		traceevent(p, next, EV_START);
}

/* ---- the writer: JSON, on the trace's own thread --------------------- */

static char out[1 << 16];
static size_t outn;
static bool first = true;       /* no comma before the first event */

static void flush(void)
{
	for (size_t off = 0; off < outn && fd >= 0; ) {
		ssize_t n = syscall(SYS_write, fd, out + off, outn - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "gocc: GOCC_TRACE: %s; the trace stops here\n",
				strerror(n < 0 ? errno : EIO));
			fd = -1;
		} else {
			off += (size_t)n;
		}
	}
	outn = 0;
}

/* The JSON is put together by hand: printf's parsing of its format cost
 * four times what the rest of the writer does, and the writer shares the
 * machine with the program it traces.  No piece is longer than 1 KiB. */
static void str(const char *s)
{
	size_t n = strlen(s);

	if (outn + n > sizeof out)
		flush();
	memcpy(out + outn, s, n);
	outn += n;
}

static void num(int64_t v)
{
	char buf[24], *p = buf + sizeof buf;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*--p = 0;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	str(p);
}

/* ns as microseconds, to the nanosecond. */
static void usec(int64_t ns)
{
	char frac[5] = { '.', (char)('0' + ns / 100 % 10), (char)('0' + ns / 10 % 10),
			 (char)('0' + ns % 10), 0 };

	num(ns / 1000);
	str(frac);
}

/* The start of an event: `{"ph":PH,"pid":1,"tid":LANE,"ts":T`. */
static void begin(const char *ph, int32_t lane, int64_t ts)
{
	str(first ? "{\"ph\":\"" : ",\n{\"ph\":\"");
	first = false;
	str(ph);
	str("\",\"pid\":1,\"tid\":");
	num(lane);
	str(",\"ts\":");
	usec(ts - t0);
}

static void dur(int64_t since, int64_t until)
{
	str(",\"dur\":");
	usec(until - since);
}

/* s as the inside of a JSON string. */
static void jsonstr(char *buf, size_t len, const char *s)
{
	size_t n = 0;

	for (; *s && n + 7 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, len - n, "\\%c", c);
		else if (c < 0x20)
			n += (size_t)snprintf(buf + n, len - n, "\\u%04x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = 0;
}

/* Where gopc made its G, symbolized once (traceback.c) and kept. */
static const char *site(uintptr_t gopc)
{
	static struct { uintptr_t pc; char *name; } cache[SITES];
	static char buf[1024];
	size_t k = (size_t)((gopc * 0x9E3779B97F4A7C15ULL) >> (64 - SITEBITS));

	for (size_t i = 0; i < SITES && cache[k].pc && cache[k].pc != gopc; i++)
		k = (k + 1) % SITES;
	if (cache[k].pc == gopc)
		return cache[k].name;
	char raw[512];
	symbolize(gopc, raw, sizeof raw);
	jsonstr(buf, sizeof buf, raw);
	if (!cache[k].pc && (cache[k].name = strdup(buf)))
		cache[k].pc = gopc;
	return buf;
}

/* `"goid":N` and, but for main, which has no go statement,
 * `,"created":SITE`. */
static void gargs(int64_t goid, uintptr_t gopc)
{
	str("\"goid\":");
	num(goid);
	if (gopc) {
		str(",\"created\":\"");
		str(site(gopc));
		str("\"");
	}
}

/* What the writer knows of a lane: the spans open on it. */
static struct lane {
	bool used;
	bool running, insys, idle;
	int64_t goid;               /* the G running */
	uintptr_t gopc;
	int64_t runsince, syssince, idlesince;
} lanes[NLANES];

static void startg(struct lane *l, const struct tev *e)
{
	l->running = true;
	l->goid = e->goid;
	l->gopc = e->gopc;
	l->runsince = e->ts;
}

/* The G running on lane stopped at ts: end (and why, or NULL). */
static void stopg(int32_t lane, int64_t ts, const char *end, const char *reason)
{
	struct lane *l = &lanes[lane];

	if (!l->running)
		return;
	l->running = false;
	begin("X", lane, l->runsince);
	dur(l->runsince, ts);
	str(",\"name\":\"G");
	num(l->goid);
	str("\",\"cat\":\"goroutine\",\"args\":{");
	gargs(l->goid, l->gopc);
	str(",\"end\":\"");
	str(end);
	if (reason) {
		str("\",\"reason\":\"");
		str(reason);
	}
	str("\"}}");
}

static void endsys(int32_t lane, int64_t ts, const char *end)
{
	struct lane *l = &lanes[lane];

	if (!l->insys)
		return;
	l->insys = false;
	begin("X", lane, l->syssince);
	dur(l->syssince, ts);
	str(",\"name\":\"syscall\",\"cat\":\"syscall\",\"args\":{\"goid\":");
	num(l->goid);
	str(",\"end\":\"");
	str(end);
	str("\"}}");
}

static void endidle(int32_t lane, int64_t ts)
{
	struct lane *l = &lanes[lane];

	if (!l->idle)
		return;
	l->idle = false;
	begin("X", lane, l->idlesince);
	dur(l->idlesince, ts);
	str(",\"name\":\"idle\",\"cat\":\"idle\",\"args\":{}}");
}

static void event(int32_t lane, const struct tev *e)
{
	struct lane *l = &lanes[lane];

	l->used = true;
	switch (e->ev) {
	case EV_CREATE:
		begin("i", lane, e->ts);
		str(",\"s\":\"t\",\"name\":\"create G");
		num(e->goid);
		str("\",\"cat\":\"create\",\"args\":{");
		gargs(e->goid, e->gopc);
		str(",\"parent\":");
		num(e->a);
		str("}}");
		break;
	case EV_UNPARK:
		begin("i", lane, e->ts);
		str(",\"s\":\"t\",\"name\":\"unpark G");
		num(e->goid);
		str("\",\"cat\":\"unpark\",\"args\":{");
		gargs(e->goid, 0);
		str(",\"by\":");
		num(e->a);
		str("}}");
		break;
	case EV_START:
		startg(l, e);
		break;
	case EV_PARK:
		stopg(lane, e->ts, "park", waitreason_names[e->a]);
		break;
	case EV_YIELD:
		stopg(lane, e->ts, "yield", NULL);
		break;
	case EV_EXIT:
		stopg(lane, e->ts, "exit", NULL);
		break;
	case EV_SYSCALL:
		l->insys = true;
		l->syssince = e->ts;
		break;
	case EV_SYSEXIT:
		/* Back on the P it kept, or running on another it took. */
		if (l->insys)
			endsys(lane, e->ts, "returned");
		else
			startg(l, e);
		break;
	case EV_SYSBLOCK:
		endsys(lane, e->ts, "blocked");
		stopg(lane, e->ts, "syscall", NULL);
		break;
	case EV_PIDLE:
		if (!l->idle) {
			l->idle = true;
			l->idlesince = e->ts;
		}
		break;
	case EV_PRUN:
		endidle(lane, e->ts);
		break;
	case EV_PREEMPT:
		stopg(lane, e->ts, "preempted", NULL);
		break;
	}
}

static void writebuf(struct tracebuf *t, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		event(t->lane, &t->e[i]);
}

/* The end: close what is open, name the lanes, end the JSON. */
static void writeend(void)
{
	int64_t now = nanotime();
	int32_t nallp = __atomic_load_n(&sched.nallp, __ATOMIC_ACQUIRE);

	for (int32_t i = 0; i < NLANES; i++) {
		endsys(i, now, "running");
		stopg(i, now, "running", NULL);
		endidle(i, now);
	}
	char name[512];
	jsonstr(name, sizeof name, program_invocation_short_name);
	begin("M", 0, t0);
	str(",\"name\":\"process_name\",\"args\":{\"name\":\"gocc: ");
	str(name);
	str("\"}}");
	for (int32_t i = 0; i < NLANES; i++) {
		if (i >= nallp && !lanes[i].used)
			continue;
		begin("M", i, t0);
		str(",\"name\":\"thread_name\",\"args\":{\"name\":\"");
		if (i == NOP) {
			str("no P");
		} else {
			str("P");
			num(i);
		}
		str("\"}}");
		begin("M", i, t0);
		str(",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":");
		num(i);
		str("}}");
	}
	str("\n],\"displayTimeUnit\":\"ns\"}\n");
	flush();
	if (fd >= 0)
		close(fd);
}

static void *writer(void *arg)
{
	for (;;) {
		lock(&tracelock);
		struct tracebuf *t = fullhead;
		if (t) {
			fullhead = t->next;
			if (!fullhead)
				fulltail = NULL;
		} else if (finishing) {
			done = true;
		} else {
			writersleeps = true;
			noteclear(&writerwake);
		}
		unlock(&tracelock);
		if (t) {
			writebuf(t, atomic_load_explicit(&t->n, memory_order_acquire));
			lock(&tracelock);
			t->next = freebufs;
			freebufs = t;
			unlock(&tracelock);
		} else if (done) {
			break;
		} else {
			notesleep(&writerwake);
		}
	}
	/* What the lanes hold now.  Their owners may still add an event or
	 * two past the count read here, which is not read. */
	for (int32_t i = 0; i < NLANES; i++)
		if (cur[i])
			writebuf(cur[i], atomic_load_explicit(&cur[i]->n, memory_order_acquire));
	writeend();
	notewakeup(&finished);
	return NULL;
}

/* The hooks go on recording after this, into buffers that nobody reads:
 * trace_on never changes once set, so reading it is a plain load. */
void trace_finish(void)
{
	if (!trace_on || atomic_exchange(&ended, true))
		return;
	lock(&tracelock);
	finishing = true;
	bool wake = writersleeps;
	writersleeps = false;
	unlock(&tracelock);
	if (wake)
		notewakeup(&writerwake);
	notesleep(&finished);
}

/* A forked child records nothing: the writer is its parent's.  It is
 * the child's only thread. */
static void forked(void)
{
	trace_on = false;
}

void trace_init(void)
{
	const char *path = getenv("GOCC_TRACE");

	if (!path || !*path)
		return;
	/* The raw call: libgocc's own open enters the syscall state. */
	fd = (int)syscall(SYS_openat, AT_FDCWD, path,
			  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		fatal("GOCC_TRACE=%s: %s", path, strerror(errno));
	t0 = nanotime();
	str("{\"traceEvents\":[\n");
	pthread_atfork(NULL, NULL, forked);
	atexit(trace_finish);
	atomic_store(&tracewriter_started, true);
	newthread(writer, NULL);
	trace_on = true;        /* under initlock, before any M exists */
}
