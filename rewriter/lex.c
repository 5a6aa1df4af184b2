/*
 * lex.c - the main file's raw tokens, and which `go` words start a go
 * statement.
 *
 * libclang cannot parse `go f(x);`, so the words are found before it runs,
 * by the keyword rule both compilers share (common/gokeyword.c), over the
 * tokens of common/golex.c.  Words in #define bodies count too (a macro
 * that spawns), except where `go` is one of the macro's parameters; other
 * directives never do.
 * For each statement we also find the call's own `(` and `)`, so that
 * emit.c can lower it by editing those two places only.
 */
#include <stdlib.h>
#include <string.h>

#include "rewrite.h"

void
lex(struct source *src)
{
	if (!golex(src->text, src->len, &src->toks, &src->ntoks)) {
		fprintf(stderr, "gocc-rewrite: error: out of memory\n");
		exit(1);
	}
}

/* ---- walking one stream: C code, or one directive ---------------------- */

bool
tok_is(const struct source *src, unsigned i, const char *word)
{
	const struct golex_tok *t = &src->toks[i];
	return t->len == strlen(word) && !memcmp(src->text + t->off, word, t->len);
}

/* The next token of the stream token i is in, or ntoks at its end.  Code
 * skips directive lines; a directive ends at its line. */
static unsigned
next(const struct source *src, unsigned i)
{
	return golex_next(src->toks, src->ntoks, i);
}

static unsigned
prev(const struct source *src, unsigned i)
{
	return golex_prev(src->toks, src->ntoks, i);
}

unsigned
match_paren(const struct source *src, unsigned i)
{
	int depth = 0;
	for (; i < src->ntoks; i = next(src, i)) {
		depth += tok_is(src, i, "(") - tok_is(src, i, ")");
		if (depth == 0)
			return i;
	}
	return src->ntoks;
}

/* ---- #define ------------------------------------------------------------ */

/* If token i is the `#` of a #define, the index of the macro's name. */
static unsigned
define_name(const struct source *src, unsigned i)
{
	unsigned d = next(src, i);
	if (d >= src->ntoks || !tok_is(src, d, "define"))
		return src->ntoks;
	return next(src, d);
}

/* The first token of the body of the #define whose name is token m. */
static unsigned
define_body(const struct source *src, unsigned m)
{
	unsigned p = next(src, m);
	const struct golex_tok *t = &src->toks[m];
	if (p < src->ntoks && tok_is(src, p, "(") && src->toks[p].off == t->off + t->len)
		return next(src, match_paren(src, p));
	return p;
}

/* Is `go` a parameter of the macro whose directive holds token i? */
static bool
go_is_param(const struct source *src, unsigned hash, unsigned body)
{
	for (unsigned i = hash; i < body && i < src->ntoks; i++)
		if (tok_is(src, i, "go") && i > hash + 2)
			return true;
	return false;
}

static unsigned
directive_start(const struct source *src, unsigned i)
{
	while (i > 0 && src->toks[i - 1].dir == src->toks[i].dir)
		i--;
	return i;
}

/* Is token i the `#` of a directive? */
static bool
starts_directive(const struct source *src, unsigned i)
{
	return src->toks[i].dir && !(i && src->toks[i - 1].dir == src->toks[i].dir);
}

bool
fn_macro_named(const struct source *src, const struct golex_tok *t)
{
	for (unsigned i = 0; i < src->ntoks; i++) {
		if (!starts_directive(src, i))
			continue;
		unsigned m = define_name(src, i);
		if (m >= src->ntoks || src->toks[m].len != t->len
		    || memcmp(src->text + src->toks[m].off, src->text + t->off, t->len))
			continue;
		unsigned p = next(src, m);
		if (p < src->ntoks && tok_is(src, p, "(")
		    && src->toks[p].off == src->toks[m].off + src->toks[m].len)
			return true;
	}
	return false;
}

/* ---- go statements -------------------------------------------------------- */

/* The keyword rule's view of the stream around token `at`. */
struct around {
	const struct source *src;
	unsigned at;
};

static struct gocc_tok
around_at(void *ctx, int k)
{
	const struct around *a = ctx;
	unsigned i = a->at;
	for (; k > 0 && i < a->src->ntoks; k--)
		i = next(a->src, i);
	for (; k < 0 && i < a->src->ntoks; k++)
		i = prev(a->src, i);
	if (i >= a->src->ntoks)
		return (struct gocc_tok){ GOCC_TOK_END, "", 0, 0 };
	return golex_token(a->src->text, &a->src->toks[i]);
}

static bool names_typedef(const struct source *src, unsigned off);

/* The rule's verdict on the word `go` at token i; in a directive, only a
 * #define body counts. */
static enum gocc_go
keyword_at(const struct source *src, unsigned i)
{
	const struct golex_tok *t = &src->toks[i];
	if (t->dir) {
		unsigned hash = directive_start(src, i);
		unsigned m = define_name(src, hash);
		if (m >= src->ntoks || i < define_body(src, m)
		    || go_is_param(src, hash, define_body(src, m)))
			return GOCC_NOT_GO;
	}
	struct around a = { src, i };
	struct gocc_tokens ts = { around_at, &a, names_typedef(src, t->off) };
	return gocc_keyword(&ts);
}

static int
nest(const struct source *src, unsigned i)
{
	return tok_is(src, i, "(") || tok_is(src, i, "[") || tok_is(src, i, "{") ? 1
	       : tok_is(src, i, ")") || tok_is(src, i, "]") || tok_is(src, i, "}") ? -1 : 0;
}

/* Commas between from and to outside any parentheses: the
 * preprocessor's rule, for macro arguments. */
