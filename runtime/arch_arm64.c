/*
 * arch_arm64.c - the first frame of a new goroutine on AArch64, laid out
 * as gocc_ctxswitch in asm_arm64.S restores it.
 */
#include "runtime.h"

#include <string.h>

/* Arguments at the top, then the frame gocc_ctxswitch restores, returning
 * (lr) into gocc_gostart, which calls fn(argp) with gocc_goexit as its
 * return address. */
void gstartframe(G *g, const void *args, uint32_t siz)
{
	uintptr_t argp = (g->stk.hi - siz) & ~(uintptr_t)(GOCC_ARG_ALIGN - 1);
	memcpy((void *)argp, args, siz);
	/* x19..x30, d8..d15, FPCR; lr (x30) is where the switch returns. */
	uintptr_t *f = (uintptr_t *)((argp - 176) & ~(uintptr_t)15);
	memset(f, 0, 176);
	f[0] = (uintptr_t)g->fv->fn;                    /* x19 */
	f[1] = argp;                                    /* x20 */
	f[11] = (uintptr_t)gocc_gostart;                /* x30 */
	g->sp = f;
}
