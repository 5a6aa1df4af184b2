/*
 * gocc-trace - turn a GOCC_TRACE file into a timeline to look at: one
 * self-contained HTML page (its script, style and data inside; nothing
 * fetched), a lane per P with each goroutine's runs as coloured spans.
 * Hovering a span names the goroutine and the go statement that made it;
 * clicking one, or #g=ID in the address, picks out all its runs.
 *
 *   gocc-trace [-o OUT.html] TRACE.json        (stdout without -o)
 *
 * The trace is Chrome's trace-event JSON (runtime/trace.c).  It is read
 * with jansson, which reports where a file is malformed (a trace cut short
 * by a killed program) by line and column; it is Debian's (libjansson-dev)
 * and small.  What the page needs is boiled down here to arrays, so that
 * a page of a million spans stays a fraction of the trace's size:
 *
 *   lanes   [{name}], ordered by the trace's sort index, then tid
 *   spans   [lane, ts, dur, kind (0 goroutine, 1 syscall, 2 idle), goid,
 *            site (index in sites, -1: none), end (index in ends)]
 *   gs      {goid: [site, parent]}, from the create events
 *   sites, ends: the strings spans share
 *   t0, t1  the trace's first and last moment (us)
 *
 * The page itself is timeline.html, compiled in (embed.cmake).
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char timeline_html[];

#define DATA_MARK "@TRACE_DATA@"

static _Noreturn void __attribute__((format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs("gocc-trace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Strings the spans share, by index: table and its index by value. */
struct strtab {
	json_t *list, *index;
};

static json_int_t intern(struct strtab *t, const char *s)
{
	json_t *i = json_object_get(t->index, s);

	if (i)
		return json_integer_value(i);
	json_int_t n = (json_int_t)json_array_size(t->list);
	json_array_append_new(t->list, json_string(s));
	json_object_set_new(t->index, s, json_integer(n));
	return n;
}

static const char *sarg(json_t *ev, const char *key)
{
	return json_string_value(json_object_get(json_object_get(ev, "args"), key));
}

static json_int_t iarg(json_t *ev, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(ev, "args"), key));
}

static double num(json_t *ev, const char *key)
{
	return json_number_value(json_object_get(ev, key));
}

static const char *ph(json_t *ev)
{
	const char *s = json_string_value(json_object_get(ev, "ph"));
	return s ? s : "";
}

struct lane {
	json_int_t tid, sort;
	const char *name;
};

