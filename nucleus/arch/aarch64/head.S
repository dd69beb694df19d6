/*
 * head.S: the nucleus's first instructions, from reset state to C.
 *
 * QEMU (or any Linux boot loader) loads build/lichen.img at a 2 MiB
 * boundary of RAM and jumps to its first byte with the MMU off, caches
 * off, interrupts masked and x0 = the physical address of the device tree.
 * Until the MMU is on, this code runs at that physical address, so it uses
 * only PC-relative addressing (adr, adrp).  Steps:
 *
 *   1. the Linux arm64 Image header, so loaders treat us like Linux;
 *   2. if entered at EL2 (QEMU -M virt,virtualization=on), configure EL2 so
 *      that EL1 runs untrapped, then drop to EL1;
 *   3. at EL1: clear .bss, build the boot page tables (below), turn the MMU
 *      on, and jump to the nucleus's linked address in the upper half;
 *   4. set the stack and the exception vectors, call
 *      nucleus_main(device tree PA, image PA, entry exception level).
 *
 * The boot page tables map just enough, with 2 MiB blocks:
 *   TTBR1: the whole image at KERNEL_VBASE, and 4 MiB around the device
 *          tree at BOOT_DTB_WINDOW;
 *   TTBR0: the image's first 2 MiB at its own physical address (identity),
 *          so that the instructions right after "MMU on" still resolve.
 * mmu.c replaces them with the real tables as soon as C runs.
 */
#include "layout.h"

/* Image header flags: little endian, 4 KiB pages, placeable anywhere. */
#define IMAGE_FLAGS  ((0 << 0) | (1 << 1) | (1 << 3))

/* EL2 set-up values. */
#define HCR_EL2_RW       (1 << 31)        /* EL1 is AArch64; nothing trapped */
#define CNTHCTL_EL1PCEN  (3 << 0)         /* EL1 may use the physical counter and timer */
#define CPTR_EL2_NOTRAP  0x22ff           /* RES1 bits only: no FP, SVE or SME traps */
#define SPSR_EL1H_MASKED 0x3c5            /* EL1h with D, A, I, F masked */
#define CPACR_FPEN       (3 << 20)        /* FP/SIMD at EL1 and EL0 untrapped */

	.section .text.head, "ax"
	.globl	_start
_start:
	b	primary_entry             /* code0 */
	.long	0                         /* code1 */
	.quad	0                         /* text_offset from a 2 MiB boundary */
	.quad	_image_size               /* image size including .bss (linker script) */
	.quad	IMAGE_FLAGS
	.quad	0, 0, 0                   /* reserved */
	.ascii	"ARM\x64"                 /* magic */
	.long	0                         /* reserved (PE/COFF offset) */

primary_entry:
	mov	x19, x0                   /* x19: device tree, physical */
	adr	x20, _start               /* x20: where we were loaded, physical */
	mrs	x0, CurrentEL
	ubfx	x0, x0, #2, #2
	mov	x21, x0                   /* x21: the exception level we entered at */
	cmp	x0, #2
	b.eq	el2_entry
	cmp	x0, #1
	b.eq	el1_entry
	b	boot_hang                 /* EL3 entry is not supported */

/* el2_entry: leave EL2 configured so that it never traps us, then eret. */
el2_entry:
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #CNTHCTL_EL1PCEN
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr          /* virtual counter == physical counter */
	mov	x0, #CPTR_EL2_NOTRAP
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x0, midr_el1              /* what EL1 reads as MIDR/MPIDR */
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	ldr	x0, =SCTLR_BOOT_OFF
	msr	sctlr_el1, x0
	mov	x0, #SPSR_EL1H_MASKED
	msr	spsr_el2, x0
	adr	x0, el1_entry
	msr	elr_el2, x0
	isb
	eret

el1_entry:
	msr	daifset, #0xf
	ldr	x0, =SCTLR_BOOT_OFF       /* MMU and caches off, little endian */
	msr	sctlr_el1, x0
	/* libfdt (Debian's build) uses FP/SIMD registers: allow them at EL1. */
	mov	x0, #CPACR_FPEN
	msr	cpacr_el1, x0
	isb

	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	bl	build_boot_tables
	bl	invalidate_bss_lines
	bl	enable_mmu
	ldr	x0, =primary_high         /* the linked (upper-half) address */
	br	x0

/*
 * build_boot_tables: fill the six boot tables (all in .bss, zeroed).
 * Uses x0-x9; x19 = device tree PA, x20 = image PA.
 */
