/*
 * gokeyword.h - when `go` starts a go statement: the one implementation
 * of the rule that include/gocc_abi.h describes, shared by the GCC plugin
 * and gocc-rewrite.  It sees only tokens, which each compiler supplies
 * from its own lexer.
 */
#ifndef GOCC_GOKEYWORD_H
#define GOCC_GOKEYWORD_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

enum gocc_tok_kind {
	GOCC_TOK_END,		/* past the stream's end (or unknown) */
	GOCC_TOK_NAME,
	GOCC_TOK_LITERAL,	/* number, character or string */
	GOCC_TOK_PUNCT,
};

struct gocc_tok {
	enum gocc_tok_kind kind;
	const char *spelling;	/* not terminated; a digraph as its twin */
	unsigned len;
	unsigned long pos;	/* the compiler's: offset or location */
};

struct gocc_tokens {
	/* The token i places after the word (i > 0) or before it (i < 0). */
	struct gocc_tok (*at)(void *ctx, int i);
	void *ctx;
	bool typedef_in_scope;	/* a typedef named like the word is */
};

enum gocc_go {
	GOCC_NOT_GO,		/* an identifier */
	GOCC_GO_STATEMENT,
	GOCC_GO_VALUE,		/* a go statement where a value is needed */
};

enum gocc_go gocc_keyword(const struct gocc_tokens *ts);

#ifdef __cplusplus
}
#endif

#endif
