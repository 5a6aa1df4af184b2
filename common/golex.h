/*
 * golex.h - C source as preprocessing tokens, for the compilers' keyword
 * rule (gokeyword.h): gocc-rewrite lexes the file it rewrites; the GCC
 * plugin lexes the file a `go` was spelled in to see the tokens before
 * it, which libcpp does not keep.
 */
#ifndef GOCC_GOLEX_H
#define GOCC_GOLEX_H

#include <stdbool.h>
#include <stddef.h>

#include "gokeyword.h"

#ifdef __cplusplus
extern "C" {
#endif

enum golex_kind { T_IDENT, T_NUMBER, T_CHAR, T_STRING, T_PUNCT };

struct golex_tok {
	unsigned off, len;
	unsigned char kind;
	unsigned dir;		/* 0: C code; n: inside the n-th directive */
};

/* Tokens as the preprocessor sees them, minus comments and line splices.
 * *toks is malloc'd; false if memory ran out. */
bool golex(const char *text, size_t len, struct golex_tok **toks, unsigned *ntoks);

/* The next or previous token of token i's stream (C code skips directive
 * lines; a directive ends at its line), or ntoks past either end. */
unsigned golex_next(const struct golex_tok *toks, unsigned ntoks, unsigned i);
unsigned golex_prev(const struct golex_tok *toks, unsigned ntoks, unsigned i);

/* Is a typedef named go in scope at token i?  For a compiler that only
 * preprocesses, and so has no scopes to ask: a `go` declared by a
 * `typedef` declaration is one from there to the `}` closing its block. */
bool golex_typedef_in_scope(const char *text, const struct golex_tok *toks,
			    unsigned ntoks, unsigned i);

/* Token t as the keyword rule sees it: digraphs spelled as what they stand
 * for, pos its offset. */
struct gocc_tok golex_token(const char *text, const struct golex_tok *t);

#ifdef __cplusplus
}
#endif

#endif
