/*
 * stub.S: a four-instruction boot loader for tests of bad device trees.
 *
 * QEMU's -kernel path rewrites the memory nodes of any tree given with
 * -dtb, so a tree without memory cannot reach the nucleus that way.  This
 * stub, run as QEMU's -bios, does what a boot loader does and nothing
 * more: it enters the image (loaded with -device loader) with x0 = the
 * device tree (also loaded with -device loader), untouched.
 */
	.globl	_start
_start:
	ldr	x0, dtb_addr
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, image_addr
	br	x4
	.balign	8
dtb_addr:	.quad	0x44000000
image_addr:	.quad	0x40200000
