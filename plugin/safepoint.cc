/*
 * safepoint.cc - preemption's safe points: a check of this thread's
 * gocc_preemptflag at function entries and on loop back edges, calling
 * gocc_preempt when it is set (include/gocc.h states the rule, and
 * runtime/preempt.c what the call does).
 *
 *       ...                               ...
 *        |                                 |
 *        |  back edge          =>   if (gocc_preemptflag)  --> gocc_preempt ()
 *        v                                 |  (very likely)        |
 *      header                            join  <-------------------'
 *                                          v
 *                                        header
 *
 * The pass runs after "optimized", the last GIMPLE pass: vectorized loops
 * stay vectorized (the check runs once per vector iteration) and nothing
 * optimizes around a call that is not there yet.  Because the call does
 * not switch goroutines, values the compiler cached across it (errno's
 * address, __thread variables) stay right.
 *
 * Which functions: those of a translation unit with a go statement or
 * that includes gocc.h (-fplugin-arg-gocc-preempt=all: every one; =off:
 * none), less those declared no_split_stack (GOCC_NOPREEMPT).  cc1 marks
 * them before the IPA passes; under -flto the pass itself runs in lto1,
 * which loads the plugin too and checks the mark.  A function gets an
 * entry check only if it calls something: one that calls nothing and
 * has no loop ends soon anyway.  A file with neither compiles exactly as
 * without the plugin.
 */
#include "gcc-plugin.h"

#include "tree.h"
#include "stringpool.h"
#include "attribs.h"
#include "tree-pass.h"
#include "context.h"
#include "basic-block.h"
#include "gimple.h"
#include "ssa.h"
#include "gimple-iterator.h"
#include "cfghooks.h"
#include "cfganal.h"
#include "cfgloop.h"
#include "tree-into-ssa.h"
#include "cgraph.h"

#include "gocc_abi.h"
#include "safepoint.h"

/* The mark cc1 leaves on functions to instrument.  The space keeps it
 * out of reach of source code. */
#define MARK "gocc safepoints"

static enum safepoint_mode mode;
static bool (*tu_wants) (void);

