/*
 * parse.c - libclang's view of the file: its errors and its go statements.
 *
 * The text is parsed with every go word (lex.c) replaced by a two-letter
 * marker of the same length (a macro spelling go, `GO` of `#define GO go`,
 * by the marker and spaces), so every column stays right, and the marker
 * is a macro making a label unique in the translation unit:
 *     go f(x);   ->   __gocc_go_<__COUNTER__>: __attribute__((unused)) f(x);
 * (the GCC plugin defines the same labels).  A go written in a #define
 * body gets its label where the macro is expanded.  Each label must be
 * followed by a call; from the call's types emit.c writes the argument
 * struct and trampoline.  The top-level declaration around the label is
 * where those go.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite.h"


struct walk {
	struct source *src;
	struct parse *out;
	CXTranslationUnit tu;
	CXFile file;
	unsigned insert;	/* offset of the current top-level declaration */
	bool retry;		/* a go word turned out to name a typedef */
	bool broken;		/* clang found errors: trust no statement's shape */
	FILE *msgs;		/* our errors, after clang's */
	struct hoist *tags;	/* tag definitions since the last other */
	unsigned ntags;		/* top-level declaration */
	CXFile *headers;	/* included files with errors */
	unsigned nheaders;
};

static enum CXChildVisitResult
take_first(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	*(CXCursor *)d = c;
	return CXChildVisit_Break;
}

CXCursor
first_child(CXCursor c)
{
	CXCursor r = clang_getNullCursor();
	clang_visitChildren(c, take_first, &r);
	return r;
}

static unsigned
file_offset(CXSourceLocation l)
{
	unsigned off;
	clang_getFileLocation(l, NULL, NULL, NULL, &off);
	return off;
}

/* A file name as a C string literal's contents. */
static char *
quoted(const char *s)
{
	char *q = NULL;
	size_t len = 0;
	appendf(&q, &len, "%s", "");
	for (; *s; s++)
		appendf(&q, &len, strchr("\\\"", *s) ? "\\%c" : "%c", *s);
	return q;
}

static void
presumed(struct walk *w, unsigned off, char **file, unsigned *line, unsigned *col)
{
	CXString f;
	CXSourceLocation l = clang_getLocationForOffset(w->tu, w->file, off);
	clang_getPresumedLocation(l, &f, line, col);
	*file = xstrdup(clang_getCString(f));
	clang_disposeString(f);
}

static void
stmt_error(struct walk *w, unsigned off, const char *fmt, ...)
{
	char *file;
	unsigned line, col;
	va_list ap;
	presumed(w, off, &file, &line, &col);
	va_start(ap, fmt);
	verror_at(w->msgs, file, line, col, fmt, ap);
	va_end(ap);
	free(file);
	w->out->errors++;
}

static bool
within(unsigned off, const struct golex_tok *a, const struct golex_tok *b)
{
	return off > a->off && off < b->off;
}

/* A go statement in the main text is lowered by editing its `go` and its
 * call's `(`: that is right only if clang's call is the one written there,
 * not one a macro makes (`go LOG("x")` with LOG(...) a function-like
 * macro): its callee before that `(`, each argument clang saw inside the
 * parentheses.  How many there are is clang's to say: the text may hold
 * #if branches that clang skipped, or a macro that expands to several. */
static bool
written_out(struct walk *w, const struct site *st, CXCursor call)
{
	const struct source *src = w->src;
	const struct golex_tok *go = &src->toks[st->go], *l = &src->toks[st->lparen],
			 *r = &src->toks[st->rparen], *callee = go + 1;
	if (!st->lparen)
		return false;
	if (!within(file_offset(clang_getCursorLocation(first_child(call))), go, l)
	    || (callee->kind == T_IDENT && callee + 1 == l && fn_macro_named(src, callee)))
		return false;
	for (int i = 0; i < clang_Cursor_getNumArguments(call); i++) {
		CXCursor a = clang_Cursor_getArgument(call, i);
		if (!within(file_offset(clang_getCursorLocation(a)), l, r))
			return false;
	}
	return true;
}

