/*
 * arch_arm64.c - the frame gocc_ctxswitch in asm_arm64.S restores, laid
 * out for a new goroutine on AArch64, and described for debuggers.
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

/* x19..x30, then d8..d15 and FPCR, which no unwinder needs; the switch
 * returns to lr (x30), so that is the resumed code's pc too. */
const struct switchframe switchframe = {
	.sp = "sp", .size = 176, .nregs = 13,
	.regs = { { "x19", 0 }, { "x20", 8 }, { "x21", 16 }, { "x22", 24 },
		  { "x23", 32 }, { "x24", 40 }, { "x25", 48 }, { "x26", 56 },
		  { "x27", 64 }, { "x28", 72 }, { "x29", 80 }, { "x30", 88 },
		  { "pc", 88 } },
};
