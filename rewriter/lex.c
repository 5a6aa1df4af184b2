/*
 * lex.c - the main file's raw tokens, and which `go` words start a go
 * statement.
 *
 * libclang cannot parse `go f(x);`, so the words are found before it runs,
 * by the GCC plugin's rules: `go` starts a go statement when the next
 * token is a name, a constant, or `(callee)(` (look past the matching
 * `)`), and the word does not follow `.`, `->`, `struct`, `union` or
 * `enum`.  Words in #define bodies count too (a macro that spawns), except
 * where `go` is one of the macro's parameters; other directives never do.
 * For each statement we also find the call's own `(` and `)`, so that
 * emit.c can lower it by editing those two places only.
 */
#include <ctype.h>
#include <string.h>

#include "rewrite.h"

static bool
idstart(int c)
{
	return isalpha(c) || c == '_' || c == '$' || c >= 0x80;
}

static bool
idchar(int c)
{
	return idstart(c) || isdigit(c);
}

static size_t
skip_quoted(const char *s, size_t n, size_t i)
{
	char q = s[i++];
	while (i < n && s[i] != q && s[i] != '\n')
		i += s[i] == '\\' && i + 1 < n ? 2 : 1;
	return i < n && s[i] == q ? i + 1 : i;
}

static size_t
skip_number(const char *s, size_t n, size_t i)
{
	while (i < n) {
		char c = s[i];
		if ((c == '+' || c == '-') && strchr("eEpP", s[i - 1]))
			i++;
		else if (idchar((unsigned char)c) || c == '.'
			 || (c == '\'' && i + 1 < n && isalnum((unsigned char)s[i + 1])))
			i++;
		else
			break;
	}
	return i;
}

static bool
is_literal_prefix(const char *s, size_t len)
{
	return (len == 1 && strchr("LuU", s[0]))
	       || (len == 2 && s[0] == 'u' && s[1] == '8');
}

static void
push(struct source *src, unsigned off, unsigned len, int kind, unsigned dir)
{
	if ((src->ntoks & (src->ntoks - 1)) == 0 && src->ntoks >= 64)
		src->toks = xrealloc(src->toks, 2 * src->ntoks * sizeof *src->toks);
	else if (!src->toks)
		src->toks = xrealloc(NULL, 64 * sizeof *src->toks);
	src->toks[src->ntoks++] = (struct tok){ off, len, kind, dir };
}

/* Tokens as the preprocessor sees them, minus comments.  A directive runs
 * from a `#` that starts a line to the next unescaped newline. */
void
lex(struct source *src)
{
	const char *s = src->text;
	size_t n = src->len, i = 0;
	bool bol = true;
	unsigned dir = 0, ndirs = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t start = i;
		if (c == '\n') {
			dir = 0;
			bol = true;
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			i += s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n' ? 3 : 2;
			continue;
		}
		if (isspace(c)) {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			const char *e = memmem(s + i + 2, n - i - 2, "*/", 2);
			i = e ? (size_t)(e - s) + 2 : n;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && !(s[i] == '\n' && s[i - 1] != '\\'))
				i++;
			continue;
		}
		if (bol && c == '#')
			dir = ++ndirs;
		bol = false;
		int kind = T_PUNCT;
		if (idstart(c)) {
			while (i < n && idchar((unsigned char)s[i]))
				i++;
			kind = T_IDENT;
			if (i < n && (s[i] == '"' || s[i] == '\'')
			    && is_literal_prefix(s + start, i - start)) {
				kind = s[i] == '"' ? T_STRING : T_CHAR;
				i = skip_quoted(s, n, i);
			}
		} else if (isdigit(c) || (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
			i = skip_number(s, n, i + 1);
			kind = T_NUMBER;
		} else if (c == '"' || c == '\'') {
			i = skip_quoted(s, n, i);
			kind = c == '"' ? T_STRING : T_CHAR;
		} else if (i + 1 < n && ((c == '-' && s[i + 1] == '>')
					 || (c == '#' && s[i + 1] == '#'))) {
			i += 2;
		} else {
			i++;
		}
		push(src, start, i - start, kind, dir);
	}
}

/* ---- walking one stream: C code, or one directive ---------------------- */

static bool
is(const struct source *src, unsigned i, const char *word)
{
	const struct tok *t = &src->toks[i];
	return t->len == strlen(word) && !memcmp(src->text + t->off, word, t->len);
}

/* The next token of the stream token i is in, or ntoks at its end.  Code
 * skips directive lines; a directive ends at its line. */
static unsigned
next(const struct source *src, unsigned i)
{
	unsigned dir = src->toks[i].dir;
	while (++i < src->ntoks && src->toks[i].dir != dir)
		if (dir)
			return src->ntoks;
	return i;
}

static unsigned
prev(const struct source *src, unsigned i)
{
	unsigned dir = src->toks[i].dir;
	while (i-- > 0 && src->toks[i].dir != dir)
		if (dir)
			return src->ntoks;
	return i == (unsigned)-1 ? src->ntoks : i;
}