static unsigned
commas(const struct source *src, unsigned from, unsigned to)
{
	unsigned n = 0;
	int depth = 0;
	for (unsigned i = from; i < to; i = next(src, i)) {
		depth += tok_is(src, i, "(") - tok_is(src, i, ")");
		n += depth == 0 && tok_is(src, i, ",");
	}
	return n;
}

/* Find the call of the go statement at token i: the last `( ... )` group
 * before the statement's end (`;`, an unmatched closer, the end of a
 * #define).  Left 0 when the statement does not end in one. */
static void
split_call(const struct source *src, struct site *st)
{
	unsigned i, last = src->ntoks, open = src->ntoks;
	int depth = 0;
	for (i = next(src, st->go); i < src->ntoks; i = next(src, i)) {
		if (depth == 0 && tok_is(src, i, ";"))
			break;
		/* An unmatched closer (RUN(go f(x))) ends the statement
		 * and is no group of it. */
		int d = depth + nest(src, i);
		if (d < 0)
			break;
		if (depth == 0)
			open = i;
		depth = d;
		last = i;
	}
	if (last >= src->ntoks || !tok_is(src, last, ")") || !tok_is(src, open, "(")
	    || open == next(src, st->go))
		return;
	st->lparen = open;
	st->rparen = last;
	st->wrap = commas(src, next(src, st->go), open) > 0;
}

static void
choose_marker(struct source *src)
{
	static const char letters[] = "GQXZKJWVY";
	for (const char *c = letters; *c; c++) {
		src->marker[0] = '_';
		src->marker[1] = *c;
		bool used = false;
		for (unsigned i = 0; i < src->ntoks && !used; i++)
			used = tok_is(src, i, src->marker);
		if (!used)
			return;
	}
	src->marker[1] = 'G';	/* every candidate taken: the parse will say so */
}

static bool
names_typedef(const struct source *src, unsigned off)
{
	for (unsigned i = 0; i < src->ntypedefs; i++)
		if (off >= src->typedefs[i].from && off < src->typedefs[i].to)
			return true;
	return false;
}

/* How many braces are open at token i (code only). */
static int
brace_depth(const struct source *src, unsigned i)
{
	int depth = 0;
	for (unsigned j = 0; j < i; j++)
		if (!src->toks[j].dir)
			depth += tok_is(src, j, "{") - tok_is(src, j, "}");
	return depth;
}

/* The offset of the `}` closing the block that holds offset off. */
unsigned
block_end(const struct source *src, unsigned off)
{
	int depth = 0;
	for (unsigned i = 0; i < src->ntoks; i++) {
		if (src->toks[i].dir || src->toks[i].off < off)
			continue;
		depth += tok_is(src, i, "{") - tok_is(src, i, "}");
		if (depth < 0)
			return src->toks[i].off;
	}
	return src->len;
}

/* `#define NAME go`: the name of each such macro, by token index, in
 * *names.  From there on NAME spells the keyword, as it does for the
 * plugin, which sees the expansion. */
static unsigned
keyword_macros(const struct source *src, unsigned **names)
{
	unsigned n = 0;
	*names = NULL;
	for (unsigned i = 0; i < src->ntoks; i++) {
		if (!starts_directive(src, i))
			continue;
		unsigned m = define_name(src, i);
		if (m >= src->ntoks || src->toks[m].kind != T_IDENT)
			continue;
		unsigned b = define_body(src, m);
		if (b != next(src, m) || b >= src->ntoks || !tok_is(src, b, "go")
		    || next(src, b) < src->ntoks)
			continue;
		*names = xrealloc(*names, (n + 1) * sizeof **names);
		(*names)[n++] = m;
	}
	return n;
}

/* Is token i the word go, or a macro above that spells it? */
static bool
spells_go(const struct source *src, unsigned i, const unsigned *names, unsigned n)
{
	const struct golex_tok *t = &src->toks[i];
	if (tok_is(src, i, "go"))
		return true;
	for (unsigned k = 0; k < n && names[k] < i; k++)
		if (t->kind == T_IDENT && src->toks[names[k]].len == t->len
		    && !memcmp(src->text + src->toks[names[k]].off, src->text + t->off, t->len))
			return true;
	return false;
}

/* Every go statement, except where a typedef named go is in scope. */
void
find_sites(struct source *src)
{
	unsigned *names, nnames = keyword_macros(src, &names);
	src->nsites = 0;
	for (unsigned i = 0; i < src->ntoks; i++) {
		enum gocc_go v = spells_go(src, i, names, nnames) ? keyword_at(src, i)
								  : GOCC_NOT_GO;
		if (v == GOCC_NOT_GO)
			continue;
		if ((src->nsites & (src->nsites - 1)) == 0)
			src->sites = xrealloc(src->sites, 2 * (src->nsites + 1) * sizeof *src->sites);
		struct site *st = &src->sites[src->nsites++];
		*st = (struct site){ .go = i, .in_define = src->toks[i].dir != 0 };
		if (v == GOCC_GO_VALUE)
			st->misplaced = "go statement cannot be used as a value";
		else if (!st->in_define && brace_depth(src, i) == 0)
			st->misplaced = "go statement outside a function";
		else if (src->toks[i].len < sizeof src->marker - 1)
			/* The parse needs room for the marker (parse.c). */
			st->misplaced = "gocc-rewrite: a macro that spells go needs a "
					"name of two characters or more";
		split_call(src, st);
	}
	free(names);
	choose_marker(src);
}

const struct site *
site_at(const struct source *src, unsigned off)
{
	unsigned lo = 0, hi = src->nsites;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		unsigned o = src->toks[src->sites[mid].go].off;
		if (o == off)
			return &src->sites[mid];
		if (o < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
