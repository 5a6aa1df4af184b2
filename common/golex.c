/*
 * golex.c - preprocessing tokens of C source (golex.h).  Enough of C's
 * lexical grammar for the keyword rule: names, numbers, character and
 * string literals (with their prefixes), punctuators; comments, line
 * splices and whitespace are dropped; a directive is one stream per line.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "golex.h"

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

static bool
push(struct golex_tok **toks, unsigned *ntoks, unsigned off, unsigned len, int kind,
     unsigned dir)
{
	unsigned n = *ntoks;
	if (n == 0 || (n >= 64 && (n & (n - 1)) == 0)) {
		void *p = realloc(*toks, (n ? 2 * n : 64) * sizeof **toks);
		if (!p)
			return false;
		*toks = p;
	}
	(*toks)[(*ntoks)++] = (struct golex_tok){ off, len, kind, dir };
	return true;
}

/* Each digraph and what it stands for; the longer one first. */
static const char *const digraphs[][2] = {
	{ "%:%:", "##" }, { "<:", "[" }, { ":>", "]" }, { "<%", "{" },
	{ "%>", "}" }, { "%:", "#" },
};
#define NDIGRAPHS (sizeof digraphs / sizeof *digraphs)

/* The digraph at s, or NULL. */
static const char *
digraph(const char *s, size_t n)
{
	for (size_t i = 0; i < NDIGRAPHS; i++) {
		size_t len = strlen(digraphs[i][0]);
		if (n >= len && !memcmp(s, digraphs[i][0], len))
			return digraphs[i][0];
	}
	return NULL;
}

/* Tokens as the preprocessor sees them, minus comments.  A directive runs
 * from a `#` that starts a line to the next unescaped newline. */
bool
golex(const char *s, size_t n, struct golex_tok **toks, unsigned *ntoks)
{
	size_t i = 0;
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
		const char *dg = digraph(s + i, n - i);
		if (bol && (c == '#' || (dg && !strcmp(dg, "%:"))))
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
		} else if (dg) {
			i += strlen(dg);
		} else if (i + 1 < n && ((c == '-' && s[i + 1] == '>')
					 || (c == '#' && s[i + 1] == '#'))) {
			i += 2;
		} else {
			i++;
		}
		if (!push(toks, ntoks, start, i - start, kind, dir))
			return false;
	}
	return true;
}

unsigned
golex_next(const struct golex_tok *toks, unsigned ntoks, unsigned i)
{
	unsigned dir = toks[i].dir;
	while (++i < ntoks && toks[i].dir != dir)
		if (dir)
			return ntoks;
	return i;
}

unsigned
golex_prev(const struct golex_tok *toks, unsigned ntoks, unsigned i)
{
	unsigned dir = toks[i].dir;
	while (i-- > 0 && toks[i].dir != dir)
		if (dir)
			return ntoks;
	return i == (unsigned)-1 ? ntoks : i;
}

struct gocc_tok
golex_token(const char *text, const struct golex_tok *t)
{
	static const enum gocc_tok_kind kinds[] = {
		[T_IDENT] = GOCC_TOK_NAME, [T_NUMBER] = GOCC_TOK_LITERAL,
		[T_CHAR] = GOCC_TOK_LITERAL, [T_STRING] = GOCC_TOK_LITERAL,
		[T_PUNCT] = GOCC_TOK_PUNCT,
	};
	struct gocc_tok g = { kinds[t->kind], text + t->off, t->len, t->off };
	for (size_t i = 0; g.kind == GOCC_TOK_PUNCT && i < NDIGRAPHS; i++)
		if (t->len == strlen(digraphs[i][0])
		    && !memcmp(g.spelling, digraphs[i][0], t->len)) {
			g.spelling = digraphs[i][1];
			g.len = strlen(digraphs[i][1]);
		}
	return g;
}

static bool
spelled(const char *text, const struct golex_tok *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(text + t->off, s, t->len);
}

bool
golex_typedef_in_scope(const char *text, const struct golex_tok *toks, unsigned ntoks,
		       unsigned i)
{
	/* depth[k]: is a typedef go declared in the k-th open block? */
	enum { MAX = 256 };
	bool declared[MAX] = { false };
	int depth = 0, paren = 0;
	bool in_typedef = false;
	for (unsigned j = 0; j < i && j < ntoks; j++) {
		const struct golex_tok *t = &toks[j];
		if (t->dir)
			continue;
		if (spelled(text, t, "{") && depth + 1 < MAX)
			declared[++depth] = false;
		else if (spelled(text, t, "}") && depth > 0)
			depth--;
		else if (spelled(text, t, "typedef"))
			in_typedef = true, paren = 0;
		else if (spelled(text, t, ";") && paren == 0)
			in_typedef = false;
		else if (spelled(text, t, "("))
			paren++;
		else if (spelled(text, t, ")"))
			paren--;
		else if (in_typedef && spelled(text, t, "go") && j > 0
			 && !spelled(text, &toks[j - 1], "struct")
			 && !spelled(text, &toks[j - 1], "union")
			 && !spelled(text, &toks[j - 1], "enum"))
			declared[depth] = true;
	}
	for (int k = 0; k <= depth; k++)
		if (declared[k])
			return true;
	return false;
}
