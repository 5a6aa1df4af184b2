/*
 * main.c - gocc-rewrite's command line: read the file, find its go
 * statements, parse, write the output (rewrite.h has the pipeline).
 *
 *   gocc-rewrite FILE [-o OUT] [-p BUILD_DIR] [--preempt] [-- COMPILER FLAGS...]
 *
 * OUT "-" (the default) is stdout.  --preempt writes preemption's safe
 * points into the functions (safepoint.c).  -p takes the flags of FILE's entry in
 * BUILD_DIR/compile_commands.json instead of those after `--`.  On any
 * error nothing is written and the exit status is 1.
 */
#include <clang-c/CXCompilationDatabase.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite.h"

static void
usage(void)
{
	fprintf(stderr, "usage: gocc-rewrite FILE [-o OUT] [-p BUILD_DIR] [--preempt] "
		"[-- FLAGS...]\n"
		"  turns C with go statements into plain C; OUT - is stdout;\n"
		"  --preempt adds preemption's safe points\n");
	exit(2);
}

void
verror_at(FILE *f, const char *file, unsigned line, unsigned col, const char *fmt,
	  va_list ap)
{
	fprintf(f, "%s:%u:%u: error: ", file, line, col);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void
error_at(FILE *f, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(f, file, line, col, fmt, ap);
	va_end(ap);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "gocc-rewrite: error: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

void
appendf(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*buf = xrealloc(*buf, *len + n + 1);
	va_start(ap, fmt);
	vsnprintf(*buf + *len, n + 1, fmt, ap);
	va_end(ap);
	*len += n;
}

void
read_file(struct source *src)
{
	FILE *f = fopen(src->path, "rb");
	if (!f)
		die("cannot open %s: %m", src->path);
	size_t cap = 1 << 16;
	src->text = xrealloc(NULL, cap);
	size_t n;
	while ((n = fread(src->text + src->len, 1, cap - src->len, f)) > 0)
		if ((src->len += n) == cap)
			src->text = xrealloc(src->text, cap *= 2);
	if (ferror(f))
		die("cannot read %s: %m", src->path);
	fclose(f);
}

/* Is path (relative to dir) the file abs? */
static bool
same_file(const char *dir, const char *path, const char *abs)
{
	char *p = NULL, *r;
	size_t len = 0;
	if (path[0] != '/')
		appendf(&p, &len, "%s/", dir);
	appendf(&p, &len, "%s", path);
	bool same = (r = realpath(p, NULL)) && !strcmp(r, abs);
	free(r);
	free(p);
	return same;
}

/* FILE's flags from BUILD_DIR/compile_commands.json, without the compiler,
 * the file, -c and -o; relative paths resolve against the entry's
 * directory (-working-directory).  The file is named by its absolute path
 * then, as the database does. */
static const char **
database_args(const char *dir, struct source *src, int *nargs)
{
	CXCompilationDatabase_Error e;
	CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &e);
	if (e != CXCompilationDatabase_NoError)
		die("cannot read %s/compile_commands.json", dir);
	char *abs = realpath(src->path, NULL);
	if (!abs)
		die("cannot open %s: %m", src->path);
	CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, abs);
	if (clang_CompileCommands_getSize(cmds) == 0)
		die("%s/compile_commands.json has no entry for %s", dir, src->path);
	CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
	unsigned n = clang_CompileCommand_getNumArgs(cmd);
	const char **args = xrealloc(NULL, (n + 2) * sizeof *args);
	*nargs = 0;
	CXString wd = clang_CompileCommand_getDirectory(cmd);
	args[(*nargs)++] = "-working-directory";
	args[(*nargs)++] = xstrdup(clang_getCString(wd));
	for (unsigned i = 1; i < n; i++) {
		CXString a = clang_CompileCommand_getArg(cmd, i);
		const char *s = clang_getCString(a);
		if (!strcmp(s, "-o") || !strcmp(s, "--"))
			i += !strcmp(s, "-o");
		else if (strcmp(s, "-c") && !same_file(args[1], s, abs))
			args[(*nargs)++] = xstrdup(s);
		clang_disposeString(a);
	}
	src->path = abs;
	return args;
}

/* Go statements where none can be, reported before clang's view of them
 * (the label a parse would put there only confuses it). */
static bool
misplaced(const struct source *src)
{
	bool any = false;
	for (unsigned i = 0; i < src->nsites; i++) {
		const struct site *st = &src->sites[i];
		if (!st->misplaced)
			continue;
		unsigned off = src->toks[st->go].off, line = 1, col = 1;
		for (unsigned j = 0; j < off; j++, col++)
			if (src->text[j] == '\n')
				line++, col = 0;
		error_at(stderr, src->path, line, col, "%s", st->misplaced);
		any = true;
	}
	return any;
}

int
main(int argc, char **argv)
{
	struct source src = { 0 };
	const char *out = "-", *dbdir = NULL;
	const char **args = NULL;
	int nargs = 0;
	bool preempt = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			args = (const char **)argv + i + 1;
			nargs = argc - i - 1;
			break;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--preempt")) {
			preempt = true;
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			dbdir = argv[++i];
		} else if ((argv[i][0] == '-' && argv[i][1]) || src.path) {
			usage();
		} else {
			src.path = argv[i];
		}
	}
	if (!src.path)
		usage();
	if (dbdir)
		args = database_args(dbdir, &src, &nargs);

	read_file(&src);
	lex(&src);
	find_sites(&src);
	if (misplaced(&src))
		return 1;
	struct parse p;
	parse(&src, args, nargs, preempt, &p);
	if (p.errors) {
		fwrite(p.msgs, 1, p.msgslen, stderr);
		return 1;
	}
	return write_output(&src, &p, out) ? 0 : 1;
}
