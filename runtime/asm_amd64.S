/*
 * asm_amd64.S - the only code that moves between stacks: the context switch
 * and the first and last frames of every goroutine (x86-64 System V).
 *
 * A switched-out context is a stack pointer; the stack holds, from low to
 * high: MXCSR and the x87 control word (callee-saved control bits in the
 * SysV ABI), r15, r14, r13, r12, rbx, rbp, and the return address.  No
 * signal mask is saved: a signal-mask syscall per switch would cost more
 * than the switch.  arch_amd64.c builds the same frame for a new goroutine, with
 * gocc_gostart as the return address, r12 = entry function, r13 = argument.
 */
	.text

/* void gocc_ctxswitch(void **save, void *new_sp) */
	.globl	gocc_ctxswitch
	.hidden	gocc_ctxswitch
	.type	gocc_ctxswitch, @function
	.p2align 4
gocc_ctxswitch:
	.cfi_startproc
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	pushq	%r13
	.cfi_adjust_cfa_offset 8
	pushq	%r14
	.cfi_adjust_cfa_offset 8
	pushq	%r15
	.cfi_adjust_cfa_offset 8
	subq	$8, %rsp
	.cfi_adjust_cfa_offset 8
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	.cfi_adjust_cfa_offset -8
	popq	%r15
	.cfi_adjust_cfa_offset -8
	popq	%r14
	.cfi_adjust_cfa_offset -8
	popq	%r13
	.cfi_adjust_cfa_offset -8
	popq	%r12
	.cfi_adjust_cfa_offset -8
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	popq	%rbp
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	gocc_ctxswitch, .-gocc_ctxswitch

/*
 * The first frame of a goroutine.  Entered by the `ret` of gocc_ctxswitch
 * with rsp pointing at the goexit return address, as at a function entry.
 * The return address is undefined for unwinders, so gdb's backtrace of a
 * goroutine ends here instead of wandering into the scheduler.
 */
	.globl	gocc_gostart
	.hidden	gocc_gostart
	.type	gocc_gostart, @function
	.p2align 4
gocc_gostart:
	.cfi_startproc
	.cfi_undefined rip
	subq	$8, %rsp
	call	gocc_gostarted		/* tells the sanitizers we arrived */
	addq	$8, %rsp
	movq	%r13, %rdi
	xorl	%ebp, %ebp
	jmp	*%r12
	.cfi_endproc
	.size	gocc_gostart, .-gocc_gostart

/*
 * Every goroutine's entry function returns here (Go's goexit).  The nop
 * makes the return address gocc_goexit+1 lie inside this function, so an
 * unwinder looking up (return address - 1) finds this frame, whose return
 * address is undefined: the backtrace ends cleanly.
 */
	.globl	gocc_goexit
	.hidden	gocc_goexit
	.globl	gocc_goexit_ret
	.hidden	gocc_goexit_ret
	.type	gocc_goexit, @function
	.p2align 4
gocc_goexit:
	.cfi_startproc
	.cfi_undefined rip
	nop
gocc_goexit_ret:
	call	gocc_goexit1		/* never returns */
	ud2
	.cfi_endproc
	.size	gocc_goexit, .-gocc_goexit

	.section .note.GNU-stack, "", @progbits