/* The `)` matching the `(` at i, or ntoks. */
static unsigned
match_paren(const struct source *src, unsigned i)
{
	int depth = 0;
	for (; i < src->ntoks; i = next(src, i)) {
		depth += is(src, i, "(") - is(src, i, ")");
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
	if (d >= src->ntoks || !is(src, d, "define"))
		return src->ntoks;
	return next(src, d);
}

/* The first token of the body of the #define whose name is token m. */
static unsigned
define_body(const struct source *src, unsigned m)
{
	unsigned p = next(src, m);
	const struct tok *t = &src->toks[m];
	if (p < src->ntoks && is(src, p, "(") && src->toks[p].off == t->off + t->len)
		return next(src, match_paren(src, p));
	return p;
}

/* Is `go` a parameter of the macro whose directive holds token i? */
static bool
go_is_param(const struct source *src, unsigned hash, unsigned body)
{
	for (unsigned i = hash; i < body && i < src->ntoks; i++)
		if (is(src, i, "go") && i > hash + 2)
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

bool
fn_macro_named(const struct source *src, const struct tok *t)
{
	for (unsigned i = 0; i < src->ntoks; i++) {
		if (!src->toks[i].dir || (i && src->toks[i - 1].dir == src->toks[i].dir))
			continue;
		unsigned m = define_name(src, i);
		if (m >= src->ntoks || src->toks[m].len != t->len
		    || memcmp(src->text + src->toks[m].off, src->text + t->off, t->len))
			continue;
		unsigned p = next(src, m);
		if (p < src->ntoks && is(src, p, "(")
		    && src->toks[p].off == src->toks[m].off + src->toks[m].len)
			return true;
	}
	return false;
}

/* ---- go statements -------------------------------------------------------- */

static bool
starts_go_statement(const struct source *src, unsigned i)
{
	const struct tok *t = &src->toks[i];
	if (t->dir) {
		unsigned hash = directive_start(src, i);
		unsigned m = define_name(src, hash);
		if (m >= src->ntoks || i < define_body(src, m)
		    || go_is_param(src, hash, define_body(src, m)))
			return false;
	}
	unsigned p = prev(src, i);
	if (p < src->ntoks && (is(src, p, ".") || is(src, p, "->") || is(src, p, "struct")
			       || is(src, p, "union") || is(src, p, "enum")))
		return false;
	unsigned j = next(src, i);
	if (j >= src->ntoks)
		return false;
	if (src->toks[j].kind != T_PUNCT)
		return true;
	if (!is(src, j, "("))
		return false;
	unsigned m = match_paren(src, j);
	return m < src->ntoks && (m = next(src, m)) < src->ntoks && is(src, m, "(");
}

static int
nest(const struct source *src, unsigned i)
{
	return is(src, i, "(") || is(src, i, "[") || is(src, i, "{") ? 1
	       : is(src, i, ")") || is(src, i, "]") || is(src, i, "}") ? -1 : 0;
}

/* Commas between from and to outside any bracket (parens only: the
 * preprocessor's rule, for macro arguments). */
static unsigned
commas(const struct source *src, unsigned from, unsigned to, bool parens_only)
{
	unsigned n = 0;
	int depth = 0;
	for (unsigned i = from; i < to; i = next(src, i)) {
		depth += parens_only ? is(src, i, "(") - is(src, i, ")")
				     : nest(src, i);
		n += depth == 0 && is(src, i, ",");
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
		if (depth == 0 && is(src, i, ";"))
			break;
		if (depth == 0)
			open = i;
		if ((depth += nest(src, i)) < 0)
			break;
		last = i;
	}
	if (last >= src->ntoks || !is(src, last, ")") || !is(src, open, "(")
	    || open == next(src, st->go))
		return;
	st->lparen = open;
	st->rparen = last;
	st->nargs = (next(src, open) != last) +
		    commas(src, next(src, open), last, false);
	st->wrap = commas(src, next(src, st->go), open, true) > 0;
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
			used = is(src, i, src->marker);
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

/* The offset of the `}` closing the block that holds offset off. */
unsigned
block_end(const struct source *src, unsigned off)
{
	int depth = 0;
	for (unsigned i = 0; i < src->ntoks; i++) {
		if (src->toks[i].dir || src->toks[i].off < off)
			continue;
		depth += is(src, i, "{") - is(src, i, "}");
		if (depth < 0)
			return src->toks[i].off;
	}
	return src->len;
}

/* Every go statement, except where a typedef named go is in scope. */
void
find_sites(struct source *src)
{
	src->nsites = 0;
	for (unsigned i = 0; i < src->ntoks; i++) {
		if (!is(src, i, "go") || names_typedef(src, src->toks[i].off)
		    || !starts_go_statement(src, i))
			continue;
		if ((src->nsites & (src->nsites - 1)) == 0)
			src->sites = xrealloc(src->sites, 2 * (src->nsites + 1) * sizeof *src->sites);
		struct site *st = &src->sites[src->nsites++];
		*st = (struct site){ .go = i, .in_define = src->toks[i].dir != 0 };
		split_call(src, st);
	}
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
