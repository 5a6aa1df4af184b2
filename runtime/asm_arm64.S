/*
 * asm_arm64.S - the only code that moves between stacks, for AArch64: the
 * context switch and the first and last frames of every goroutine.  The
 * same design as asm_amd64.S.
 *
 * A switched-out context is a stack pointer; the 176-byte frame holds
 * x19..x28, x29 (fp), x30 (lr: where the switch returns), d8..d15 and
 * FPCR, the callee-saved state of the AAPCS64.  arch_arm64.c builds the same
 * frame for a new goroutine, with lr = gocc_gostart, x19 = entry
 * function, x20 = argument.
 */
	.text

/* void gocc_ctxswitch(void **save, void *new_sp) */
	.globl	gocc_ctxswitch
	.hidden	gocc_ctxswitch
	.type	gocc_ctxswitch, %function
	.p2align 4
gocc_ctxswitch:
	.cfi_startproc
	sub	sp, sp, #176
	.cfi_adjust_cfa_offset 176
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mrs	x9, fpcr
	str	x9, [sp, #160]
	mov	x9, sp
	str	x9, [x0]
	mov	sp, x1
	ldr	x9, [sp, #160]
	msr	fpcr, x9
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #176
	.cfi_adjust_cfa_offset -176
	ret
	.cfi_endproc
	.size	gocc_ctxswitch, .-gocc_ctxswitch

/* The first frame of a goroutine; its return address is undefined for
 * unwinders, so a backtrace ends here. */
	.globl	gocc_gostart
	.hidden	gocc_gostart
	.type	gocc_gostart, %function
	.p2align 4
gocc_gostart:
	.cfi_startproc
	.cfi_undefined x30
	bl	gocc_gostarted		/* tells the sanitizers we arrived */
	mov	x0, x20
	mov	x29, #0
	adr	x30, gocc_goexit_ret
	br	x19
	.cfi_endproc
	.size	gocc_gostart, .-gocc_gostart

/* Every goroutine's entry function returns here (Go's goexit); the nop
 * puts the return address inside this function for unwinders. */
	.globl	gocc_goexit
	.hidden	gocc_goexit
	.globl	gocc_goexit_ret
	.hidden	gocc_goexit_ret
	.type	gocc_goexit, %function
	.p2align 4
gocc_goexit:
	.cfi_startproc
	.cfi_undefined x30
	nop
gocc_goexit_ret:
	bl	gocc_goexit1		/* never returns */
	brk	#0
	.cfi_endproc
	.size	gocc_goexit, .-gocc_goexit

	.section .note.GNU-stack, "", %progbits
