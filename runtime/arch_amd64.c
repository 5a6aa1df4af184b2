/*
 * arch_amd64.c - the frame gocc_ctxswitch in asm_amd64.S pops, laid out
 * for a new goroutine, and described for debuggers.
 */
#include "runtime.h"

#include <string.h>

/* Arguments at the top, then the frame gocc_ctxswitch pops, returning
 * into gocc_gostart, which calls fn(argp) with gocc_goexit as its return
 * address. */
void gstartframe(G *g, const void *args, uint32_t siz)
{
	uintptr_t argp = (g->stk.hi - siz) & ~(uintptr_t)(GOCC_ARG_ALIGN - 1);
	memcpy((void *)argp, args, siz);
	/* At the entry of fn, rsp (which points at its return address) must
	 * be 8 mod 16. */
	uintptr_t *ret = (uintptr_t *)((((argp - 8) & ~(uintptr_t)15)) - 8);
	ret[0] = (uintptr_t)gocc_goexit_ret;
	uintptr_t *f = ret - 8;
	f[0] = 0x1F80 | (uintptr_t)0x037F << 32;        /* MXCSR, x87 CW */
	f[1] = 0;                                       /* r15 */
	f[2] = 0;                                       /* r14 */
	f[3] = argp;                                    /* r13 */
	f[4] = (uintptr_t)g->fv->fn;                    /* r12 */
	f[5] = 0;                                       /* rbx */
	f[6] = 0;                                       /* rbp */
	f[7] = (uintptr_t)gocc_gostart;
	g->sp = f;
}

/* MXCSR and x87 CW, r15, r14, r13, r12, rbx, rbp, the return address. */
const struct switchframe switchframe = {
	.sp = "rsp", .size = 64, .nregs = 7,
	.regs = { { "r15", 8 }, { "r14", 16 }, { "r13", 24 }, { "r12", 32 },
		  { "rbx", 40 }, { "rbp", 48 }, { "rip", 56 } },
};