static tree flag_decl, preempt_decl;
static const struct ggc_root_tab roots[] = {
	{ &flag_decl, 1, sizeof flag_decl, &gt_ggc_mx_tree_node,
	  &gt_pch_nx_tree_node },
	{ &preempt_decl, 1, sizeof preempt_decl, &gt_ggc_mx_tree_node,
	  &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* gocc.h's declarations if the unit made them, else the same made here:
 * one symbol each either way. */
static void
make_decls (void)
{
	if (flag_decl)
		return;
	if (varpool_node *v = varpool_node::get_for_asmname
			(get_identifier (GOCC_PREEMPTFLAG_NAME)))
		flag_decl = v->decl;
	else {
		tree type = build_qualified_type (unsigned_char_type_node,
						  TYPE_QUAL_VOLATILE);
		flag_decl = build_decl (BUILTINS_LOCATION, VAR_DECL,
					get_identifier (GOCC_PREEMPTFLAG_NAME), type);
		TREE_PUBLIC (flag_decl) = 1;
		DECL_EXTERNAL (flag_decl) = 1;
		TREE_THIS_VOLATILE (flag_decl) = 1;
		DECL_ARTIFICIAL (flag_decl) = 1;
		set_decl_tls_model (flag_decl, TLS_MODEL_INITIAL_EXEC);
		varpool_node::get_create (flag_decl);
	}
	if (cgraph_node *n = cgraph_node::get_for_asmname
			(get_identifier (GOCC_PREEMPT_NAME)))
		preempt_decl = n->decl;
	else {
		preempt_decl = build_fn_decl (GOCC_PREEMPT_NAME,
			build_function_type_list (void_type_node, NULL_TREE));
		DECL_ATTRIBUTES (preempt_decl) = tree_cons
			(get_identifier ("cold"), NULL_TREE, NULL_TREE);
		cgraph_node::get_create (preempt_decl);
	}
}

/* Put a check on edge e: e's source, then the check, then e's dest. */
static void
check_on (edge e)
{
	basic_block bb = split_edge (e);
	tree flag = make_ssa_name (TREE_TYPE (flag_decl));
	gassign *load = gimple_build_assign (flag, flag_decl);
	gimple_set_has_volatile_ops (load, true);
	gcond *cond = gimple_build_cond (NE_EXPR, flag,
					 build_zero_cst (TREE_TYPE (flag)),
					 NULL_TREE, NULL_TREE);
	gimple_stmt_iterator gsi = gsi_start_bb (bb);
	gsi_insert_after (&gsi, load, GSI_NEW_STMT);
	gsi_insert_after (&gsi, cond, GSI_NEW_STMT);

	edge fall = split_block (bb, cond);
	basic_block join = fall->dest;
	fall->flags = EDGE_FALSE_VALUE;
	fall->probability = profile_probability::very_likely ();

	basic_block cold = create_empty_bb (bb);
	gsi = gsi_start_bb (cold);
	gsi_insert_after (&gsi, gimple_build_call (preempt_decl, 0),
			  GSI_NEW_STMT);
	edge hot = make_edge (bb, cold, EDGE_TRUE_VALUE);
	hot->probability = profile_probability::very_unlikely ();
	cold->count = bb->count.apply_probability (hot->probability);
	make_single_succ_edge (cold, join, EDGE_FALLTHRU);
	if (current_loops)
		add_bb_to_loop (cold, bb->loop_father);
}

/* Does fn call anything besides GCC's built-ins? */
static bool
makes_calls (function *fn)
{
	basic_block bb;
	FOR_EACH_BB_FN (bb, fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
		     gsi_next (&gsi)) {
			gimple *s = gsi_stmt (gsi);
			if (is_gimple_call (s) && !gimple_call_internal_p (s)
			    && !gimple_call_builtin_p (s, BUILT_IN_NORMAL))
				return true;
		}
	return false;
}

static unsigned int
instrument (function *fn)
{
	make_decls ();
	auto_vec<edge> edges;
	mark_dfs_back_edges (fn);
	basic_block bb;
	FOR_EACH_BB_FN (bb, fn) {
		edge e;
		edge_iterator ei;
		FOR_EACH_EDGE (e, ei, bb->succs)
			if ((e->flags & EDGE_DFS_BACK)
			    && !(e->flags & (EDGE_ABNORMAL | EDGE_EH)))
				edges.safe_push (e);
	}
	if (makes_calls (fn))
		edges.safe_push (single_succ_edge (ENTRY_BLOCK_PTR_FOR_FN (fn)));
	if (edges.is_empty ())
		return 0;
	free_dominance_info (CDI_DOMINATORS);
	for (edge e : edges)
		check_on (e);
	if (current_loops)
		loops_state_set (fn, LOOPS_NEED_FIXUP);
	mark_virtual_operands_for_renaming (fn);
	return TODO_update_ssa_only_virtuals;
}

static bool
marked (tree fndecl)
{
	return lookup_attribute (MARK, DECL_ATTRIBUTES (fndecl));
}

static const pass_data safepoint_data = {
	GIMPLE_PASS, "gocc_safepoints", OPTGROUP_NONE, TV_NONE,
	PROP_cfg | PROP_ssa, 0, 0, 0, 0
};

struct safepoint_pass : gimple_opt_pass {
	safepoint_pass (gcc::context *ctx)
		: gimple_opt_pass (safepoint_data, ctx) {}
	/* "optimized" has an instance per pipeline (-O0, -Og, -O1 and up);
	 * a function runs one, and is unmarked once instrumented. */
	opt_pass *clone () final override
	{
		return new safepoint_pass (m_ctxt);
	}
	bool gate (function *fn) final override
	{
		return marked (fn->decl);
	}
	unsigned int execute (function *fn) final override
	{
		DECL_ATTRIBUTES (fn->decl) = remove_attribute
			(MARK, DECL_ATTRIBUTES (fn->decl));
		return instrument (fn);
	}
};

/* PLUGIN_ALL_IPA_PASSES_START (cc1): the whole unit is parsed, so whether
 * it has a go statement is known; mark the functions to instrument. */
static void
mark_functions (void *, void *)
{
	if (mode == SAFEPOINTS_OFF || (mode == SAFEPOINTS_AUTO && !tu_wants ()))
		return;
	cgraph_node *n;
	FOR_EACH_FUNCTION_WITH_GIMPLE_BODY (n) {
		tree d = n->decl;
		if (!marked (d) && !lookup_attribute ("no_split_stack",
						      DECL_ATTRIBUTES (d)))
			DECL_ATTRIBUTES (d) = tree_cons (get_identifier (MARK),
							 NULL_TREE,
							 DECL_ATTRIBUTES (d));
	}
}

void
safepoint_register (const char *plugin, enum safepoint_mode m,
		    bool (*wants) (void), bool in_cc1)
{
	mode = m;
	tu_wants = wants;
	register_callback (plugin, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			   (void *) roots);
	if (in_cc1)
		register_callback (plugin, PLUGIN_ALL_IPA_PASSES_START,
				   mark_functions, NULL);
	struct register_pass_info info = {
		new safepoint_pass (g), "optimized", 0, PASS_POS_INSERT_AFTER
	};
	register_callback (plugin, PLUGIN_PASS_MANAGER_SETUP, NULL, &info);
}
