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
 * stay vectorized (the check counts vector iterations) and nothing
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
 * has no loop ends soon anyway.  Loops that call nothing get fewer checks
 * (CHECK_STMTS): none in a nest with small bounded trip counts, and in an
 * innermost loop with an induction variable, one in many iterations:
 *
 *      back edge  =>  if ((iv & mask) == 0)  -->  the check above
 *
 * A file with neither compiles exactly as without the plugin.
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

/* Split edge e with a test: seq, then `if (v CODE 0)'.  When true, with
 * probability taken, control passes through a new empty block on its way
 * to e's destination; returns that block. */
static basic_block
branch_on (edge e, gimple_seq seq, tree v, enum tree_code code,
	   profile_probability taken)
{
	basic_block bb = split_edge (e);
	gcond *cond = gimple_build_cond (code, v, build_zero_cst (TREE_TYPE (v)),
					 NULL_TREE, NULL_TREE);
	gimple_seq_add_stmt (&seq, cond);
	gimple_stmt_iterator gsi = gsi_start_bb (bb);
	gsi_insert_seq_after (&gsi, seq, GSI_NEW_STMT);

	edge fall = split_block (bb, cond);
	fall->flags = EDGE_FALSE_VALUE;
	fall->probability = taken.invert ();
	basic_block side = create_empty_bb (bb);
	make_edge (bb, side, EDGE_TRUE_VALUE)->probability = taken;
	side->count = bb->count.apply_probability (taken);
	make_single_succ_edge (side, fall->dest, EDGE_FALLTHRU);
	if (current_loops)
		add_bb_to_loop (side, bb->loop_father);
	return side;
}

/* Put a check on edge e: e's source, then the check, then e's dest. */
static void
check_on (edge e)
{
	tree flag = make_ssa_name (TREE_TYPE (flag_decl));
	gassign *load = gimple_build_assign (flag, flag_decl);
	gimple_set_has_volatile_ops (load, true);
	basic_block cold = branch_on (e, gimple_seq_alloc_with_stmt (load), flag,
				      NE_EXPR, profile_probability::very_unlikely ());
	gimple_stmt_iterator gsi = gsi_start_bb (cold);
	gsi_insert_after (&gsi, gimple_build_call (preempt_decl, 0),
			  GSI_NEW_STMT);
}

/* Statements a goroutine may run between two checks where the plugin can
 * bound them: microseconds, against the 10 ms it may run before sysmon
 * asks for its P.  Within it, a loop nest whose trip counts GCC has
 * bounded gets no check on its back edges (the loop around it or the next
 * safe point after it comes soon), and an innermost loop with an
 * induction variable checks once in a power-of-two number of iterations,
 * the most that fits (strip mining, as HotSpot's LoopStripMiningIter).
 * Either only for loops that call nothing but GCC's built-ins: a call may
 * run long.  A check each iteration costs more than the work of a short
 * loop body: n-body's loops over 3 coordinates, spectral-norm's divide
 * (bench/preempt.sh). */
enum { CHECK_STMTS = 4096 };

/* Does s call anything besides GCC's built-ins? */
static bool
calls_out (gimple *s)
{
	return is_gimple_call (s) && !gimple_call_internal_p (s)
		&& !gimple_call_builtin_p (s, BUILT_IN_NORMAL);
}

/* For each loop of fn, by loop number: own, the statements of one
 * iteration outside its subloops, -1 if one calls out; nest, the
 * statements the loop and its subloops run per entry if their trip counts
 * are bounded and that is at most CHECK_STMTS, else -1. */
static void
loop_stmts (function *fn, auto_vec<HOST_WIDE_INT> &own,
	    auto_vec<HOST_WIDE_INT> &nest)
{
	own.safe_grow_cleared (number_of_loops (fn));
	nest.safe_grow_cleared (number_of_loops (fn));
	basic_block bb;
	FOR_EACH_BB_FN (bb, fn) {
		HOST_WIDE_INT &n = own[bb->loop_father->num];
		for (gimple_stmt_iterator gsi = gsi_start_nondebug_bb (bb);
		     !gsi_end_p (gsi) && n >= 0; gsi_next_nondebug (&gsi))
			n = calls_out (gsi_stmt (gsi)) ? -1 : n + 1;
	}
	for (class loop *loop : loops_list (fn, LI_FROM_INNERMOST)) {
		HOST_WIDE_INT body = own[loop->num];
		for (class loop *in = loop->inner; in && body >= 0; in = in->next)
			body = nest[in->num] < 0 ? -1 : body + nest[in->num];
		HOST_WIDE_INT trips = get_max_loop_iterations_int (loop);
		nest[loop->num] = body >= 0 && trips >= 0 && trips < CHECK_STMTS
			&& (trips + 1) * (body + 1) <= CHECK_STMTS
			? (trips + 1) * (body + 1) : -1;
	}
}

/* A latch edge checked once in a power-of-two number of iterations:
 * where the induction variable iv, stepping by a power of two, has the
 * bits of mask clear. */
struct strip {
	edge latch;
	tree iv;
	unsigned HOST_WIDE_INT mask;
	HOST_WIDE_INT every;
};

/* Can latch, the single latch of loop, an innermost loop whose iteration
 * runs stmts statements, be checked once in several iterations? */
static bool
strip_mine (class loop *loop, edge latch, HOST_WIDE_INT stmts, strip *out)
{
	if (loop->inner || stmts < 0 || !loop->latch
	    || latch != loop_latch_edge (loop))
		return false;
	for (gphi_iterator gsi = gsi_start_phis (loop->header); !gsi_end_p (gsi);
	     gsi_next (&gsi)) {
		tree iv = PHI_ARG_DEF_FROM_EDGE (gsi.phi (), latch);
		tree type = TREE_TYPE (iv);
		if (TREE_CODE (iv) != SSA_NAME
		    || !(INTEGRAL_TYPE_P (type) || POINTER_TYPE_P (type)))
			continue;
		/* iv = phi + step */
		gassign *def = dyn_cast <gassign *> (SSA_NAME_DEF_STMT (iv));
		if (!def || (gimple_assign_rhs_code (def) != PLUS_EXPR
			     && gimple_assign_rhs_code (def) != POINTER_PLUS_EXPR)
		    || gimple_assign_rhs1 (def) != gimple_phi_result (gsi.phi ())
		    || TREE_CODE (gimple_assign_rhs2 (def)) != INTEGER_CST)
			continue;
		wide_int step = wi::to_wide (gimple_assign_rhs2 (def));
		int shift = wi::exact_log2 (wi::neg_p (step) ? -step : step);
		if (shift < 0)
			continue;
		/* The bits above the step's: they count iterations. */
		int bits = 0;
		while ((stmts + 1) << (bits + 1) <= CHECK_STMTS
		       && shift + bits + 1 < (int) TYPE_PRECISION (type))
			bits++;
		if (bits == 0)
			return false;
		*out = { latch, iv, ((HOST_WIDE_INT_1U << bits) - 1) << shift,
			 HOST_WIDE_INT_1 << bits };
		return true;
	}
	return false;
}

/* The check of s.latch, in the iterations where s.iv & s.mask is 0. */
static void
strip_check_on (const strip &s)
{
	tree type = TREE_TYPE (s.iv);
	tree utype = POINTER_TYPE_P (type) ? sizetype : unsigned_type_for (type);
	tree u = make_ssa_name (utype), low = make_ssa_name (utype);
	gimple_seq seq = NULL;
	gimple_seq_add_stmt (&seq, gimple_build_assign (u, NOP_EXPR, s.iv));
	gimple_seq_add_stmt (&seq, gimple_build_assign
			     (low, BIT_AND_EXPR, u, build_int_cstu (utype, s.mask)));
	basic_block every = branch_on (s.latch, seq, low, EQ_EXPR,
				       profile_probability::always ()
				       .apply_scale (1, s.every));
	check_on (single_succ_edge (every));
}

/* Does fn call anything besides GCC's built-ins? */
static bool
makes_calls (function *fn)
{
	basic_block bb;
	FOR_EACH_BB_FN (bb, fn)
		for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
		     gsi_next (&gsi))
			if (calls_out (gsi_stmt (gsi)))
				return true;
	return false;
}

static unsigned int
instrument (function *fn)
{
	make_decls ();
	/* The loop tree and its bounds, unless a pass left them stale. */
	auto_vec<HOST_WIDE_INT> own, nest;
	if (current_loops && !loops_state_satisfies_p (fn, LOOPS_NEED_FIXUP))
		loop_stmts (fn, own, nest);
	auto_vec<edge> edges;
	auto_vec<strip> strips;
	mark_dfs_back_edges (fn);
	basic_block bb;
	FOR_EACH_BB_FN (bb, fn) {
		edge e;
		edge_iterator ei;
		FOR_EACH_EDGE (e, ei, bb->succs) {
			if (!(e->flags & EDGE_DFS_BACK)
			    || (e->flags & (EDGE_ABNORMAL | EDGE_EH)))
				continue;
			class loop *loop = e->dest->loop_father;
			strip s;
			if (!nest.is_empty () && loop->header == e->dest
			    && flow_bb_inside_loop_p (loop, e->src)) {
				if (nest[loop->num] >= 0)
					continue;	/* a bounded nest */
				if (strip_mine (loop, e, own[loop->num], &s)) {
					strips.safe_push (s);
					continue;
				}
			}
			edges.safe_push (e);
		}
	}
	if (makes_calls (fn))
		edges.safe_push (single_succ_edge (ENTRY_BLOCK_PTR_FOR_FN (fn)));
	if (edges.is_empty () && strips.is_empty ())
		return 0;
	free_dominance_info (CDI_DOMINATORS);
	for (edge e : edges)
		check_on (e);
	for (const strip &s : strips)
		strip_check_on (s);
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
