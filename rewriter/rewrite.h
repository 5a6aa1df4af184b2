/*
 * rewrite.h - what the parts of gocc-rewrite share.
 *
 * The pipeline (main.c drives it):
 *   lex.c    raw tokens of the main file; which `go` words start a go
 *            statement; where each statement's callee and arguments are
 *   parse.c  libclang parses the file with each such `go` replaced by a
 *            same-length marker that expands to a unique label; finds the
 *            labelled calls and the top-level declaration around each
 *   types.c  spells a type so that it compiles at file scope
 *   emit.c   writes the output: the original bytes, each go statement
 *            turned into a __GOCC_GO(...) block, and per statement an
 *            argument struct and trampoline before its function
 */
#ifndef GOCC_REWRITE_H
#define GOCC_REWRITE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <clang-c/Index.h>

#include "gocc_abi.h"
#include "golex.h"
#include "gokeyword.h"

/* A `go` word that starts a go statement, by the keyword rule. */
struct site {
	unsigned go;		/* token index of `go` or of a macro spelling it */
	unsigned lparen;	/* the call's `(`; 0 if the call is not spelled out */
	unsigned rparen;	/* its `)` */
	bool wrap;		/* callee has a bare comma: parenthesize it */
	bool in_define;		/* in a #define body: always rewritten */
	bool used;		/* the parse found it: rewrite it */
	const char *misplaced;	/* why a go statement cannot be here */
};

/* Where `go` names a typedef, so `go x;` declares x: from the typedef to
 * the end of its block. */
struct range {
	unsigned from, to;
};

struct source {
	const char *path;	/* as given: diagnostics and #line name it */
	char *text;
	size_t len;
	struct golex_tok *toks;
	unsigned ntoks;
	struct site *sites;
	unsigned nsites;
	char marker[3];		/* the same-length stand-in for `go` */
	struct range *typedefs;
	unsigned ntypedefs;
};

/* One go statement the parse found. */
struct gostmt {
	unsigned k;		/* __COUNTER__ value: names its struct etc. */
	unsigned insert;	/* offset of its top-level declaration */
	unsigned insert_line;	/* presumed line and file at insert */
	char *insert_file;	/* (quoted for #line) */
	char *defs;		/* initializer macro, #line, then struct,
				   trampoline, funcval */
};

/* A struct, union or enum defined in the return type of a function with
 * go statements: its definition moves before the function, where the
 * argument structs may need it, and the function keeps `struct tag`. */
struct hoist {
	unsigned insert;	/* the function's start */
	unsigned from, body, to; /* the definition; its `{`; its end */
};

/* Text to insert at an offset (--preempt's safe points). */
struct insert {
	unsigned off;
	const char *text;	/* static */
};

struct parse {
	struct insert *inserts;
	unsigned ninserts;
	struct gostmt *stmts;
	unsigned nstmts;
	struct hoist *hoists;
	unsigned nhoists;
	int errors;
	char *msgs;		/* our own errors, printed after clang's */
	size_t msgslen;
};

/* lex.c */
void lex(struct source *src);
void find_sites(struct source *src);
unsigned block_end(const struct source *src, unsigned off);
/* Is token i `word`? */
bool tok_is(const struct source *src, unsigned i, const char *word);
/* The `)` matching the `(` at token i, or ntoks. */
unsigned match_paren(const struct source *src, unsigned i);
const struct site *site_at(const struct source *src, unsigned off);
bool fn_macro_named(const struct source *src, const struct golex_tok *t);

/* parse.c */
void parse(struct source *src, const char *const *args, int nargs,
	   bool preempt, struct parse *out);
CXCursor first_child(CXCursor c);

/* safepoint.c: --preempt's edits, into out->inserts */
void safepoints(CXTranslationUnit tu, CXFile file, const struct source *src,
		struct parse *out);

/* types.c */
bool spell_type(CXType t, bool exact, char **buf, size_t *len, const char **err);
bool variably_modified(CXType t);
bool variably_modified_arg(CXType t);

/* emit.c */
char *emit_defs(CXCursor call, const char *direct, unsigned k, const char *file,
		unsigned line, char **err);
bool write_output(const struct source *src, const struct parse *p,
		  const char *out);

/* main.c */
void read_file(struct source *src);
void verror_at(FILE *f, const char *file, unsigned line, unsigned col,
	       const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
void error_at(FILE *f, const char *file, unsigned line, unsigned col,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A growable string: appendf(&buf, &len, fmt, ...). */
void appendf(char **buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define PREAMBLE_MARK "/* gocc-rewrite output: go statements lowered to gocc_newproc */"

#endif
