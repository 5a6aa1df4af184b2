/*
 * emit.c - the output file.
 *
 * Every byte of the input is copied, with three kinds of edits:
 *   - a preamble first (unless the input already is our output), which
 *     defines __GOCC__ and the __GOCC_GO macro;
 *   - each go statement `go f(a, b)` becomes `__GOCC_GO(__COUNTER__, f, a, b)`
 *     by editing only the word `go` and the call's `(`, so macros in the
 *     statement and in #define bodies expand as they did;
 *   - before the top-level declaration holding go statement k, the
 *     initializer macro of its block, and one line defining struct
 *     __gocc_args_k, its trampoline and its funcval, under
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

/* The ABI comes from gocc_abi.h itself, included before the first
 * statement's definitions (insert_defs). */
static const char preamble[] =
	PREAMBLE_MARK "\n"
	"#define __GOCC__ 1\n"
	/* glibc declares __errno_location and pthread_self const, so a
	 * compiler could reuse their results across a park, after which a
	 * goroutine may be on another thread.  They are declared here
	 * without const, and glibc's declarations `f (void)` are renamed
	 * away; a call `f ()` stays a call of f. */
	"int *__errno_location(void);\n"
	"unsigned long pthread_self(void);\n"
	"#define __GOCC_UNCONST_(f) (f)()\n"
	"#define __GOCC_UNCONST_void(f) __gocc_unconst_##f(void)\n"
	"#define __errno_location(v) __GOCC_UNCONST_##v(__errno_location)\n"
	"#define pthread_self(v) __GOCC_UNCONST_##v(pthread_self)\n"
	"#define __GOCC_GO(k, c, ...) __GOCC_GO_(k, c, __VA_ARGS__)\n"
	"#define __GOCC_GO_(k, c, ...) do { struct __gocc_args_##k __gocc_b = "
	"__gocc_init_##k(c, __VA_ARGS__); gocc_newproc(sizeof __gocc_b, "
	"&__gocc_fv_##k, &__gocc_b); } while (0)\n";


/* The attribute that gives a function type its calling convention, for
 * the conventions a pointer declarator can carry; NULL for the default. */
static bool
calling_convention(CXType ft, const char **attr)
{
	switch (clang_getFunctionTypeCallingConv(ft)) {
	case CXCallingConv_C:
		*attr = "";
		return true;
	case CXCallingConv_X86_64Win64:
		*attr = "__attribute__((ms_abi)) ";
		return true;
	case CXCallingConv_X86_64SysV:
		*attr = "__attribute__((sysv_abi)) ";
		return true;
	default:
		return false;
	}
}

/* The pointer-to-function field: the callee's own type where clang's
 * spelling of it compiles, else one built from its parts with the same
 * calling convention (other function attributes, such as noreturn, do
 * not change how it is called). */
static bool
spell_fn(CXType ft, bool noproto, char **buf, size_t *len, const char **err,
	 CXType *errtype)
{
	char *s = NULL;
	size_t n = 0;
	CXString sp = clang_getTypeSpelling(ft);
	bool plain = !strstr(clang_getCString(sp), "__attribute__");
	clang_disposeString(sp);
	if (plain && spell_type(ft, true, &s, &n, err)) {
		appendf(buf, len, "%s *fn; ", s);
		free(s);
		return true;
	}
	free(s);
	s = NULL;
	n = 0;
	const char *cc;
	*errtype = ft;
	if (!calling_convention(ft, &cc)) {
		*err = "go statement calls through type '%s', whose calling "
		       "convention gocc-rewrite cannot write";
		return false;
	}
	if (!spell_type(clang_getResultType(ft), true, &s, &n, err))
		return false;
	appendf(&s, &n, " (%s*fn)(", cc);
	int np = noproto ? 0 : clang_getNumArgTypes(ft);
	for (int i = 0; i < np; i++) {
		appendf(&s, &n, i ? ", " : "");
		if (!spell_type(clang_getArgType(ft, i), true, &s, &n, err)) {
			free(s);
			return false;
		}
	}
	if (!noproto)
		appendf(&s, &n, np == 0 ? "void" : "");
	if (!noproto && clang_isFunctionTypeVariadic(ft))
		appendf(&s, &n, "%s...", np ? ", " : "");
	appendf(buf, len, "%s); ", s);
	free(s);
	return true;
}

/* How gocc_newproc's size argument sees the block: the C layout of its
 * fields.  A decayed array parameter is a pointer. */
static unsigned long long
block_size(CXType *types, int n, bool with_fn)
{
	unsigned long long off = with_fn ? sizeof(void (*)(void)) : 0, align = 1;
	for (int i = 0; i < n; i++) {
		long long sz = clang_Type_getSizeOf(types[i]), al = clang_Type_getAlignOf(types[i]);
		if (types[i].kind == CXType_ConstantArray || types[i].kind == CXType_IncompleteArray
		    || types[i].kind == CXType_VariableArray || sz < 0 || al <= 0)
			sz = al = sizeof(void *);
		off = (off + al - 1) / al * al + sz;
		if ((unsigned long long)al > align)
			align = al;
	}
	return (off + align - 1) / align * align;
}

static char *
type_error(const char *fmt, CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	char *m = NULL;
	size_t n = 0;
	appendf(&m, &n, fmt, clang_getCString(s));
	clang_disposeString(s);
	return m;
}

/* The definitions for statement k: a macro giving its block's
 * initializer, struct __gocc_args_k, __gocc_tramp_k and __gocc_fv_k.
 * direct: the name of the function the call names, which the trampoline
 * calls by name, so the block holds only the arguments (the plugin's
 * layout); NULL: the block holds the callee's value in fn first.  NULL
 * with *err (the message) on failure. */