build_boot_tables:
	/* TTBR1: L0[511] -> L1, L1[511] -> L2 (the top 1 GiB of VA). */
	adrp	x0, boot_l0_hi
	adrp	x1, boot_l1_hi
	adrp	x2, boot_l2_hi
	orr	x3, x1, #(PTE_VALID | PTE_TABLE)
	str	x3, [x0, #511 * 8]
	orr	x3, x2, #(PTE_VALID | PTE_TABLE)
	str	x3, [x1, #511 * 8]
	/* The image: L2[0 ..] = 2 MiB blocks from x20. */
	ldr	x4, =(_image_size + BLOCK_2M - 1)
	lsr	x4, x4, #21               /* number of blocks */
	ldr	x5, =BOOT_BLOCK_ATTRS
	orr	x5, x5, x20
	mov	x6, x2
3:	str	x5, [x6], #8
	add	x5, x5, #BLOCK_2M
	subs	x4, x4, #1
	b.ne	3b
	/* The device tree: two blocks from its 2 MiB boundary, at L2[256]. */
	and	x5, x19, #~(BLOCK_2M - 1)
	ldr	x6, =BOOT_BLOCK_ATTRS
	orr	x5, x5, x6
	add	x6, x2, #256 * 8
	str	x5, [x6]
	add	x5, x5, #BLOCK_2M
	str	x5, [x6, #8]
	/* TTBR0: identity map of the image's first 2 MiB block. */
	adrp	x0, boot_l0_id
	adrp	x1, boot_l1_id
	adrp	x2, boot_l2_id
	ubfx	x7, x20, #39, #9
	orr	x3, x1, #(PTE_VALID | PTE_TABLE)
	str	x3, [x0, x7, lsl #3]
	ubfx	x7, x20, #30, #9
	orr	x3, x2, #(PTE_VALID | PTE_TABLE)
	str	x3, [x1, x7, lsl #3]
	ubfx	x7, x20, #21, #9
	ldr	x3, =BOOT_BLOCK_ATTRS
	orr	x3, x3, x20
	str	x3, [x2, x7, lsl #3]
	ret

/*
 * invalidate_bss_lines: .bss (with the boot tables and stack) was written
 * with caches off; drop any stale or speculatively fetched cache lines so
 * that the cacheable view after "MMU on" sees what is in memory.
 */
invalidate_bss_lines:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4           /* DminLine: log2(words per line) */
	mov	x2, #4
	lsl	x2, x2, x3                /* line size in bytes */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	sub	x3, x2, #1
	bic	x0, x0, x3
4:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	4b
	dsb	sy
	ret

/* enable_mmu: MAIR, TCR (IPS from the CPU, at most 48 bits), TTBRs, on. */
enable_mmu:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_BOOT
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0xf              /* PARange */
	mov	x2, #5
	cmp	x1, x2
	csel	x1, x1, x2, ls            /* 52-bit needs LPA2: cap at 48 */
	bfi	x0, x1, #32, #3           /* TCR_EL1.IPS */
	msr	tcr_el1, x0
	adrp	x0, boot_l0_id
	msr	ttbr0_el1, x0
	adrp	x0, boot_l0_hi
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_BOOT_ON
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

boot_hang:
	wfe
	b	boot_hang

/*
 * mmu_switch_ttbr1(pa): install new kernel tables.  It runs from the
 * identity map (its caller calls it at its physical address), so that no
 * translation through TTBR1 happens between the switch and the TLB
 * invalidation: the old and new tables map the nucleus with different
 * block sizes, and the architecture forbids using both at once.
 * It returns to the caller's upper-half address in x30.
 */
	.globl	mmu_switch_ttbr1
mmu_switch_ttbr1:
	dsb	ishst
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ret

	.ltorg

	.text
primary_high:
	ldr	x0, =boot_stack_top
	mov	sp, x0
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	nucleus_main
5:	wfi
	b	5b

	.section .bss.boot_tables, "aw", %nobits
	.balign	PAGE_SIZE
	.globl	boot_l0_hi
boot_l0_hi:	.space	PAGE_SIZE
boot_l1_hi:	.space	PAGE_SIZE
boot_l2_hi:	.space	PAGE_SIZE
boot_l0_id:	.space	PAGE_SIZE
boot_l1_id:	.space	PAGE_SIZE
boot_l2_id:	.space	PAGE_SIZE
	.balign	16
	.globl	boot_stack, boot_stack_top
boot_stack:	.space	4 * PAGE_SIZE
boot_stack_top:
