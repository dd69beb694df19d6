/*
 * ipc.S: lc_ipc(num, handle, msg, timeout): one IPC native call with a
 * whole struct lc_msg in the message registers (x1-x15 in, x1-x16 out).
 * The registers' use is the ABI of ipc/lichen/syscalls.def.
 */
	.text
	.globl	lc_ipc
	.type	lc_ipc, %function
lc_ipc:
	stp	x19, x30, [sp, #-16]!
	mov	x19, x2
	mov	x16, x0
	mov	x17, x3
	mov	x0, x1
	ldp	x1, x2, [x19, #0]
	ldp	x3, x4, [x19, #16]
	ldp	x5, x6, [x19, #32]
	ldp	x7, x8, [x19, #48]
	ldp	x9, x10, [x19, #64]
	ldp	x11, x12, [x19, #80]
	ldp	x13, x14, [x19, #96]
	ldr	x15, [x19, #112]
	svc	#0x4c
	stp	x1, x2, [x19, #0]
	stp	x3, x4, [x19, #16]
	stp	x5, x6, [x19, #32]
	stp	x7, x8, [x19, #48]
	stp	x9, x10, [x19, #64]
	stp	x11, x12, [x19, #80]
	stp	x13, x14, [x19, #96]
	stp	x15, x16, [x19, #112]
	ldp	x19, x30, [sp], #16
	ret
	.size	lc_ipc, . - lc_ipc
