/*
 * emit.c - the output file.
 *
 * Every byte of the input is copied, with three kinds of edits:
 *   - a preamble first (unless the input already is our output), which
 *     defines __GOCC__ and the __GOCC_GO macro;
 *   - each go statement `go f(a, b)` becomes `__GOCC_GO(__COUNTER__, f, a, b)`
 *     by editing only the word `go` and the call's `(`, so macros in the
 *     statement and in #define bodies expand as they did;
 *   - before the top-level declaration holding go statement k, one line
 *     defining struct __gocc_args_k, its trampoline and its funcval, under
 *     a #line naming the statement's line (debug info of the trampoline
 *     points there), then a #line back to the original line.
 * __COUNTER__ counts the same way here as in the parse (parse.c), where
 * each `go` expanded to __COUNTER__ too: statement k of the parse is
 * __GOCC_GO(k, ...) in the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rewrite.h"

/* The ABI of include/gocc.h, declared without including it (the program
 * may not want its names).  The funcval has its own struct type so that
 * it can be defined here without clashing with gocc.h's definition. */
static const char preamble[] =
	PREAMBLE_MARK "\n"
	"#define __GOCC__ 1\n"
	"struct gocc_funcval;\n"
	"void gocc_newproc(__UINT32_TYPE__, const struct gocc_funcval *, const void *);\n"
	"struct __gocc_fv { void (*fn)(void *); };\n"
	"#define __GOCC_GO(k, c, ...) __GOCC_GO_(k, c, __VA_ARGS__)\n"
	"#define __GOCC_GO_(k, c, ...) do { struct __gocc_args_##k __gocc_b = "
	"{ c, __VA_ARGS__ }; gocc_newproc(sizeof __gocc_b, "
	"(const struct gocc_funcval *)&__gocc_fv_##k, &__gocc_b); } while (0)\n";

#define ARG_ALIGN 64	/* GOCC_ARG_ALIGN: how the runtime aligns the copy */


/* The pointer-to-function field: the callee's own type where it can be
 * written (it keeps calling-convention attributes), else one built from
 * the field types. */
static bool
spell_fn(CXType ft, char **fields, bool noproto,
	 char **buf, size_t *len, const char **err, CXType *errtype)
{
	char *s = NULL;
	size_t n = 0;
	if (spell_type(ft, &s, &n, err)) {
		appendf(buf, len, "%s *fn; ", s);
		free(s);
		return true;
	}
	free(s);
	s = NULL;
	n = 0;
	CXType r = clang_getResultType(ft);
	if (!spell_type(r, &s, &n, err)) {
		*errtype = r;
		return false;
	}
	appendf(buf, len, "%s (*fn)(", s);
	free(s);
	int np = noproto ? 0 : clang_getNumArgTypes(ft);
	for (int i = 0; i < np; i++)
		appendf(buf, len, "%s%s", i ? ", " : "", fields[i]);
	if (!noproto)
		appendf(buf, len, np == 0 ? "void" : "");
	if (!noproto && clang_isFunctionTypeVariadic(ft))
		appendf(buf, len, "%s...", np ? ", " : "");
	appendf(buf, len, "); ");
	return true;
}

/* One line defining struct __gocc_args_k, __gocc_tramp_k and __gocc_fv_k
 * for the call; NULL with *err (a format taking the type) on failure. */
char *
emit_defs(CXCursor call, unsigned k, const char *file, unsigned line,
	  const char **err, CXType *errtype)
{
	CXType ct = clang_getCursorType(first_child(call));
	/* A typedef of a function pointer is a pointer too. */
	if (ct.kind != CXType_Pointer &&
	    clang_getCanonicalType(ct).kind == CXType_Pointer)
		ct = clang_getCanonicalType(ct);
	CXType ft = ct.kind == CXType_Pointer ? clang_getPointeeType(ct) : ct;
	bool noproto = clang_getCanonicalType(ft).kind == CXType_FunctionNoProto;
	int na = clang_Cursor_getNumArguments(call);
	char **fields = calloc(na + 1, sizeof *fields);
	long long align = 0;
	char *out = NULL;
	size_t len = 0;

	for (int i = 0; i < na; i++) {
		/* The argument as converted for the call: to its
		 * parameter's type, or promoted. */
		CXType t = clang_getCursorType(clang_Cursor_getArgument(call, i));
		size_t n = 0;
		*errtype = t;
		if (variably_modified(t)) {
			*err = "go statement passes a value of variably modified type '%s'";
			goto fail;
		}
		if (!spell_type(t, &fields[i], &n, err))
			goto fail;
		if (clang_Type_getAlignOf(t) > align)
			align = clang_Type_getAlignOf(t);
	}

	appendf(&out, &len, "#line %u \"%s\"\nstruct __gocc_args_%u { ", line, file, k);
	if (!spell_fn(ft, fields, noproto, &out, &len, err, errtype))
		goto fail;
	for (int i = 0; i < na; i++)
		appendf(&out, &len, "%s a%d; ", fields[i], i);
	appendf(&out, &len, "}; static void __gocc_tramp_%u(void *__gocc_p) { ", k);
	if (align > ARG_ALIGN)	/* the runtime's copy is less aligned */
		appendf(&out, &len, "struct __gocc_args_%u __gocc_c, *__gocc_a = &__gocc_c; "
			"__builtin_memcpy(&__gocc_c, __gocc_p, sizeof __gocc_c); ", k);
	else
		appendf(&out, &len, "struct __gocc_args_%u *__gocc_a = __gocc_p; ", k);
	appendf(&out, &len, "__gocc_a->fn(");
	for (int i = 0; i < na; i++)
		appendf(&out, &len, "%s__gocc_a->a%d", i ? ", " : "", i);
	appendf(&out, &len, "); } static const struct __gocc_fv __gocc_fv_%u = "
		"{ __gocc_tramp_%u };\n", k, k);
	for (int i = 0; i < na; i++)
		free(fields[i]);
	free(fields);
	return out;
fail:
	for (int i = 0; i < na; i++)
		free(fields[i]);
	free(fields);
	free(out);
	return NULL;
}