/* A call clang rejected (wrong arguments) is kept as an expression of
 * dependent type; its error is out already. */
static bool
recovered(CXCursor e)
{
	return clang_getCursorType(e).kind == CXType_Dependent;
}

/* The function a call names (`f(x)`, `(f)(x)`), and in *ref the name's
 * use; a null cursor if the callee is any other expression. */
static CXCursor
named_callee(CXCursor call, CXCursor *ref)
{
	CXCursor c = first_child(call);
	while (c.kind == CXCursor_UnexposedExpr || c.kind == CXCursor_ParenExpr)
		c = first_child(c);
	*ref = c;
	CXCursor d = c.kind == CXCursor_DeclRefExpr ? clang_getCursorReferenced(c)
						     : clang_getNullCursor();
	return d.kind == CXCursor_FunctionDecl ? d : clang_getNullCursor();
}

/* The name of a builtin the call names directly (`go __builtin_trap()`):
 * it has no address for the trampoline to call.  Clang declares a builtin
 * where it is first used. */
static char *
builtin_callee(CXCursor call)
{
	CXCursor ref, d = named_callee(call, &ref);
	if (clang_Cursor_isNull(d)
	    || !clang_equalLocations(clang_getCursorLocation(d), clang_getCursorLocation(ref)))
		return NULL;
	static const char *const prefixes[] = { "__builtin_", "__sync_", "__atomic_", "__c11_" };
	CXString s = clang_getCursorSpelling(d);
	char *name = NULL;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes && !name; i++)
		if (!strncmp(clang_getCString(s), prefixes[i], strlen(prefixes[i])))
			name = xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return name;
}

static bool in_main_file(struct walk *w, CXSourceLocation l, unsigned *off);

/* The name of the function the call names, if the trampoline, written
 * before the top-level declaration around the statement, can call it by
 * name: its first declaration is at file scope and comes before that
 * point.  (A declaration in an included file comes before it, as an
 * #include inside a function makes block-scope declarations.) */
static char *
direct_callee(struct walk *w, CXCursor call)
{
	CXCursor ref, d = named_callee(call, &ref);
	if (clang_Cursor_isNull(d))
		return NULL;
	CXCursor first = clang_getCanonicalCursor(d);
	unsigned off;
	if (clang_getCursorLexicalParent(first).kind != CXCursor_TranslationUnit
	    || (in_main_file(w, clang_getRangeStart(clang_getCursorExtent(first)), &off)
		&& off >= w->insert))
		return NULL;
	CXString s = clang_getCursorSpelling(d);
	char *name = xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return name;
}

static void
go_label(struct walk *w, CXCursor label, const char *name)
{
	unsigned off = file_offset(clang_getCursorLocation(label));
	struct site *st = (struct site *)site_at(w->src, off);
	CXCursor call = first_child(label);
	if (call.kind != CXCursor_CallExpr) {
		if (recovered(call))
			return;
		stmt_error(w, off, "expression in go must be function call");
		return;
	}
	char *builtin = builtin_callee(call);
	if (builtin) {
		stmt_error(w, off, "built-in function '%s' must be directly called", builtin);
		free(builtin);
		return;
	}
	if (st && !st->in_define) {
		if (!written_out(w, st, call)) {
			if (w->broken)
				return;
			stmt_error(w, off, "gocc-rewrite: the call in a go statement must be "
				   "written out, not made by a macro");
			return;
		}
		st->used = true;
	}

	struct gostmt g = { .k = strtoul(name + strlen(GOCC_LABEL_PREFIX), NULL, 10),
			    .insert = w->insert };
	char *file, *qfile, *err, *direct = direct_callee(w, call);
	unsigned line, col;
	presumed(w, off, &file, &line, &col);
	qfile = quoted(file);
	g.defs = emit_defs(call, direct, g.k, qfile, line, &err);
	free(direct);
	free(qfile);
	free(file);
	if (!g.defs) {
		stmt_error(w, off, "%s", err);
		free(err);
		return;
	}
	presumed(w, w->insert, &file, &g.insert_line, &col);
	g.insert_file = quoted(file);
	free(file);
	w->out->stmts = xrealloc(w->out->stmts, (w->out->nstmts + 1) * sizeof g);
	w->out->stmts[w->out->nstmts++] = g;
}

