/*
 * gocc_abi.h - what the compilers (the GCC plugin and gocc-rewrite) and
 * libgocc agree on: the call a go statement becomes, the names of what a
 * compiler generates for it, when the word `go` is the keyword, and the
 * check at a preemption safe point.
 * gocc.h includes it; compilers include it alone.
 *
 * The keyword
 *   `go` starts a go statement when the tokens around it say so; anywhere
 *   else it stays an identifier.  One implementation decides
 *   (common/gokeyword.c), for both compilers, on tokens, so comments,
 *   line splices and digraphs never matter.  In order:
 *     1. After `.`, `->`, `struct`, `union`, `enum`: a member or a tag.
 *            p->go(2);   struct go g;   s.go = 1;        identifier
 *     2. Where a typedef named go is in scope, `go x;` declares x.
 *     3. Followed by a name or a constant: a go statement.
 *            go worker(0);   go tbl[1](2);   go "x";      go statement
 *        (`go "x";` and `go x;` are go statements that the compiler
 *        then rejects: the operand must be a call.)
 *     4. Followed by `(`: a go statement only if the matching `)` is
 *        followed by `(`, `[`, `.` or `->`, so that the parenthesised part
 *        is the start of a callee, however long it is:
 *            go (*pp)->fn(a);   go (o).fn(1);   go (tab)[0](2);
 *            go (f)(x);                                   go statement
 *            go(1) + go (2);   int go(int x);             identifier
 *        A function named go whose result is called, indexed or selected
 *        at once (`go(x)(y)`, `go(x).f`) therefore needs `(go)(x)(y)`.
 *     5. Anything else (`go = 1`, `go;`, `go:`, `go,`): an identifier.
 *   A go statement is a statement: one whose value would be used
 *   (`int y = go f(1);`, `return go f(1);`, `x + go f(1)`) or one outside
 *   a function is an error "go statement ...".  A go written in a macro
 *   body or in a macro argument counts where it is written; `#define GO go`
 *   makes `GO f(x);` a go statement too.
 *   A statement expression that ends in a go statement,
 *   `({ go f(x); })`, has no value: it may stand only where its value is
 *   discarded.
 *
 * Where the front ends differ
 *   The GCC plugin lowers the call the compiler parsed; gocc-rewrite
 *   edits the text (the word and the call's `(`) and spells the argument
 *   types at file scope.  So, by decision (test/go/differences.c):
 *     - A callee that is a function-like macro, `go LOG("x")` with
 *       `#define LOG(s) say(s)`: the plugin starts the call the macro
 *       makes; gocc-rewrite says "the call in a go statement must be
 *       written out, not made by a macro".  Write the call out, or a
 *       macro whose body holds the whole go statement.
 *     - A struct or union declared inside the function, passed by value
 *       or named by the callee's type: the plugin takes it; gocc-rewrite
 *       says it is "declared inside the function" and does not hoist it
 *       to file scope (that would change what its tag means there and
 *       move what it depends on: local typedefs, enumerators, array
 *       sizes).  Declare it at file scope.
 *     - A macro that spells go needs a name of two characters or more
 *       for gocc-rewrite, whose parse puts a marker in its place.
 *     - The value of `({ go f(x); })` used: the plugin says "go statement
 *       cannot be used as a value"; under gocc-rewrite the expression is
 *       void, and clang says so.
 *     - A function GCC folds (`go abs(x);`, `go strlen("k");`) keeps its
 *       call in the plugin when it is named right after go, maybe in
 *       parentheses.  Compiling a file that is already preprocessed
 *       (-save-temps, a .i file), the plugin sees only the labels, GCC
 *       folds such a call, and the error is "expression in go must be
 *       function call".
 *
 * The call
 *   `go f(a, b);` becomes, with N unique in the translation unit,
 *
 *     struct __gocc_args_N { [fn;] a0; a1; } blk = { [f,] a, b };
 *     gocc_newproc(sizeof blk, &__gocc_fv_N, &blk);
 *
 *   evaluated in the caller (callee first, then the arguments left to
 *   right), and per statement
 *
 *     static void __gocc_tramp_N(void *p) {
 *         struct __gocc_args_N *a = p;  f(a->a0, a->a1);   // or a->fn(...)
 *     }
 *     static const gocc_funcval __gocc_fv_N = { __gocc_tramp_N };
 *
 *   Each aN has the type the argument has once converted for the call (its
 *   parameter's type, or the promoted type in a variadic part).  fn, of
 *   the callee's pointer type, is there only when the callee is not a
 *   function named directly: `go f(x)` stores x alone and the trampoline
 *   calls f by name; `go p->fn(x)` and `go tbl[i](x)` store the pointer.
 *   A block of size 0 may be passed as a null pointer.
 *
 *   gocc_newproc copies `siz` bytes from `args` onto the new goroutine's
 *   stack, at the top, aligned to GOCC_ARG_ALIGN bytes, and arranges that
 *   the goroutine starts in fv->fn(pointer to that copy) with the runtime's
 *   goexit as its return address (Go's newproc1/gostartcallfn).  The caller
 *   may reuse its argument block as soon as the call returns.  A block
 *   larger than a quarter of the stack is a fatal error naming the size.
 *   A trampoline whose block needs an alignment above GOCC_ARG_ALIGN
 *   copies it into an aligned local first.  The new goroutine is queued on
 *   the current P's runnext slot and an idle P is woken if there is one.
 */
#ifndef GOCC_ABI_H
#define GOCC_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gocc_funcval {
	void (*fn)(void *args);
} gocc_funcval;

#define GOCC_ARG_ALIGN 64

#pragma GCC visibility push(default)
void gocc_newproc(uint32_t siz, const gocc_funcval *fv, const void *args);

/* A safe point (gocc.h, "Preemption"): the plugin builds the same check
 * in GIMPLE, gocc-rewrite --preempt writes this macro.  The flag is the
 * thread's, set by the runtime's monitor thread; initial-exec, since
 * libgocc is linked into the program. */
extern __thread volatile unsigned char gocc_preemptflag
	__attribute__((tls_model("initial-exec")));
void gocc_preempt(void) __attribute__((cold));
#define GOCC_SAFEPOINT()						\
	(__builtin_expect(gocc_preemptflag, 0) ? gocc_preempt() : (void)0)
#pragma GCC visibility pop
#define GOCC_PREEMPTFLAG_NAME "gocc_preemptflag"
#define GOCC_PREEMPT_NAME "gocc_preempt"

/* Names a compiler generates, N appended.  The keyword expands to a label
 * unique in the translation unit, so the lowering finds the statement
 * after it; __COUNTER__ is expanded (two levels) before ## pastes it. */
#define GOCC_LABEL_PREFIX "__gocc_go_"
#define GOCC_ARGS_PREFIX "__gocc_args_"
#define GOCC_TRAMP_PREFIX "__gocc_tramp_"
#define GOCC_FV_PREFIX "__gocc_fv_"
/* Macro definitions, as -D takes them, that every compiler makes. */
#define GOCC_DEFINE_GOCC "__GOCC__=1"
#define GOCC_DEFINE_LABEL2 \
	"__GOCC_GO_LABEL2(n)=" GOCC_LABEL_PREFIX "##n: __attribute__((__unused__))"
#define GOCC_DEFINE_LABEL "__GOCC_GO_LABEL(n)=__GOCC_GO_LABEL2(n)"
/* What the keyword expands to: `-D` NAME "=" GOCC_KEYWORD_EXPANSION. */
#define GOCC_KEYWORD_EXPANSION "__GOCC_GO_LABEL(__COUNTER__)"

#ifdef __cplusplus
}
#endif

#endif