static int bysort(const void *a, const void *b)
{
	const struct lane *x = a, *y = b;

	if (x->sort != y->sort)
		return x->sort < y->sort ? -1 : 1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* What the metadata events say, and which lanes there are: every tid
 * that has a name or a span, in order. */
struct meta {
	struct lane *lanes;
	size_t n;
	const char *title;
};

/* The index of tid's lane, or n. */
static size_t laneof(const struct meta *m, json_t *ev)
{
	json_int_t tid = json_integer_value(json_object_get(ev, "tid"));
	size_t k = 0;

	while (k < m->n && m->lanes[k].tid != tid)
		k++;
	return k;
}

static struct meta meta(json_t *events)
{
	struct meta m = { NULL, 0, "trace" };
	size_t i;
	json_t *ev;

	json_array_foreach(events, i, ev) {
		const char *what = json_string_value(json_object_get(ev, "name"));
		bool meta = strcmp(ph(ev), "M") == 0;
		if (!meta && strcmp(ph(ev), "X") != 0)
			continue;
		if (meta && what && strcmp(what, "process_name") == 0) {
			m.title = sarg(ev, "name") ?: m.title;
			continue;
		}
		size_t k = laneof(&m, ev);
		if (k == m.n) {
			if (!(m.lanes = realloc(m.lanes, (m.n + 1) * sizeof *m.lanes)))
				die("%s", strerror(errno));
			json_int_t tid = json_integer_value(json_object_get(ev, "tid"));
			m.lanes[m.n++] = (struct lane){ tid, tid, NULL };
		}
		if (meta && what && strcmp(what, "thread_name") == 0)
			m.lanes[k].name = sarg(ev, "name");
		if (meta && what && strcmp(what, "thread_sort_index") == 0)
			m.lanes[k].sort = iarg(ev, "sort_index");
	}
	qsort(m.lanes, m.n, sizeof *m.lanes, bysort);
	return m;
}

static json_t *boil(json_t *trace)
{
	json_t *events = json_is_array(trace) ? trace : json_object_get(trace, "traceEvents");
	if (!json_is_array(events))
		die("no traceEvents array: not a trace");

	size_t i;
	struct meta m = meta(events);
	json_t *data = json_object(), *jl = json_array(), *spans = json_array(), *gs = json_object();
	struct strtab sites = { json_array(), json_object() }, ends = { json_array(), json_object() };
	double t0 = 0, t1 = 0;
	bool any = false;
	json_t *ev;

	for (i = 0; i < m.n; i++) {
		char name[32];
		snprintf(name, sizeof name, "tid %lld", (long long)m.lanes[i].tid);
		json_array_append_new(jl, json_pack("{s:s}", "name", m.lanes[i].name ?: name));
	}
	json_array_foreach(events, i, ev) {
		const char *cat = json_string_value(json_object_get(ev, "cat"));
		const char *site = sarg(ev, "created");
		json_int_t goid = iarg(ev, "goid");
		if (strcmp(ph(ev), "i") == 0 && cat && strcmp(cat, "create") == 0) {
			char key[32];
			snprintf(key, sizeof key, "%lld", (long long)goid);
			json_object_set_new(gs, key, json_pack("[I,I]",
				site ? intern(&sites, site) : (json_int_t)-1, iarg(ev, "parent")));
		}
		if (strcmp(ph(ev), "X") != 0)
			continue;
		size_t k = laneof(&m, ev);
		double ts = num(ev, "ts"), dur = num(ev, "dur");
		int kind = cat && strcmp(cat, "syscall") == 0 ? 1 : cat && strcmp(cat, "idle") == 0 ? 2 : 0;
		const char *end = sarg(ev, "end"), *reason = sarg(ev, "reason");
		char how[256];
		snprintf(how, sizeof how, "%s%s%s%s", end ? end : "", reason ? " (" : "",
			 reason ? reason : "", reason ? ")" : "");
		json_array_append_new(spans, json_pack("[I,f,f,i,I,I,I]", (json_int_t)k, ts, dur,
			kind, goid, site ? intern(&sites, site) : (json_int_t)-1, intern(&ends, how)));
		if (!any || ts < t0)
			t0 = ts;
		if (!any || ts + dur > t1)
			t1 = ts + dur;
		any = true;
	}
	json_object_set_new(data, "title", json_string(m.title));
	json_object_set_new(data, "lanes", jl);
	json_object_set_new(data, "spans", spans);
	json_object_set_new(data, "gs", gs);
	json_object_set_new(data, "sites", sites.list);
	json_object_set_new(data, "ends", ends.list);
	json_object_set_new(data, "t0", json_real(t0));
	json_object_set_new(data, "t1", json_real(t1));
	json_decref(sites.index);
	json_decref(ends.index);
	free(m.lanes);
	return data;
}

/* The page: timeline.html with the data where it marks.  Times keep
 * their nanoseconds: 15 digits hold 11 days of microseconds to 3 decimals.
 * In the JSON a '<' can only stand inside a string, where \u003c means the
 * same and no "</script>" or "<!--" can end or confuse the script element. */
static void page(FILE *f, json_t *data)
{
	const char *mark = strstr(timeline_html, DATA_MARK);
	char *json = json_dumps(data, JSON_COMPACT | JSON_REAL_PRECISION(15));

	if (!mark || !json)
		die("out of memory");
	fwrite(timeline_html, 1, (size_t)(mark - timeline_html), f);
	for (const char *p = json; *p; p++) {
		if (*p == '<')
			fputs("\\u003c", f);
		else
			fputc(*p, f);
	}
	fputs(mark + strlen(DATA_MARK), f);
	free(json);
}

int main(int argc, char **argv)
{
	const char *outpath = NULL;
	int c;

	while ((c = getopt(argc, argv, "o:h")) != -1) {
		if (c != 'o') {
			fprintf(stderr, "usage: gocc-trace [-o OUT.html] TRACE.json\n");
			return c == 'h' ? 0 : 2;
		}
		outpath = optarg;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: gocc-trace [-o OUT.html] TRACE.json\n");
		return 2;
	}
	json_error_t err;
	json_t *trace = json_load_file(argv[optind], 0, &err);
	if (!trace)
		die("%s:%d:%d: %s", argv[optind], err.line, err.column, err.text);
	json_t *data = boil(trace);
	FILE *f = outpath ? fopen(outpath, "w") : stdout;
	if (!f)
		die("%s: %s", outpath, strerror(errno));
	page(f, data);
	if (fflush(f) != 0 || ferror(f) || (outpath && fclose(f) != 0))
		die("%s: %s", outpath ? outpath : "stdout", strerror(errno));
	json_decref(data);
	json_decref(trace);
	return 0;
}