char *
emit_defs(CXCursor call, const char *direct, unsigned k, const char *file,
	  unsigned line, char **err)
{
	CXType ct = clang_getCursorType(first_child(call));
	/* A typedef of a function pointer is a pointer too. */
	if (ct.kind != CXType_Pointer &&
	    clang_getCanonicalType(ct).kind == CXType_Pointer)
		ct = clang_getCanonicalType(ct);
	CXType ft = ct.kind == CXType_Pointer ? clang_getPointeeType(ct) : ct;
	bool noproto = clang_getCanonicalType(ft).kind == CXType_FunctionNoProto;
	int na = clang_Cursor_getNumArguments(call);
	CXType *types = calloc(na + 1, sizeof *types);
	const char *fmt = NULL;
	CXType errtype;
	char *out = NULL;
	size_t len = 0;
	long long align = 0;

	for (int i = 0; i < na; i++) {
		/* The argument as converted for the call: to its
		 * parameter's type, or promoted. */
		types[i] = clang_getCursorType(clang_Cursor_getArgument(call, i));
		if (variably_modified_arg(types[i])) {
			fmt = "go statement passes a value of variably modified type '%s'";
			errtype = types[i];
			goto fail;
		}
		if (clang_Type_getAlignOf(types[i]) > align)
			align = clang_Type_getAlignOf(types[i]);
	}
	unsigned long long size = block_size(types, na, !direct);
	if (size > 0xffffffffu) {
		*err = NULL;
		appendf(err, &len, "go statement arguments take %llu bytes; "
			"'gocc_newproc' takes at most 4 GiB", size);
		free(types);
		return NULL;
	}

	appendf(&out, &len, "#define __gocc_init_%u(c, ...) %s\n#line %u \"%s\"\n", k,
		!direct ? "{ c, __VA_ARGS__ }" : na ? "{ __VA_ARGS__ }" : "{ 0 }", line, file);
	/* A struct needs a member: a call without arguments gets a byte. */
	appendf(&out, &len, "struct __gocc_args_%u { %s", k, direct && !na ? "char a; " : "");
	if (!direct && !spell_fn(ft, noproto, &out, &len, &fmt, &errtype))
		goto fail;
	for (int i = 0; i < na; i++) {
		errtype = types[i];
		if (!spell_type(types[i], false, &out, &len, &fmt))
			goto fail;
		appendf(&out, &len, " a%d; ", i);
	}
	appendf(&out, &len, "}; static void __gocc_tramp_%u(void *__gocc_p) { ", k);
	if (direct && !na)
		appendf(&out, &len, "(void)__gocc_p; ");
	else if (align > GOCC_ARG_ALIGN)	/* the runtime's copy is less aligned */
		appendf(&out, &len, "struct __gocc_args_%u __gocc_c, *__gocc_a = &__gocc_c; "
			"__builtin_memcpy(&__gocc_c, __gocc_p, sizeof __gocc_c); ", k);
	else
		appendf(&out, &len, "struct __gocc_args_%u *__gocc_a = __gocc_p; ", k);
	/* (name): a function-like macro of that name stays unexpanded. */
	if (direct)
		appendf(&out, &len, "(%s)(", direct);
	else
		appendf(&out, &len, "__gocc_a->fn(");
	for (int i = 0; i < na; i++)
		appendf(&out, &len, "%s__gocc_a->a%d", i ? ", " : "", i);
	appendf(&out, &len, "); } static const gocc_funcval " GOCC_FV_PREFIX "%u = "
		"{ " GOCC_TRAMP_PREFIX "%u };\n", k, k);
	free(types);
	return out;
fail:
	*err = type_error(fmt, errtype);
	free(types);
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
		add(e, src->toks[st->go].off, src->toks[st->go].len,
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
		/* The ABI's names, where the first definitions need them (a
		 * file without go statements needs no include path). */
		if (i == 0)
			appendf(&s, &len, "#include <gocc_abi.h>\n");
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

/* Each hoisted definition, before the function's argument structs; its
 * body leaves newlines behind, so the lines after keep their numbers. */
static void
move_tags(const struct source *src, const struct parse *p, struct edits *e)
{
	for (unsigned i = 0; i < p->nhoists; i++) {
		const struct hoist *h = &p->hoists[i];
		char *def = NULL, *gap = NULL;
		size_t len = 0, glen = 0;
		appendf(&def, &len, "%.*s;\n", (int)(h->to - h->from), src->text + h->from);
		appendf(&gap, &glen, "%s", "");
		for (unsigned o = h->body; o < h->to; o++)
			if (src->text[o] == '\n')
				appendf(&gap, &glen, "\n");
		add(e, h->insert, 0, def);
		add(e, h->body, h->to - h->body, gap);
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
add_preamble(const struct source *src, const struct parse *p, struct edits *e)
{
	size_t n = strlen(PREAMBLE_MARK);
	if (src->len >= n && !memcmp(src->text, PREAMBLE_MARK, n))
		return;
	char *s = NULL;
	size_t len = 0;
	/* Safe points need GOCC_SAFEPOINT before the first function. */
	appendf(&s, &len, "%s%s#line 1 \"%s\"\n", preamble,
		p->ninserts ? "#include <gocc_abi.h>\n" : "", src->path);
	add(e, 0, 0, s);
}

/* Write the output to out ("-": stdout).  A file is written beside the
 * target and renamed, so a failure leaves an existing file as it was. */
bool
write_output(const struct source *src, const struct parse *p, const char *out)
{
	struct edits e = { 0 };
	add_preamble(src, p, &e);
	move_tags(src, p, &e);
	for (unsigned i = 0; i < p->ninserts; i++)
		add(&e, p->inserts[i].off, 0, xstrdup(p->inserts[i].text));
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
