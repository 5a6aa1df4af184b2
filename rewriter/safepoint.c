/*
 * safepoint.c - gocc-rewrite --preempt: preemption's safe points written
 * into the source, where the plugin builds them in GIMPLE
 * (plugin/safepoint.cc), as GOCC_SAFEPOINT() of gocc_abi.h:
 *   - first in the body of a function that calls something;
 *   - in each loop's condition, which every iteration passes through,
 *     `continue` included:
 *         while (c)          ->  while (GOCC_SAFEPOINT(), (c))
 *         for (i; c; n)      ->  for (i; GOCC_SAFEPOINT(), (c); n)
 *         for (;;)           ->  for (; GOCC_SAFEPOINT(), 1;)
 *         do ... while (c);  ->  do ... while (GOCC_SAFEPOINT(), (c));
 * Not in a function declared GOCC_NOPREEMPT (no_split_stack), nor in a
 * function or loop written by a macro expansion.  Opt-in, since a call in
 * a loop keeps clang from vectorizing it (README).
 */
#include <stdlib.h>
#include <string.h>

#include "rewrite.h"

#define CHECK "GOCC_SAFEPOINT(), "

struct sp {
	const struct source *src;
	CXTranslationUnit tu;
	CXFile file;
	struct parse *out;
	bool calls;		/* the function calls something */
	bool optout;		/* it is declared no_split_stack */
};

static void
insert(struct sp *s, unsigned off, const char *text)
{
	struct parse *p = s->out;
	p->inserts = xrealloc(p->inserts, (p->ninserts + 1) * sizeof *p->inserts);
	p->inserts[p->ninserts++] = (struct insert){ off, text };
}

/* The token at offset off of the main file, if c was written there and
 * not by a macro expansion. */
static bool
written_at(struct sp *s, CXSourceLocation l, unsigned *tok)
{
	CXFile f;
	unsigned off, spelled;
	clang_getExpansionLocation(l, &f, NULL, NULL, &off);
	clang_getSpellingLocation(l, NULL, NULL, NULL, &spelled);
	if (!clang_File_isEqual(f, s->file) || off != spelled)
		return false;
	unsigned lo = 0, hi = s->src->ntoks;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (s->src->toks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	*tok = lo;
	return lo < s->src->ntoks && s->src->toks[lo].off == off;
}

/* Wrap the condition between tokens open and close (exclusive). */
static void
wrap(struct sp *s, unsigned open, unsigned close)
{
	const struct golex_tok *t = s->src->toks;
	unsigned first = golex_next(t, s->src->ntoks, open);
	if (first == close) {
		insert(s, t[open].off + t[open].len, CHECK "1");
	} else {
		insert(s, t[first].off, CHECK "(");
		insert(s, t[close].off, ")");
	}
}

/* The `(` after the keyword at token k, or ntoks. */
static unsigned
paren_after(struct sp *s, unsigned k)
{
	unsigned i = golex_next(s->src->toks, s->src->ntoks, k);
	return i < s->src->ntoks && tok_is(s->src, i, "(") ? i : s->src->ntoks;
}

static void
loop(struct sp *s, CXCursor c)
{
	const struct source *src = s->src;
	unsigned k, open, close;
	if (!written_at(s, clang_getCursorLocation(c), &k))
		return;
	if (c.kind == CXCursor_DoStmt) {
		/* Its `while` is the last in it: the body's come before. */
		unsigned end, w = src->ntoks;
		clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)),
					   NULL, NULL, NULL, &end);
		for (unsigned i = k; i < src->ntoks && src->toks[i].off < end;
		     i = golex_next(src->toks, src->ntoks, i))
			if (tok_is(src, i, "while"))
				w = i;
		if (w == src->ntoks)
			return;
		k = w;
	}
	if ((open = paren_after(s, k)) == src->ntoks ||
	    (close = match_paren(src, open)) == src->ntoks)
		return;
	if (c.kind != CXCursor_ForStmt) {
		wrap(s, open, close);
		return;
	}
	/* for: the condition lies between the two `;` at the top level. */
	unsigned semi[2], n = 0;
	int depth = 0;
	for (unsigned i = golex_next(src->toks, src->ntoks, open); i < close && n < 2;
	     i = golex_next(src->toks, src->ntoks, i)) {
		depth += tok_is(src, i, "(") + tok_is(src, i, "[") + tok_is(src, i, "{")
			- tok_is(src, i, ")") - tok_is(src, i, "]") - tok_is(src, i, "}");
		if (depth == 0 && tok_is(src, i, ";"))
			semi[n++] = i;
	}
	if (n == 2)
		wrap(s, semi[0], semi[1]);
}

static enum CXChildVisitResult
body(CXCursor c, CXCursor parent, CXClientData d)
{
	struct sp *s = d;
	(void)parent;
	switch (c.kind) {
	case CXCursor_CallExpr:
		s->calls = true;
		break;
	case CXCursor_ForStmt:
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
		loop(s, c);
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

/* Is c `no_split_stack`, written out or as GOCC_NOPREEMPT?  (libclang
 * gives the expansion's place for an attribute a macro wrote.) */
static enum CXChildVisitResult
find_optout(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	if (!clang_isAttribute(c.kind))
		return CXChildVisit_Continue;
	CXFile f;
	unsigned off;
	size_t size;
	struct sp *s = d;
	clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(c)),
				  &f, NULL, NULL, &off);
	const char *text = f ? clang_getFileContents(s->tu, f, &size) : NULL;
	for (const char *const *a = (const char *const[]){ "no_split_stack",
			"__no_split_stack__", "GOCC_NOPREEMPT", NULL }; text && *a; a++)
		if (off + strlen(*a) <= size && !strncmp(text + off, *a, strlen(*a))) {
			s->optout = true;
			return CXChildVisit_Break;
		}
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult
take_body(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	if (c.kind != CXCursor_CompoundStmt)
		return CXChildVisit_Continue;
	*(CXCursor *)d = c;
	return CXChildVisit_Break;
}

static enum CXChildVisitResult
function(CXCursor c, CXCursor parent, CXClientData d)
{
	struct sp *s = d;
	unsigned k;
	(void)parent;
	if (c.kind != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
	    !written_at(s, clang_getCursorLocation(c), &k))
		return CXChildVisit_Continue;
	s->calls = s->optout = false;
	clang_visitChildren(c, find_optout, s);
	if (s->optout)
		return CXChildVisit_Continue;
	CXCursor b = clang_getNullCursor();
	clang_visitChildren(c, take_body, &b);
	unsigned brace;
	if (clang_Cursor_isNull(b) ||
	    !written_at(s, clang_getRangeStart(clang_getCursorExtent(b)), &brace) ||
	    !tok_is(s->src, brace, "{"))
		return CXChildVisit_Continue;
	clang_visitChildren(b, body, s);
	if (s->calls)
		insert(s, s->src->toks[brace].off + 1, " GOCC_SAFEPOINT();");
	return CXChildVisit_Continue;
}

void
safepoints(CXTranslationUnit tu, CXFile file, const struct source *src,
	   struct parse *out)
{
	struct sp s = { src, tu, file, out, false, false };
	clang_visitChildren(clang_getTranslationUnitCursor(tu), function, &s);
}