static bool
named(CXCursor c, const char *name)
{
	CXString s = clang_getCursorSpelling(c);
	bool r = !strcmp(clang_getCString(s), name);
	clang_disposeString(s);
	return r;
}

static bool
in_main_file(struct walk *w, CXSourceLocation l, unsigned *off)
{
	CXFile f;
	clang_getExpansionLocation(l, &f, NULL, NULL, off);
	return clang_File_isEqual(f, w->file);
}

/* A typedef named go: no go statement where it is in scope.  If we took
 * one for a statement, parse again. */
static void
typedef_go(struct walk *w, CXCursor c, bool block)
{
	struct source *src = w->src;
	unsigned off;
	struct range r = { 0, src->len };
	if (in_main_file(w, clang_getCursorLocation(c), &off)) {
		r.from = off;
		if (block)
			r.to = block_end(src, off);
	}
	for (unsigned i = 0; i < src->nsites; i++) {
		unsigned o = src->toks[src->sites[i].go].off;
		w->retry |= o >= r.from && o < r.to;
	}
	src->typedefs = xrealloc(src->typedefs, (src->ntypedefs + 1) * sizeof r);
	src->typedefs[src->ntypedefs++] = r;
}

static enum CXChildVisitResult
find_labels(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	if (c.kind == CXCursor_TypedefDecl && named(c, "go"))
		typedef_go(d, c, true);
	if (c.kind == CXCursor_LabelStmt) {
		CXString s = clang_getCursorSpelling(c);
		const char *name = clang_getCString(s);
		if (!strncmp(name, GOCC_LABEL_PREFIX, strlen(GOCC_LABEL_PREFIX)))
			go_label(d, c, name);
		clang_disposeString(s);
	}
	return CXChildVisit_Recurse;
}

static bool
punct(const struct source *src, unsigned i, char c)
{
	return src->toks[i].kind == T_PUNCT && src->toks[i].len == 1
	       && src->text[src->toks[i].off] == c;
}

/* Where the text of a declaration starting at off begins: before the
 * C2x attribute specifiers `[[...]]` in front of it, which clang leaves
 * out of the declaration's extent. */
static unsigned
decl_start(const struct source *src, unsigned off)
{
	unsigned i = 0;
	while (i < src->ntoks && src->toks[i].off < off)
		i++;
	for (;;) {
		unsigned j = i;
		while (j > 0 && src->toks[j - 1].dir)
			j--;
		if (j < 4 || !punct(src, j - 1, ']') || !punct(src, j - 2, ']'))
			return i < src->ntoks ? src->toks[i].off : off;
		int depth = 0;
		unsigned k = j;
		do {
			k--;
			if (!src->toks[k].dir)
				depth += punct(src, k, ']') - punct(src, k, '[');
		} while (k > 0 && depth > 0);
		if (depth || !punct(src, k + 1, '['))
			return src->toks[i].off;
		i = k;
	}
}

/* A named struct, union or enum defined in the main file's own text (not
 * by a macro), as a hoist without its insertion point. */
static bool
tag_definition(struct walk *w, CXCursor c, struct hoist *h)
{
	if ((c.kind != CXCursor_StructDecl && c.kind != CXCursor_UnionDecl
	     && c.kind != CXCursor_EnumDecl) || !clang_isCursorDefinition(c)
	    || clang_Cursor_isAnonymous(c))
		return false;
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile f;
	unsigned spelled;
	clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &spelled);
	if (!in_main_file(w, clang_getRangeStart(r), &h->from) || spelled != h->from
	    || !in_main_file(w, clang_getRangeEnd(r), &h->to))
		return false;
	const struct source *src = w->src;
	for (unsigned i = 0; i < src->ntoks && src->toks[i].off < h->to; i++)
		if (src->toks[i].off >= h->from && punct(src, i, '{')) {
			h->body = src->toks[i].off;
			return true;
		}
	return false;
}

