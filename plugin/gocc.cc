/*
 * gocc.cc - the GCC plugin that gives C Go's `go f(a, b);` statement.
 *
 * Two steps, one per compiler stage:
 *
 *   The keyword.  `go` is defined as a conditional macro: libcpp asks
 *   go_macro_to_expand before each expansion, and we expand only where `go`
 *   starts a go statement, into a label no program can write,
 *   `__gocc_go_N: __attribute__((unused))`.  Everywhere else `go` stays an
 *   identifier.  Doing this in the preprocessor means `gcc -E` and
 *   -save-temps see the same expansions.
 *
 *   The lowering.  Before each function is genericized, every statement
 *   that follows such a label becomes (the ABI in include/gocc.h)
 *
 *       { struct __gocc_args_N blk = { f, a, b };
 *         gocc_newproc (sizeof blk, &__gocc_fv_N, &blk); }
 *
 *   and the statement's own call moves into the trampoline
 *   __gocc_tramp_N (void *p), which unpacks the block and makes it.  A
 *   direct callee is called by name, so it is not stored in the block.
 *
 * A translation unit without go statements is compiled exactly as without
 * the plugin: nothing here runs after parsing unless a label was made.
 *
 * Use: gcc -fplugin=PREFIX/lib/gocc/gocc.so (or -fplugin=gocc once it is
 * installed in `gcc -print-file-name=plugin`) prog.c -lgocc -lpthread.
 * -fplugin-arg-gocc-keyword=NAME spells the keyword NAME; an empty NAME
 * turns it off.  __GOCC__ is defined either way.  Preemption's safe points
 * are safepoint.cc's (-fplugin-arg-gocc-preempt=all|off).
 */
#include "gcc-plugin.h"
#include "plugin-version.h"

#include "tree.h"
#include "c-family/c-common.h"
#include "c-family/c-pragma.h"
#include "tree-iterator.h"
#include "stringpool.h"
#include "attribs.h"
#include "stor-layout.h"
#include "fold-const.h"
#include "function.h"
#include "cgraph.h"
#include "tree-nested.h"
#include "toplev.h"
#include "langhooks.h"
#include "diagnostic-core.h"
#include "input.h"
#include "safe-ctype.h"

#include "gocc_abi.h"
#include "golex.h"
#include "gokeyword.h"
#include "safepoint.h"

int plugin_is_GPL_compatible;

/* The C front end and libcpp are linked into cc1 but not into lto1, which
 * loads the plugin too under -flto; weak references let it load there. */
extern cpp_reader *parse_in __attribute__((weak));
extern tree lookup_name (tree) __attribute__((weak));
extern bool reject_gcc_builtin (const_tree, location_t) __attribute__((weak));
extern cpp_hashnode *cpp_lookup (cpp_reader *, const unsigned char *,
				 unsigned int) __attribute__((weak));
extern void cpp_define (cpp_reader *, const char *) __attribute__((weak));
extern cpp_callbacks *cpp_get_callbacks (cpp_reader *) __attribute__((weak));
extern cpp_options *cpp_get_options (cpp_reader *) __attribute__((weak));
extern const cpp_token *cpp_peek_token (cpp_reader *, int)
	__attribute__((weak));
extern const char *cpp_type2name (enum cpp_ttype, unsigned char)
	__attribute__((weak));

/* How far after the keyword we lex ahead.  libcpp keeps looked-at tokens
 * in its current token run (250 tokens, refilled per line), and
 * _cpp_temp_token, run for every expansion, moves them there as if they
 * fit: more overruns the heap.  So when the rule needs the token after a
 * `)` further away, `go` expands to PAREN, a function-like macro that
 * takes the parenthesis as its argument (collected with no limit) and
 * gives DECIDE (ARG).  DECIDE is conditional like the keyword: when it is
 * asked about, the argument's tokens are in libcpp's macro context, so
 * the rule reads them and the token after them without lexing ahead, and
 * DECIDE expands to the keyword's label, or to `(go)` where go is a
 * function: `go(x)` and `(go)(x)` call it alike. */
#define PEEK_LIMIT 128
#define PAREN "__GOCC_GO_PAREN"
#define DECIDE "__GOCC_GO_DECIDE"
#define WORD "__GOCC_GO_WORD"

/* What a go where none can be expands to, after its error. */
#define NOTHING "__GOCC_GO_NOTHING"

static const char *keyword = "go";
static cpp_hashnode *keyword_node, *decide_node;
static cpp_hashnode *(*next_macro_to_expand) (cpp_reader *, const cpp_token *);
static bool expanded;		/* a go statement was seen */
static unsigned ngo;		/* names trampolines and funcvals */
static tree newproc_fallback;	/* gocc_newproc when gocc.h was not seen */

