/*
 * vectors.S: the EL1 exception vector table and the register save/restore
 * around the C handlers in trap.c.
 *
 * VBAR_EL1 points at exception_vectors: 16 entries of 128 bytes, four
 * groups (from EL1 with SP_EL0, from EL1 with SP_EL1, from EL0 in AArch64,
 * from EL0 in AArch32) of four kinds (synchronous, IRQ, FIQ, SError).
 * Every entry saves the full register state as a struct trap_frame (see
 * trap.h: x0-x30, sp_el0, elr, spsr) on the current stack and calls C.
 * The nucleus runs on SP_EL1, so for now only "EL1 with SP_EL1" sync and
 * IRQ are expected; every other entry is reported by trap_unexpected().
 */
#include "layout.h"

#define FRAME_SIZE  (34 * 8)

/* save_frame: push a struct trap_frame; x0 = its address afterwards. */
.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0 * 16]
	stp	x2, x3, [sp, #1 * 16]
	stp	x4, x5, [sp, #2 * 16]
	stp	x6, x7, [sp, #3 * 16]
	stp	x8, x9, [sp, #4 * 16]
	stp	x10, x11, [sp, #5 * 16]
	stp	x12, x13, [sp, #6 * 16]
	stp	x14, x15, [sp, #7 * 16]
	stp	x16, x17, [sp, #8 * 16]
	stp	x18, x19, [sp, #9 * 16]
	stp	x20, x21, [sp, #10 * 16]
	stp	x22, x23, [sp, #11 * 16]
	stp	x24, x25, [sp, #12 * 16]
	stp	x26, x27, [sp, #13 * 16]
	stp	x28, x29, [sp, #14 * 16]
	mrs	x21, sp_el0
	stp	x30, x21, [sp, #15 * 16]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #16 * 16]
	mov	x0, sp
.endm

/* restore_frame: pop a struct trap_frame (C may have changed elr/spsr). */
.macro restore_frame
	ldp	x22, x23, [sp, #16 * 16]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x30, x21, [sp, #15 * 16]
	msr	sp_el0, x21
	ldp	x0, x1, [sp, #0 * 16]
	ldp	x2, x3, [sp, #1 * 16]
	ldp	x4, x5, [sp, #2 * 16]
	ldp	x6, x7, [sp, #3 * 16]
	ldp	x8, x9, [sp, #4 * 16]
	ldp	x10, x11, [sp, #5 * 16]
	ldp	x12, x13, [sp, #6 * 16]
	ldp	x14, x15, [sp, #7 * 16]
	ldp	x16, x17, [sp, #8 * 16]
	ldp	x18, x19, [sp, #9 * 16]
	ldp	x20, x21, [sp, #10 * 16]
	ldp	x22, x23, [sp, #11 * 16]
	ldp	x24, x25, [sp, #12 * 16]
	ldp	x26, x27, [sp, #13 * 16]
	ldp	x28, x29, [sp, #14 * 16]
	add	sp, sp, #FRAME_SIZE
.endm

/* A vector entry has room for 32 instructions: it only branches. */
.macro vector target
	.balign	128
	b	\target
.endm

	.text
	.balign	2048
	.globl	exception_vectors
exception_vectors:
	vector	unexpected_0      /* EL1 with SP_EL0: sync */
	vector	unexpected_1      /*                  IRQ */
	vector	unexpected_2      /*                  FIQ */
	vector	unexpected_3      /*                  SError */
	vector	el1_sync          /* EL1 with SP_EL1: sync */
	vector	el1_irq           /*                  IRQ */
	vector	unexpected_6      /*                  FIQ */
	vector	unexpected_7      /*                  SError */
	vector	el0_sync          /* EL0 AArch64: sync */
	vector	el0_irq           /*              IRQ */
	vector	unexpected_10     /*              FIQ */
	vector	unexpected_11     /*              SError */
	vector	unexpected_12     /* EL0 AArch32: sync */
	vector	unexpected_13     /*              IRQ */
	vector	unexpected_14     /*              FIQ */
	vector	unexpected_15     /*              SError */

/* handled NAME, HANDLER: save, call HANDLER(frame), restore, return. */
.macro handled name, handler
\name:
	save_frame
	bl	\handler
	restore_frame
	eret
.endm

/* unexpected KIND: report an exception nobody should raise; no return. */
.macro unexpected kind
unexpected_\kind:
	save_frame
	mov	x1, #\kind
	bl	trap_unexpected
	b	.
.endm

	handled	el1_sync, trap_el1_sync
	handled	el1_irq, trap_el1_irq
	.irp	k, 0, 1, 2, 3, 6, 7, 10, 11, 12, 13, 14, 15
	unexpected \k
	.endr

/*
 * Entries from EL0.  A thread's registers are saved into its struct
 * context (TPIDR_EL1 points at the current thread's), not on a stack: the
 * nucleus has one stack, and a thread that blocks leaves nothing on it.
 * The C handler decides which thread runs next; the exit restores that
 * thread's context, whatever thread entered.
 *
 * x2-x15 are saved last, and only when needed: they hold the words of an
 * IPC message, which the fast path of call and reply_recv
 * (fastpath_ipc.c) leaves in the registers for the receiver.
 */

/* save_user_frame: save all but x2-x15; x0 = the context afterwards,
 * and x16 still the thread's (the number of a native call). */
.macro save_user_frame
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el1
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	mrs	x1, sp_el0
	stp	x30, x1, [x0, #240]
	mrs	x1, elr_el1
	mrs	x17, spsr_el1
	stp	x1, x17, [x0, #256]
	mrs	x1, tpidr_el0
	str	x1, [x0, #272]
	ldp	x1, x17, [sp], #16
	stp	x1, x17, [x0]
.endm

/* save_user_words: then x2-x15 (x0: the context). */
.macro save_user_words
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
.endm

/* The syndrome of "svc #0x4c" (a native call): EC 0x15, IL, imm16;
 * and the numbers of the calls with a fast path (fastpath_ipc.c checks
 * them against syscalls.def). */
#define SVC_CALL        6
#define SVC_REPLY_RECV  9
#define ESR_NATIVE_SVC  ((0x15 << 26) | (1 << 25) | 0x4c)

el0_sync:
	save_user_frame
	mrs	x1, esr_el1
	mov	x17, #(ESR_NATIVE_SVC & 0xffff)
	movk	x17, #(ESR_NATIVE_SVC >> 16), lsl #16
	cmp	x1, x17
	b.ne	1f
	cmp	x16, #SVC_CALL            /* x16: which native call */
	b.eq	2f
	cmp	x16, #SVC_REPLY_RECV
	b.ne	1f
	bl	fastpath_reply_recv       /* x2-x15 untouched, whatever it does */
	tbnz	x0, #0, kernel_exit_answer
	cbnz	x0, kernel_exit_words     /* x0: the context of the next thread */
	b	3f
2:	bl	fastpath_call             /* the same */
	cbnz	x0, kernel_exit_words
3:	mrs	x0, tpidr_el1
	mrs	x1, esr_el1
1:	save_user_words
	bl	trap_el0_fast
	cbnz	x0, kernel_exit
	mrs	x0, tpidr_el1
	bl	trap_el0_sync
	b	kernel_exit

el0_irq:
	save_user_frame
	save_user_words
	bl	trap_el0_irq
	b	kernel_exit

/*
 * kernel_exit: return to the current thread (TPIDR_EL1's context).
 * kernel_exit_words: the same for the context at x0 (the current one),
 * but x2-x15 stay as they are: they hold the message words of the IPC
 * fast path.
 */
	.globl	kernel_exit
kernel_exit:
	mrs	x0, tpidr_el1
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
kernel_exit_words:
	ldr	x16, [x0, #272]
	msr	tpidr_el0, x16
	ldp	x16, x17, [x0, #256]
	msr	elr_el1, x16
	msr	spsr_el1, x17
	ldp	x30, x16, [x0, #240]
	msr	sp_el0, x16
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldp	x0, x1, [x0]
	eret

/*
 * kernel_exit_answer: return to the thread whose context is at x0 - 1
 * (the current one), whose exception the reply words in x2-x12 answer: they
 * become its x0-x8, pc and sp (as ipc_transfer_exception_reply does in
 * memory); everything else comes from its context.
 */
kernel_exit_answer:
	msr	elr_el1, x11
	msr	sp_el0, x12
	sub	x16, x0, #1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	mov	x3, x5
	mov	x4, x6
	mov	x5, x7
	mov	x6, x8
	mov	x7, x9
	mov	x8, x10
	ldr	x9, [x16, #72]
	ldp	x10, x11, [x16, #80]
	ldp	x12, x13, [x16, #96]
	ldp	x14, x15, [x16, #112]
	ldr	x17, [x16, #264]
	msr	spsr_el1, x17
	ldr	x17, [x16, #272]
	msr	tpidr_el0, x17
	ldr	x30, [x16, #240]
	ldp	x18, x19, [x16, #144]
	ldp	x20, x21, [x16, #160]
	ldp	x22, x23, [x16, #176]
	ldp	x24, x25, [x16, #192]
	ldp	x26, x27, [x16, #208]
	ldp	x28, x29, [x16, #224]
	ldp	x16, x17, [x16, #128]
	eret

/* arch_enter_user: leave boot for good: reset the nucleus stack and
 * return to the current thread. */
	.globl	arch_enter_user
arch_enter_user:
	ldr	x0, =boot_stack_top
	mov	sp, x0
	b	kernel_exit