static enum CXChildVisitResult
find_functions(CXCursor c, CXCursor parent, CXClientData d)
{
	struct walk *w = d;
	struct hoist h;
	(void)parent;
	if (c.kind == CXCursor_TypedefDecl && named(c, "go"))
		typedef_go(w, c, false);
	if (tag_definition(w, c, &h)) {
		w->tags = xrealloc(w->tags, (w->ntags + 1) * sizeof h);
		w->tags[w->ntags++] = h;
		return CXChildVisit_Continue;
	}
	if (c.kind == CXCursor_FunctionDecl && clang_isCursorDefinition(c)
	    && in_main_file(w, clang_getRangeStart(clang_getCursorExtent(c)), &w->insert)) {
		unsigned start = w->insert, nstmts = w->out->nstmts;
		w->insert = decl_start(w->src, w->insert);
		clang_visitChildren(c, find_labels, w);
		struct parse *out = w->out;
		for (unsigned i = 0; i < w->ntags && out->nstmts > nstmts; i++)
			if (w->tags[i].from >= start) {
				out->hoists = xrealloc(out->hoists, (out->nhoists + 1) * sizeof h);
				out->hoists[out->nhoists] = w->tags[i];
				out->hoists[out->nhoists++].insert = w->insert;
			}
	}
	w->ntags = 0;
	return CXChildVisit_Continue;
}

/* An error in an included file may be a go statement there, which
 * nothing rewrote: say so, at the first one. */
static void
header_go(struct walk *w, CXDiagnostic d)
{
	CXFile f;
	clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, NULL, NULL, NULL);
	if (!f || clang_File_isEqual(f, w->file))
		return;
	for (unsigned i = 0; i < w->nheaders; i++)
		if (clang_File_isEqual(f, w->headers[i]))
			return;
	w->headers = xrealloc(w->headers, (w->nheaders + 1) * sizeof f);
	w->headers[w->nheaders++] = f;

	CXString name = clang_getFileName(f);
	struct source h = { .path = clang_getCString(name) };
	read_file(&h);
	lex(&h);
	find_sites(&h);
	if (h.nsites) {
		unsigned line = 1, col = 1, off = h.toks[h.sites[0].go].off;
		for (unsigned i = 0; i < off; i++, col++)
			if (h.text[i] == '\n')
				line++, col = 0;
		error_at(w->msgs, h.path, line, col, "go statement in an included "
			 "file: gocc-rewrite lowers go statements only in the file "
			 "it is given; move it into the .c file, or build with the "
			 "GCC plugin");
		w->out->errors++;
	}
	free(h.text);
	free(h.toks);
	free(h.sites);
	clang_disposeString(name);
}

/* A flag clang does not know is one for the compiler that builds the
 * output (gocc-cc passes the parse every flag the compiler gets, such as
 * GCC's -fanalyzer); it cannot change how clang parses. */
static bool
unknown_flag(CXDiagnostic d)
{
	CXString s = clang_getDiagnosticSpelling(d);
	bool r = !strncmp(clang_getCString(s), "unknown argument", 16);
	clang_disposeString(s);
	return r;
}

/* Clang's errors, formatted as clang prints them; notes about our own
 * marker macros are left out. */
static int
report(struct walk *w)
{
	CXTranslationUnit tu = w->tu;
	char marker[32];        /* clang's note "expanded from macro '_G'" */
	snprintf(marker, sizeof marker, "macro '%s'", w->src->marker);
	int errors = 0;
	unsigned opts = CXDiagnostic_DisplaySourceLocation | CXDiagnostic_DisplayColumn
			| CXDiagnostic_DisplayOption;
	for (unsigned i = 0; i < clang_getNumDiagnostics(tu); i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error
		    && !unknown_flag(d)) {
			CXString s = clang_formatDiagnostic(d, opts);
			fprintf(stderr, "%s\n", clang_getCString(s));
			clang_disposeString(s);
			CXDiagnosticSet notes = clang_getChildDiagnostics(d);
			for (unsigned j = 0; j < clang_getNumDiagnosticsInSet(notes); j++) {
				CXDiagnostic n = clang_getDiagnosticInSet(notes, j);
				s = clang_formatDiagnostic(n, opts);
				const char *t = clang_getCString(s);
				if (!strstr(t, "macro '__GOCC_GO_LABEL") && !strstr(t, marker))
					fprintf(stderr, "%s\n", t);
				clang_disposeString(s);
			}
			errors++;
			header_go(w, d);
		}
		clang_disposeDiagnostic(d);
	}
	return errors;
}