static const struct ggc_root_tab roots[] = {
	{ &newproc_fallback, 1, sizeof newproc_fallback,
	  &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* ---- the keyword ------------------------------------------------------ */

/* Files the keyword was spelled in, lexed: libcpp keeps no tokens before
 * the one it asks about, so the keyword rule reads those from here. */
struct lexed_file {
	const char *name;
	char *text;
	size_t len;
	struct golex_tok *toks;
	unsigned ntoks;
	struct lexed_file *next;
};
static struct lexed_file *lexed_files;

static struct lexed_file *
lexed (const char *name)
{
	struct lexed_file *f;
	for (f = lexed_files; f; f = f->next)
		if (!strcmp (f->name, name))
			return f;
	f = XCNEW (struct lexed_file);
	f->name = xstrdup (name);
	f->next = lexed_files;
	lexed_files = f;
	FILE *in = fopen (name, "rb");
	if (!in)
		return f;
	size_t cap = 1 << 16, n;
	f->text = XNEWVEC (char, cap);
	while ((n = fread (f->text + f->len, 1, cap - f->len, in)) > 0)
		if ((f->len += n) == cap)
			f->text = XRESIZEVEC (char, f->text, cap *= 2);
	fclose (in);
	if (!golex (f->text, f->len, &f->toks, &f->ntoks))
		f->ntoks = 0;
	return f;
}

/* The token spelled at loc in its file, or ntoks. */
static unsigned
token_at (struct lexed_file *f, location_t loc)
{
	expanded_location x = expand_location (loc);
	size_t off = 0;
	for (int line = 1; line < x.line && off < f->len; off++)
		line += f->text[off] == '\n';
	off += x.column - 1;
	unsigned lo = 0, hi = f->ntoks;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (f->toks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->ntoks && f->toks[lo].off == off ? lo : f->ntoks;
}

/* The keyword rule's view of the tokens around a `go` libcpp asks about:
 * after it from libcpp (so macro expansions count), before it from where
 * it was spelled. */
struct around {
	cpp_reader *r;
	location_t loc;		/* the word's */
	int peeked, sig;	/* libcpp's index of the sig-th token after */
	int limit;		/* how far after the word we may look */
	bool too_far;		/* asked for more than that */
	struct lexed_file *file;
	unsigned at;		/* the word in file->toks, or file->ntoks */
};

/* Words whose verdict waits for DECIDE, innermost last: a parenthesis
 * may hold another. */
static vec<around> deferred;

static gocc_tok
libcpp_token (const cpp_token *t)
{
	gocc_tok g = { GOCC_TOK_PUNCT, "", 0, t->src_loc };
	switch (t->type) {
	case CPP_EOF: case CPP_PRAGMA: case CPP_PRAGMA_EOL:
		g.kind = GOCC_TOK_END;
		return g;
	case CPP_NAME:
		g.kind = GOCC_TOK_NAME;
		g.spelling = (const char *) NODE_NAME (t->val.node.node);
		g.len = NODE_LEN (t->val.node.node);
		return g;
	case CPP_NUMBER:
	case CPP_CHAR: case CPP_WCHAR: case CPP_CHAR16: case CPP_CHAR32:
	case CPP_UTF8CHAR:
	case CPP_STRING: case CPP_WSTRING: case CPP_STRING16:
	case CPP_STRING32: case CPP_UTF8STRING:
		g.kind = GOCC_TOK_LITERAL;
		g.spelling = "0";
		g.len = 1;
		return g;
	/* The punctuators the rule looks for after the word; digraphs have
	 * their twins' types.  (cpp_token_as_text would allocate from the
	 * buffer the lexer is filling.) */
	case CPP_OPEN_PAREN: g.spelling = "("; break;
	case CPP_CLOSE_PAREN: g.spelling = ")"; break;
	case CPP_OPEN_SQUARE: g.spelling = "["; break;
	case CPP_CLOSE_SQUARE: g.spelling = "]"; break;
	case CPP_OPEN_BRACE: g.spelling = "{"; break;
	case CPP_CLOSE_BRACE: g.spelling = "}"; break;
	case CPP_DOT: g.spelling = "."; break;
	case CPP_DEREF: g.spelling = "->"; break;
	default: g.spelling = cpp_type2name (t->type, t->flags); break;
	}
	g.len = strlen (g.spelling);
	return g;
}

static gocc_tok
around_at (void *ctx, int i)
{
	struct around *a = (struct around *) ctx;
	if (i < 0) {
		unsigned j = a->at;
		struct lexed_file *f = a->file;
		for (; i < 0 && j < f->ntoks; i++)
			j = golex_prev (f->toks, f->ntoks, j);
		if (j >= f->ntoks)
			return (gocc_tok) { GOCC_TOK_END, "", 0, 0 };
		return golex_token (f->text, &f->toks[j]);
	}
	/* Forward, in order: restart only when asked for an earlier one. */
	if (i <= a->sig)
		a->peeked = a->sig = 0;
	if (i > a->limit) {
		a->too_far = true;
		return (gocc_tok) { GOCC_TOK_END, "", 0, 0 };
	}
	const cpp_token *t;
	do {
		do
			t = cpp_peek_token (a->r, a->peeked++);
		while (t->type == CPP_PADDING);
		a->sig++;
	} while (a->sig < i && t->type != CPP_EOF && t->type != CPP_PRAGMA);
	return libcpp_token (t);
}

static bool
go_is_typedef (struct around *a)
{
	if (flag_preprocess_only)
		return a->at < a->file->ntoks
		       && golex_typedef_in_scope (a->file->text, a->file->toks,
						  a->file->ntoks, a->at);
	tree id = HT_IDENT_TO_GCC_IDENT (HT_NODE (keyword_node));
	tree decl = lookup_name (id);
	return decl && TREE_CODE (decl) == TYPE_DECL;
}

static enum gocc_go
classify (struct around *a)
{
	a->peeked = a->sig = 0;
	a->too_far = false;
	gocc_tokens ts = { around_at, a, go_is_typedef (a) };
	return gocc_keyword (&ts);
}

static cpp_hashnode *
node_named (cpp_reader *r, const char *name)
{
	return cpp_lookup (r, (const unsigned char *) name, strlen (name));
}

/* Functions GCC knows whose built-in class is cleared for now. */
struct unfolded {
	tree decl;
	built_in_class cls;
	unsigned code;
};
static vec<unfolded> unfolded_fns;

/* Is token i after the word a punctuator spelled p? */
static bool
punct_at (struct around *a, int i, const char *p)
{
	gocc_tok t = around_at (a, i);
	return t.kind == GOCC_TOK_PUNCT && !strcmp (t.spelling, p);
}

/* A function GCC knows, named right after the word, maybe in parentheses
 * (`go abs(x);`, `go (abs)(x);`).  The C front end folds a call of one
 * once the statement is parsed (c_fully_fold), to ABS_EXPR or a constant,
 * and the lowering would find no call.  Its built-in class is cleared until the function is lowered
 * (refold), so the call stays a call; other calls of it in that function
 * are then folded by the optimizers, not by the front end.  False, after
 * the error, for one without an address (__builtin_expect). */
static bool
unfold_callee (struct around *a)
{
	int parens = 0;
	while (punct_at (a, 1 + parens, "("))
		parens++;
	gocc_tok name = around_at (a, 1 + parens);
	if (name.kind != GOCC_TOK_NAME)
		return true;
	for (int i = 0; i < parens; i++)
		if (!punct_at (a, 2 + parens + i, ")"))
			return true;
	if (!punct_at (a, 2 + 2 * parens, "("))
		return true;
	cpp_hashnode *node = cpp_lookup (a->r, (const unsigned char *) name.spelling,
					 name.len);
	if (cpp_macro_p (node))
		return true;
	tree decl = lookup_name (HT_IDENT_TO_GCC_IDENT (HT_NODE (node)));
	if (!decl || TREE_CODE (decl) != FUNCTION_DECL || !fndecl_built_in_p (decl))
		return true;
	if (reject_gcc_builtin (decl, a->loc))
		return false;
	unfolded u = { decl, DECL_BUILT_IN_CLASS (decl),
		       DECL_UNCHECKED_FUNCTION_CODE (decl) };
	unfolded_fns.safe_push (u);
	set_decl_built_in_function (decl, NOT_BUILT_IN, 0);
	return true;
}

static void
refold (void)
{
	for (unfolded &u : unfolded_fns)
		set_decl_built_in_function (u.decl, u.cls, u.code);
	unfolded_fns.truncate (0);
}

/* What the word expands to where the rule says v, other than an
 * identifier: the label, or after an error nothing. */
static cpp_hashnode *
go_statement (struct around *a, enum gocc_go v)
{
	const char *misplaced = NULL;
	if (v == GOCC_GO_VALUE)
		misplaced = "go statement cannot be used as a value";
	else if (!flag_preprocess_only && !current_function_decl)
		misplaced = "go statement outside a function";
	if (misplaced)
		error_at (a->loc, misplaced);
	if (misplaced || (!flag_preprocess_only && !unfold_callee (a)))
		return node_named (a->r, NOTHING);
	expanded = true;
	return keyword_node;
}

static cpp_hashnode *
go_macro_to_expand (cpp_reader *r, const cpp_token *tok)
{
	if (tok->val.node.node == decide_node) {
		if (deferred.is_empty ())	/* a program spelled it */
			return NULL;
		struct around a = deferred.pop ();
		a.limit = INT_MAX;	/* up to `)` the tokens are in memory */
		enum gocc_go v = classify (&a);
		return v == GOCC_NOT_GO ? node_named (r, WORD) : go_statement (&a, v);
	}
	if (tok->val.node.node != keyword_node)
		return next_macro_to_expand ? next_macro_to_expand (r, tok) : NULL;
	struct around a = {};
	a.r = r;
	a.loc = tok->src_loc;
	a.limit = PEEK_LIMIT;
	location_t spelled = linemap_resolve_location (line_table, tok->src_loc,
						       LRK_SPELLING_LOCATION, NULL);
	const char *file = LOCATION_FILE (spelled);
	a.file = lexed (file ? file : "");
	a.at = token_at (a.file, spelled);
	enum gocc_go v = classify (&a);
	if (v == GOCC_NOT_GO && a.too_far) {
		deferred.safe_push (a);
		return node_named (r, PAREN);
	}
	return v == GOCC_NOT_GO ? NULL : go_statement (&a, v);
}

/* PLUGIN_PRAGMAS runs once libcpp is set up, also under -E. */
static void
define_keyword (void *, void *)
{
	/* A .i file already holds the expansions, and so maybe labels. */
	if (cpp_get_options (parse_in)->preprocessed) {
		expanded = true;
		return;
	}
	cpp_define (parse_in, GOCC_DEFINE_GOCC);
	if (!*keyword)
		return;
	cpp_define (parse_in, GOCC_DEFINE_LABEL2);
	cpp_define (parse_in, GOCC_DEFINE_LABEL);
	cpp_define (parse_in, NOTHING "=");
	cpp_define (parse_in, PAREN "(...)=" DECIDE "(__VA_ARGS__)");
	cpp_define (parse_in, DECIDE "=");
	char *def = concat (WORD "=(", keyword, ")", NULL);
	cpp_define (parse_in, def);
	free (def);
	def = concat (keyword, "=" GOCC_KEYWORD_EXPANSION, NULL);
	cpp_define (parse_in, def);
	free (def);

	keyword_node = node_named (parse_in, keyword);
	keyword_node->flags |= NODE_CONDITIONAL;
	decide_node = node_named (parse_in, DECIDE);
	decide_node->flags |= NODE_CONDITIONAL;
	cpp_callbacks *cb = cpp_get_callbacks (parse_in);
	next_macro_to_expand = cb->macro_to_expand;
	cb->macro_to_expand = go_macro_to_expand;
}

/* ---- the lowering ----------------------------------------------------- */

/* What one go statement turns into. */
struct go_stmt {
	location_t loc;		/* the keyword: where errors point */
	location_t callloc;	/* the call: the line the code gets */
	tree call;		/* the CALL_EXPR */
	tree callee;		/* a FUNCTION_DECL called directly, or NULL */
	tree rec;		/* the argument block's type: fn if not
				   direct, then one field per argument */
	tree fnfield;		/* the callee pointer, if not direct */
};

/* The first argument's field. */
static tree
first_arg_field (go_stmt *g)
{
	tree f = TYPE_FIELDS (g->rec);
	return g->fnfield ? DECL_CHAIN (f) : f;
}

/* An identifier "PREFIX_N" for the current go statement. */
static tree
numbered_id (const char *prefix)
{
	char name[32];
	snprintf (name, sizeof name, "%s%u", prefix, ngo);
	return get_identifier (name);
}

static tree
make_field (tree rec, const char *name, tree type, tree *chain)
{
	tree f = build_decl (BUILTINS_LOCATION, FIELD_DECL,
			     get_identifier (name), TYPE_MAIN_VARIANT (type));
	DECL_CONTEXT (f) = rec;
	*chain = f;
	return f;
}

static bool
build_record (go_stmt *g)
{
	g->rec = make_node (RECORD_TYPE);
	TYPE_NAME (g->rec) = numbered_id (GOCC_ARGS_PREFIX);
	tree *chain = &TYPE_FIELDS (g->rec);
	if (!g->callee) {
		g->fnfield = make_field (g->rec, "fn",
					 TREE_TYPE (CALL_EXPR_FN (g->call)), chain);
		chain = &DECL_CHAIN (*chain);
	}
	for (int i = 0; i < call_expr_nargs (g->call); i++) {
		char name[16];
		snprintf (name, sizeof name, "a%d", i);
		make_field (g->rec, name, TREE_TYPE (CALL_EXPR_ARG (g->call, i)),
			    chain);
		chain = &DECL_CHAIN (*chain);
	}
	for (tree f = TYPE_FIELDS (g->rec); f; f = DECL_CHAIN (f))
		if (variably_modified_type_p (TREE_TYPE (f), NULL_TREE)) {
			error_at (g->loc, "go statement passes a value of "
				  "variably modified type %qT", TREE_TYPE (f));
			return false;
		}
	/* The padding is ours, not the program's: no -Wpadded. */
	int padded = warn_padded;
	warn_padded = 0;
	layout_type (g->rec);
	warn_padded = padded;
	tree size = TYPE_SIZE_UNIT (g->rec);
	if (!tree_fits_uhwi_p (size) || tree_to_uhwi (size) > 0xffffffffu) {
		error_at (g->loc, "go statement arguments take %E bytes; "
			  "%<gocc_newproc%> takes at most 4 GiB", size);
		return false;
	}
	return true;
}

static tree
field_ref (tree obj, tree field)
{
	return build3 (COMPONENT_REF, TREE_TYPE (field), obj, field, NULL_TREE);
}

static tree
build_var (location_t loc, tree id, tree type, tree context)
{
	tree v = build_decl (loc, VAR_DECL, id, type);
	DECL_ARTIFICIAL (v) = 1;
	DECL_IGNORED_P (v) = 1;
	DECL_CONTEXT (v) = context;
	TREE_USED (v) = 1;
	return v;
}

/* The trampoline's body: the call, from the copy the runtime made at p.
 * A block aligned above what the runtime gives is first copied into an
 * aligned local. */
static tree
trampoline_body (go_stmt *g, tree fn, tree p, tree block)
{
	tree body = alloc_stmt_list ();
	bool overaligned = TYPE_ALIGN_UNIT (g->rec) > GOCC_ARG_ALIGN;
	tree type = overaligned
		? build_aligned_type (g->rec, GOCC_ARG_ALIGN * BITS_PER_UNIT)
		: g->rec;
	tree obj = build1 (INDIRECT_REF, type,
			   fold_convert (build_pointer_type (type), p));
	if (overaligned) {
		tree copy = build_var (g->callloc, get_identifier ("blk"), g->rec, fn);
		BLOCK_VARS (block) = copy;
		tree set = build2 (MODIFY_EXPR, g->rec, copy, obj);
		TREE_SIDE_EFFECTS (set) = 1;
		append_to_statement_list (set, &body);
		obj = copy;
	}
	tree callee = g->callee ? build_fold_addr_expr (g->callee)
		: field_ref (obj, g->fnfield);
	int n = call_expr_nargs (g->call);
	tree *args = XALLOCAVEC (tree, n);
	tree f = first_arg_field (g);
	for (int i = 0; i < n; i++, f = DECL_CHAIN (f))
		args[i] = field_ref (obj, f);
	tree call = build_call_array_loc (g->callloc, TREE_TYPE (g->call),
					  callee, n, args);
	append_to_statement_list (call, &body);
	tree bind = build3 (BIND_EXPR, void_type_node, BLOCK_VARS (block),
			    body, block);
	TREE_SIDE_EFFECTS (bind) = 1;
	return bind;
}

/* static void __gocc_tramp_N (void *p), finalized for the call graph. */
static tree
build_trampoline (go_stmt *g, tree caller)
{
	tree type = build_function_type_list (void_type_node, ptr_type_node,
					      NULL_TREE);
	tree fn = build_decl (g->callloc, FUNCTION_DECL,
			      numbered_id (GOCC_TRAMP_PREFIX), type);
	/* Not DECL_IGNORED_P: gdb shows the trampoline in a backtrace. */
	TREE_STATIC (fn) = 1;
	DECL_ARTIFICIAL (fn) = 1;
	TREE_USED (fn) = 1;
	TREE_ADDRESSABLE (fn) = 1;
	/* A vector argument is passed as the caller's target options say. */
	DECL_FUNCTION_SPECIFIC_TARGET (fn) = DECL_FUNCTION_SPECIFIC_TARGET (caller);
	DECL_FUNCTION_SPECIFIC_OPTIMIZATION (fn)
		= DECL_FUNCTION_SPECIFIC_OPTIMIZATION (caller);

	tree result = build_decl (g->callloc, RESULT_DECL, NULL_TREE,
				  void_type_node);
	DECL_ARTIFICIAL (result) = 1;
	DECL_IGNORED_P (result) = 1;
	DECL_CONTEXT (result) = fn;
	DECL_RESULT (fn) = result;

	tree p = build_decl (g->callloc, PARM_DECL, get_identifier ("p"),
			     ptr_type_node);
	DECL_ARG_TYPE (p) = ptr_type_node;
	DECL_ARTIFICIAL (p) = 1;
	DECL_CONTEXT (p) = fn;
	TREE_USED (p) = 1;
	DECL_ARGUMENTS (fn) = p;

	tree block = make_node (BLOCK);
	BLOCK_SUPERCONTEXT (block) = fn;
	TREE_USED (block) = 1;
	DECL_INITIAL (fn) = block;
	DECL_SAVED_TREE (fn) = trampoline_body (g, fn, p, block);

	push_struct_function (fn);
	cfun->function_start_locus = g->callloc;
	cfun->function_end_locus = g->callloc;
	pop_cfun ();
	cgraph_node::finalize_function (fn, true);
	return fn;
}

/* static const gocc_funcval __gocc_fv_N = { __gocc_tramp_N };  The funcval
 * is one function pointer, so a variable of that pointer type is it. */
static tree
build_funcval (go_stmt *g, tree tramp)
{
	tree type = build_pointer_type (TREE_TYPE (tramp));
	tree fv = build_var (g->callloc, numbered_id (GOCC_FV_PREFIX), type,
			     NULL_TREE);
	TREE_STATIC (fv) = 1;
	TREE_READONLY (fv) = 1;
	TREE_ADDRESSABLE (fv) = 1;
	DECL_INITIAL (fv) = build1 (ADDR_EXPR, type, tramp);
	rest_of_decl_compilation (fv, 1, 0);
	return fv;
}

/* gocc.h's declaration if the program included it, else our own. */
static tree
newproc_decl (void)
{
	tree id = get_identifier ("gocc_newproc");
	tree d = lookup_name (id);
	if (d && TREE_CODE (d) == FUNCTION_DECL && prototype_p (TREE_TYPE (d))
	    && list_length (TYPE_ARG_TYPES (TREE_TYPE (d))) == 4)
		return d;
	if (!newproc_fallback) {
		tree cptr = build_pointer_type (build_qualified_type (
			void_type_node, TYPE_QUAL_CONST));
		tree type = build_function_type_list (void_type_node,
			unsigned_type_node, cptr, cptr, NULL_TREE);
		newproc_fallback = build_fn_decl ("gocc_newproc", type);
	}
	return newproc_fallback;
}

static void
store (go_stmt *g, tree blk, tree field, tree value, tree *body)
{
	tree set = build2_loc (g->callloc, MODIFY_EXPR, TREE_TYPE (field),
			       field_ref (blk, field), value);
	TREE_SIDE_EFFECTS (set) = 1;
	append_to_statement_list (set, body);
}

/* The caller's side: fill a block, hand it to gocc_newproc. */
static tree
build_spawn (go_stmt *g, tree caller, tree fv)
{
	tree newproc = newproc_decl ();
	tree parms = TYPE_ARG_TYPES (TREE_TYPE (newproc));
	tree body = alloc_stmt_list ();
	tree blk = build_var (g->callloc, get_identifier ("__gocc_blk"), g->rec,
			      caller);
	TREE_ADDRESSABLE (blk) = 1;

	/* C's order: the callee, then the arguments left to right. */
	if (g->fnfield)
		store (g, blk, g->fnfield, CALL_EXPR_FN (g->call), &body);
	tree f = first_arg_field (g);
	for (int i = 0; i < call_expr_nargs (g->call); i++, f = DECL_CHAIN (f))
		store (g, blk, f, CALL_EXPR_ARG (g->call, i), &body);

	bool empty = integer_zerop (TYPE_SIZE_UNIT (g->rec));
	tree siz = fold_convert (TREE_VALUE (parms), TYPE_SIZE_UNIT (g->rec));
	tree fvp = fold_convert (TREE_VALUE (TREE_CHAIN (parms)),
				 build_fold_addr_expr (fv));
	tree argp = fold_convert (TREE_VALUE (TREE_CHAIN (TREE_CHAIN (parms))),
				  empty ? null_pointer_node
				  : build_fold_addr_expr (blk));
	append_to_statement_list (build_call_expr_loc (g->callloc, newproc, 3,
						       siz, fvp, argp), &body);
	/* Declared even when empty: an empty struct argument still stores
	 * into it. */
	tree bind = build3 (BIND_EXPR, void_type_node, blk, body, NULL_TREE);
	TREE_SIDE_EFFECTS (bind) = 1;
	return bind;
}

/* `tmp = call`: what the C front end makes of the last statement of a
 * statement expression, ({ go f(x); }), to give the expression f's value
 * (c_finish_stmt_expr).  The call alone is the go statement; tmp is left
 * unset, and find_go rejects a use of the expression's value. */
static bool
is_stmt_expr_value (tree stmt)
{
	return TREE_CODE (stmt) == MODIFY_EXPR && VOID_TYPE_P (TREE_TYPE (stmt))
	       && VAR_P (TREE_OPERAND (stmt, 0))
	       && DECL_ARTIFICIAL (TREE_OPERAND (stmt, 0))
	       && TREE_CODE (TREE_OPERAND (stmt, 1)) == CALL_EXPR;
}

/* Check the statement after a go label; on success fill g's callee. */
static bool
check_go (go_stmt *g, tree stmt)
{
	if (is_stmt_expr_value (stmt))
		stmt = TREE_OPERAND (stmt, 1);
	if (TREE_CODE (stmt) != CALL_EXPR || !CALL_EXPR_FN (stmt)) {
		error_at (g->loc, "expression in go must be function call");
		return false;
	}
	g->call = stmt;
	g->callloc = EXPR_HAS_LOCATION (stmt) ? EXPR_LOCATION (stmt) : g->loc;
	tree fn = CALL_EXPR_FN (stmt);
	if (TREE_CODE (fn) != ADDR_EXPR
	    || TREE_CODE (TREE_OPERAND (fn, 0)) != FUNCTION_DECL)
		return true;
	if (reject_gcc_builtin (fn, g->loc))
		return false;
	g->callee = TREE_OPERAND (fn, 0);
	if (decl_function_context (g->callee)) {
		error_at (g->loc, "go statement calls a nested function; its "
			  "frame may be gone when the goroutine runs");
		return false;
	}
	return true;
}

static bool
is_go_label (tree stmt)
{
	if (TREE_CODE (stmt) != LABEL_EXPR)
		return false;
	tree name = DECL_NAME (LABEL_EXPR_LABEL (stmt));
	return name && !strncmp (IDENTIFIER_POINTER (name), GOCC_LABEL_PREFIX,
				 sizeof GOCC_LABEL_PREFIX - 1);
}

/* Where the keyword of a go label was written (outside any macro). */
static location_t
keyword_location (tree label)
{
	return linemap_resolve_location (line_table,
					 DECL_SOURCE_LOCATION (LABEL_EXPR_LABEL (label)),
					 LRK_MACRO_EXPANSION_POINT, NULL);
}

/* *i is a go label: remove it and lower the statement after it. */
static void
lower_go (tree_stmt_iterator *i, tree caller)
{
	go_stmt g = {};
	g.loc = keyword_location (tsi_stmt (*i));
	DECL_IGNORED_P (LABEL_EXPR_LABEL (tsi_stmt (*i))) = 1;
	tsi_delink (i);
	while (!tsi_end_p (*i) && TREE_CODE (tsi_stmt (*i)) == DEBUG_BEGIN_STMT)
		tsi_next (i);
	if (tsi_end_p (*i) || !check_go (&g, tsi_stmt (*i)))
		return;
	if (build_record (&g)) {
		tree tramp = build_trampoline (&g, caller);
		*tsi_stmt_ptr (*i) = build_spawn (&g, caller,
						  build_funcval (&g, tramp));
		ngo++;
	}
}

/* The go label of a statement expression that ends in a go statement
 * (is_stmt_expr_value), or NULL. */
static tree
stmt_expr_go (tree t)
{
	if (TREE_CODE (t) != TARGET_EXPR
	    || TREE_CODE (TARGET_EXPR_INITIAL (t)) != BIND_EXPR
	    || TREE_CODE (BIND_EXPR_BODY (TARGET_EXPR_INITIAL (t))) != STATEMENT_LIST)
		return NULL_TREE;
	tree_stmt_iterator i = tsi_last (BIND_EXPR_BODY (TARGET_EXPR_INITIAL (t)));
	if (tsi_end_p (i) || !is_stmt_expr_value (tsi_stmt (i))
	    || TREE_OPERAND (tsi_stmt (i), 0) != TARGET_EXPR_SLOT (t))
		return NULL_TREE;
	do
		tsi_prev (&i);
	while (!tsi_end_p (i) && TREE_CODE (tsi_stmt (i)) == DEBUG_BEGIN_STMT);
	return !tsi_end_p (i) && is_go_label (tsi_stmt (i)) ? tsi_stmt (i) : NULL_TREE;
}

struct walk {
	tree caller;
	hash_set<tree> statements;	/* trees whose value is discarded */
};

/* Is the value of expression t not used? */
static bool
discarded (walk *w, tree t)
{
	return VOID_TYPE_P (TREE_TYPE (t)) || w->statements.contains (t);
}

/* t (if any) is a statement. */
static void
statement (walk *w, tree t)
{
	if (t)
		w->statements.add (t);
}

/* Mark the operands of t that are statements, whose value is not used:
 * where a statement expression may end in a go statement.  An operand
 * that gives a statement its value is one too (`a, SPAWN(1);`). */
static void
mark_statements (walk *w, tree t)
{
	switch (TREE_CODE (t)) {
	case STATEMENT_LIST:
		for (tree_stmt_iterator i = tsi_start (t); !tsi_end_p (i); tsi_next (&i))
			statement (w, tsi_stmt (i));
		break;
	case BIND_EXPR:
		statement (w, BIND_EXPR_BODY (t));
		break;
	case COND_EXPR:
		if (discarded (w, t)) {
			statement (w, TREE_OPERAND (t, 1));
			statement (w, TREE_OPERAND (t, 2));
		}
		break;
	case COMPOUND_EXPR:
		statement (w, TREE_OPERAND (t, 0));
		if (discarded (w, t))
			statement (w, TREE_OPERAND (t, 1));
		break;
	CASE_CONVERT:
		if (discarded (w, t))
			statement (w, TREE_OPERAND (t, 0));
		break;
	case WHILE_STMT:
		statement (w, WHILE_BODY (t));
		break;
	case DO_STMT:
		statement (w, DO_BODY (t));
		break;
	case FOR_STMT:
		statement (w, FOR_BODY (t));
		statement (w, FOR_EXPR (t));
		break;
	case SWITCH_STMT:
		statement (w, SWITCH_STMT_BODY (t));
		break;
	default:
		break;
	}
}

static tree
find_go (tree *tp, int *walk_subtrees, void *data)
{
	walk *w = (walk *) data;
	if (TYPE_P (*tp)) {
		*walk_subtrees = 0;
		return NULL_TREE;
	}
	mark_statements (w, *tp);
	tree label = stmt_expr_go (*tp);
	if (label && !w->statements.contains (*tp))
		error_at (keyword_location (label),
			  "go statement cannot be used as a value");
	if (TREE_CODE (*tp) == STATEMENT_LIST) {
		for (tree_stmt_iterator i = tsi_start (*tp); !tsi_end_p (i);)
			if (is_go_label (tsi_stmt (i)))
				lower_go (&i, w->caller);
			else
				tsi_next (&i);
	}
	return NULL_TREE;
}

static void
lower_function (tree fndecl)
{
	walk w;
	w.caller = fndecl;
	walk_tree_without_duplicates (&DECL_SAVED_TREE (fndecl), find_go, &w);
	/* Nested functions are genericized with their parent. */
	cgraph_node *node = cgraph_node::get (fndecl);
	for (cgraph_node *n = node ? first_nested_function (node) : NULL; n;
	     n = next_nested_function (n))
		lower_function (n->decl);
}

/* PLUGIN_PRE_GENERICIZE: once a go statement has been seen.  After an
 * error the trees may be incomplete; the compilation fails anyway. */
static void
lower_gos (void *gcc_data, void *)
{
	refold ();
	if (expanded && !seen_error ())
		lower_function ((tree) gcc_data);
}

/* ---- thread-local values ---------------------------------------------- */

/* A goroutine may resume on another thread after any call that parks, but
 * glibc declares __errno_location and pthread_self const, so GCC would
 * reuse a result from before the park: errno and pthread_self() would be
 * the old thread's.  PLUGIN_FINISH_DECL: their declarations lose const. */
static void
unconst_thread_getters (void *gcc_data, void *)
{
	tree decl = (tree) gcc_data;
	if (TREE_CODE (decl) != FUNCTION_DECL || !DECL_NAME (decl)
	    || (!id_equal (DECL_NAME (decl), "__errno_location")
		&& !id_equal (DECL_NAME (decl), "pthread_self")))
		return;
	TREE_READONLY (decl) = 0;
	DECL_ATTRIBUTES (decl) = remove_attribute ("const", DECL_ATTRIBUTES (decl));
}

/* ---- set-up ----------------------------------------------------------- */

static bool
is_identifier (const char *s)
{
	if (!ISIDST (*s))
		return false;
	while (ISIDNUM (*s))
		s++;
	return !*s;
}

/* cc1 says "GNU C17" and the like; g++, lto1 and the rest are not ours. */
static bool
is_c_front_end (void)
{
	const char *name = lang_hooks.name;
	return !strncmp (name, "GNU C", 5) && (ISDIGIT (name[5]) || !name[5])
	       && &parse_in && parse_in;
}

/* The default for safe points: a go statement, or gocc.h (which declares
 * the flag the checks read). */
static bool
unit_uses_gocc (void)
{
	return expanded || maybe_get_identifier (GOCC_PREEMPTFLAG_NAME);
}

int
plugin_init (struct plugin_name_args *info, struct plugin_gcc_version *version)
{
	if (!plugin_default_version_check (version, &gcc_version)) {
		error ("gocc plugin: built for GCC %s, loaded by GCC %s",
		       gcc_version.basever, version->basever);
		return 1;
	}
	enum safepoint_mode preempt = SAFEPOINTS_AUTO;
	for (int i = 0; i < info->argc; i++) {
		const plugin_argument *a = &info->argv[i];
		if (!strcmp (a->key, "preempt")) {
			const char *v = a->value ? a->value : "";
			if (!strcmp (v, "all"))
				preempt = SAFEPOINTS_ALL;
			else if (!strcmp (v, "off"))
				preempt = SAFEPOINTS_OFF;
			else {
				error ("gocc plugin: %<-fplugin-arg-%s-preempt=%s%>: "
				       "expected %<all%> or %<off%>",
				       info->base_name, v);
				return 1;
			}
			continue;
		}
		if (strcmp (a->key, "keyword")) {
			error ("gocc plugin: unknown option "
			       "%<-fplugin-arg-%s-%s%>", info->base_name, a->key);
			return 1;
		}
		keyword = a->value ? a->value : "";
		if (*keyword && !is_identifier (keyword)) {
			error ("gocc plugin: %<-fplugin-arg-%s-keyword=%s%>: "
			       "not an identifier", info->base_name, keyword);
			return 1;
		}
	}
	/* lto1 runs the late passes of -flto builds: safe points there too. */
	safepoint_register (info->base_name, preempt, unit_uses_gocc,
			    is_c_front_end ());
	if (!is_c_front_end ())
		return 0;
	static struct plugin_info about = {
		"0.1", "go statements: -fplugin-arg-gocc-keyword=NAME (default "
		"go; empty: none); safe points: -fplugin-arg-gocc-preempt=all|off"
	};
	register_callback (info->base_name, PLUGIN_INFO, NULL, &about);
	register_callback (info->base_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			   (void *) roots);
	register_callback (info->base_name, PLUGIN_PRAGMAS, define_keyword, NULL);
	register_callback (info->base_name, PLUGIN_PRE_GENERICIZE, lower_gos,
			   NULL);
	register_callback (info->base_name, PLUGIN_FINISH_DECL,
			   unconst_thread_getters, NULL);
	return 0;
}