/* ---- assembling the output ---------------------------------------------- */

struct edit {
	unsigned off, del;	/* replace del bytes at off */
	char *text;		/* owned */
	unsigned seq;		/* keeps edits at one offset in order */
};

struct edits {
	struct edit *v;
	unsigned n;
};

static void
add(struct edits *e, unsigned off, unsigned del, char *text)
{
	e->v = xrealloc(e->v, (e->n + 1) * sizeof *e->v);
	e->v[e->n] = (struct edit){ off, del, text, e->n };
	e->n++;
}

static int
by_offset(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* `go` and the call's `(` of each statement: see the comment on top. */
static void
lower_sites(const struct source *src, struct edits *e)
{
	for (unsigned i = 0; i < src->nsites; i++) {
		const struct site *st = &src->sites[i];
		if (!st->lparen || !(st->used || st->in_define))
			continue;
		add(e, src->toks[st->go].off, 2,
		    xstrdup(st->wrap ? "__GOCC_GO(__COUNTER__,(" : "__GOCC_GO(__COUNTER__,"));
		add(e, src->toks[st->lparen].off, 1, xstrdup(st->wrap ? "), " : ", "));
	}
}

/* The definitions of the statements of one top-level declaration, then a
 * #line (and spaces) that put the declaration back where it was. */
static void
insert_defs(const struct source *src, const struct parse *p, struct edits *e)
{
	for (unsigned i = 0; i < p->nstmts;) {
		unsigned off = p->stmts[i].insert;
		char *s = NULL;
		size_t len = 0;
		if (off > 0 && src->text[off - 1] != '\n')
			appendf(&s, &len, "\n");
		for (; i < p->nstmts && p->stmts[i].insert == off; i++)
			appendf(&s, &len, "%s", p->stmts[i].defs);
		unsigned bol = off;
		while (bol > 0 && src->text[bol - 1] != '\n')
			bol--;
		appendf(&s, &len, "#line %u \"%s\"\n%*s", p->stmts[i - 1].insert_line,
			p->stmts[i - 1].insert_file, (int)(off - bol), "");
		add(e, off, 0, s);
	}
}

static bool
write_all(FILE *f, const struct source *src, struct edits *e)
{
	unsigned at = 0;
	for (unsigned i = 0; i < e->n; i++) {
		fwrite(src->text + at, 1, e->v[i].off - at, f);
		fputs(e->v[i].text, f);
		at = e->v[i].off + e->v[i].del;
	}
	fwrite(src->text + at, 1, src->len - at, f);
	return !ferror(f);
}

static void
add_preamble(const struct source *src, struct edits *e)
{
	size_t n = strlen(PREAMBLE_MARK);
	if (src->len >= n && !memcmp(src->text, PREAMBLE_MARK, n))
		return;
	char *s = NULL;
	size_t len = 0;
	appendf(&s, &len, "%s#line 1 \"%s\"\n", preamble, src->path);
	add(e, 0, 0, s);
}

/* Write the output to out ("-": stdout).  A file is written beside the
 * target and renamed, so a failure leaves an existing file as it was. */
bool
write_output(const struct source *src, const struct parse *p, const char *out)
{
	struct edits e = { 0 };
	add_preamble(src, &e);
	insert_defs(src, p, &e);
	lower_sites(src, &e);
	qsort(e.v, e.n, sizeof *e.v, by_offset);

	bool ok;
	if (!strcmp(out, "-")) {
		ok = write_all(stdout, src, &e) && fflush(stdout) == 0;
	} else {
		char *tmp = NULL;
		size_t len = 0;
		appendf(&tmp, &len, "%s.tmp%ld", out, (long)getpid());
		FILE *f = fopen(tmp, "w");
		ok = f && write_all(f, src, &e);
		ok = f && fclose(f) == 0 && ok;
		ok = ok && rename(tmp, out) == 0;
		if (!ok) {
			perror(out);
			unlink(tmp);
		}
		free(tmp);
	}
	for (unsigned i = 0; i < e.n; i++)
		free(e.v[i].text);
	free(e.v);
	return ok;
}
