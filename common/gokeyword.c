/*
 * gokeyword.c - when `go` starts a go statement (gocc_abi.h has the rule
 * with examples).  Only the tokens decide, so that the GCC plugin and
 * gocc-rewrite cannot disagree; each supplies the tokens its lexer made.
 */
#include <string.h>

#include "gokeyword.h"

static bool
is(struct gocc_tok t, const char *s)
{
	return t.kind != GOCC_TOK_END && t.len == strlen(s) && !memcmp(t.spelling, s, t.len);
}

static bool
is_punct(struct gocc_tok t, const char *s)
{
	return t.kind == GOCC_TOK_PUNCT && is(t, s);
}

/* A member or a tag: the word follows `.`, `->`, `struct`, `union`, `enum`. */
static bool
member_or_tag(struct gocc_tok prev)
{
	return is_punct(prev, ".") || is_punct(prev, "->")
	       || (prev.kind == GOCC_TOK_NAME
		   && (is(prev, "struct") || is(prev, "union") || is(prev, "enum")));
}

/* After `go (`: a callee continues past the matching `)` with a call,
 * subscript or member; a call of a function named go does not.  No limit
 * on the distance: a callee may be long. */
static bool
paren_starts_callee(const struct gocc_tokens *ts)
{
	int depth = 1, i = 2;
	while (depth > 0) {
		struct gocc_tok t = ts->at(ts->ctx, i++);
		if (t.kind == GOCC_TOK_END)
			return false;
		depth += is_punct(t, "(") - is_punct(t, ")");
	}
	struct gocc_tok after = ts->at(ts->ctx, i);
	return is_punct(after, "(") || is_punct(after, "[") || is_punct(after, ".")
	       || is_punct(after, "->");
}

/* Can a statement start after prev?  After an operator, `return`, a
 * constant, or `= {` a value is expected.  `(` and `,` may open a macro
 * argument (RUN(go f(x))), so they, like names, leave it to the parse. */
static bool
statement_may_follow(const struct gocc_tokens *ts, struct gocc_tok prev)
{
	switch (prev.kind) {
	case GOCC_TOK_END:
		return true;
	case GOCC_TOK_LITERAL:
		return false;
	case GOCC_TOK_NAME:
		return !is(prev, "return") && !is(prev, "sizeof") && !is(prev, "case")
		       && !is(prev, "_Alignof") && !is(prev, "__alignof__");
	case GOCC_TOK_PUNCT:
		if (is(prev, "{"))
			return !is_punct(ts->at(ts->ctx, -2), "=");
		return is(prev, ";") || is(prev, "}") || is(prev, ":") || is(prev, ")")
		       || is(prev, "(") || is(prev, ",");
	}
	return true;
}

enum gocc_go
gocc_keyword(const struct gocc_tokens *ts)
{
	struct gocc_tok prev = ts->at(ts->ctx, -1);
	if (member_or_tag(prev) || ts->typedef_in_scope)
		return GOCC_NOT_GO;
	struct gocc_tok next = ts->at(ts->ctx, 1);
	switch (next.kind) {
	case GOCC_TOK_NAME:
	case GOCC_TOK_LITERAL:
		break;
	case GOCC_TOK_PUNCT:
		if (is(next, "(") && paren_starts_callee(ts))
			break;
		return GOCC_NOT_GO;
	default:
		return GOCC_NOT_GO;
	}
	return statement_may_follow(ts, prev) ? GOCC_GO_STATEMENT : GOCC_GO_VALUE;
}