static CXTranslationUnit
parse_marked(CXIndex idx, const struct source *src, const char *const *args, int nargs)
{
	char *text = malloc(src->len + 1);
	memcpy(text, src->text, src->len);
	for (unsigned i = 0; i < src->nsites; i++) {
		const struct golex_tok *t = &src->toks[src->sites[i].go];
		memcpy(text + t->off, src->marker, 2);
		memset(text + t->off + 2, ' ', t->len - 2);	/* `GO` of #define GO go */
	}

	char mdef[64];
	snprintf(mdef, sizeof mdef, "-D%s=" GOCC_KEYWORD_EXPANSION, src->marker);
	const char *extra[] = {
		"-D" GOCC_DEFINE_GOCC,
		"-D" GOCC_DEFINE_LABEL2,
		"-D" GOCC_DEFINE_LABEL,
		mdef,
		"-w",	/* warnings are for the compiler that builds the output */
		/* Fortified glibc headers give clang printf, snprintf and
		 * others as macros (it lacks __builtin_va_arg_pack), where
		 * GCC gets functions: the declarations are the same without
		 * them, and the output, which names the function, gets the
		 * compiler's own fortified versions. */
		"-U_FORTIFY_SOURCE",
	};
	int n = nargs + sizeof extra / sizeof *extra;
	const char **all = malloc(n * sizeof *all);
	memcpy(all, args, nargs * sizeof *args);
	memcpy(all + nargs, extra, sizeof extra);

	struct CXUnsavedFile uf = { src->path, text, src->len };
	CXTranslationUnit tu = NULL;
	enum CXErrorCode e = clang_parseTranslationUnit2(idx, src->path, all, n, &uf, 1,
							 CXTranslationUnit_KeepGoing, &tu);
	if (e != CXError_Success) {
		fprintf(stderr, "gocc-rewrite: error: clang could not parse %s "
			"(bad compiler flags?)\n", src->path);
		exit(1);
	}
	free(all);
	free(text);	/* libclang copied the unsaved file */
	return tu;
}

void
parse(struct source *src, const char *const *args, int nargs, bool preempt,
      struct parse *out)
{
	CXIndex idx = clang_createIndex(0, 0);
	struct walk w = { .src = src, .out = out };
	for (;;) {
		w.tu = parse_marked(idx, src, args, nargs);
		w.file = clang_getFile(w.tu, src->path);
		w.retry = false;
		w.ntags = 0;
		w.broken = false;
		for (unsigned i = 0; i < clang_getNumDiagnostics(w.tu); i++) {
			CXDiagnostic d = clang_getDiagnostic(w.tu, i);
			w.broken |= clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error && !unknown_flag(d);
			clang_disposeDiagnostic(d);
		}
		*out = (struct parse){ 0 };
		w.msgs = open_memstream(&out->msgs, &out->msgslen);
		clang_visitChildren(clang_getTranslationUnitCursor(w.tu), find_functions, &w);
		if (!w.retry)
			break;
		/* `go x;` declares x where go is a typedef: parse again
		 * without those go words. */
		fclose(w.msgs);
		free(out->msgs);
		find_sites(src);
		clang_disposeTranslationUnit(w.tu);
	}
	for (unsigned i = 0; i < src->nsites; i++)
		if (src->sites[i].in_define && !src->sites[i].lparen)
			stmt_error(&w, src->toks[src->sites[i].go].off,
				   "gocc-rewrite: a go statement in a macro must "
				   "end in its call's argument list: go f(args)");
	out->errors += report(&w);
	fclose(w.msgs);
	if (preempt && !out->errors)
		safepoints(w.tu, w.file, src, out);
	/* The process ends soon: leave the translation unit to exit(). */
}
