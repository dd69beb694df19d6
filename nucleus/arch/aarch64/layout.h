/*
 * layout.h: the nucleus's virtual address layout and the page-table
 * constants shared by head.S and the C code (so it is plain macros).
 *
 * With 4 KiB pages and 48-bit virtual addresses, TTBR1_EL1 translates the
 * top 256 TiB (0xffff000000000000 and up), which the nucleus owns:
 *
 *   0xffff000000000000 + PA   direct map of RAM (normal memory, RW, never
 *                             executable): every frame is reachable here
 *   0xffffff0000000000 ...    device window: MMIO pages mapped on demand
 *   0xffffffffc0000000 ...    the nucleus image (text RX, rodata R, data RW)
 *   0xffffffffe0000000 ...    boot only: 4 MiB window onto the device tree
 *
 * TTBR0_EL1 (the low half) will belong to user address spaces; at boot it
 * holds a one-block identity map used only while the MMU is switched on.
 */
#ifndef LICHEN_LAYOUT_H
#define LICHEN_LAYOUT_H

/* BIT(n): a 64-bit constant in C, a plain number in head.S. */
#ifdef __ASSEMBLY__
#define BIT(n)            (1 << (n))
#define UL(x)             x
#else
#define BIT(n)            (1UL << (n))
#define UL(x)             x##UL
#endif

#define PAGE_SHIFT        12
#define PAGE_SIZE         (1 << PAGE_SHIFT)
#define BLOCK_2M          0x200000

#define DIRECT_MAP_BASE   UL(0xffff000000000000)
#define DEVICE_WINDOW     UL(0xffffff0000000000)
#define DEVICE_WINDOW_END UL(0xffffff8000000000)
#define KERNEL_VBASE      UL(0xffffffffc0000000)
#define BOOT_DTB_WINDOW   UL(0xffffffffe0000000)
#define KERNEL_MAX_SIZE   UL(0x20000000)      /* the image must end below the DTB window */

/* MAIR_EL1 attribute indexes, and the register value that defines them. */
#define MT_DEVICE_nGnRnE  0
#define MT_DEVICE_nGnRE   1
#define MT_NORMAL         2
#define MT_NORMAL_NC      3
#define MAIR_VALUE        UL(0x44ff0400)      /* 0x00, 0x04, 0xff (WB RW-alloc), 0x44 (NC) */

/* Translation table descriptor bits (ARM ARM D8.3). */
#define PTE_VALID         BIT(0)
#define PTE_TABLE         BIT(1)        /* at levels 0-2: next-level table */
#define PTE_PAGE          BIT(1)        /* at level 3: a page, not reserved */
#define PTE_ATTR(i)       ((i) << 2)
#define PTE_AP_EL0        BIT(6)        /* AP[1]: EL0 may access */
#define PTE_AP_RO         BIT(7)        /* AP[2]: read-only */
#define PTE_SH_INNER      (3 << 8)
#define PTE_AF            BIT(10)
#define PTE_NG            BIT(11)
#define PTE_PXN           BIT(53)
#define PTE_UXN           BIT(54)
#define PTE_ADDR_MASK     UL(0x0000fffffffff000)

/* The boot map's 2 MiB blocks: normal memory, EL1 read-write-execute. */
#define BOOT_BLOCK_ATTRS  (PTE_VALID | PTE_ATTR(MT_NORMAL) | PTE_SH_INNER | PTE_AF)

/* TCR_EL1: 48-bit VAs in both halves, 4 KiB granules, walks cacheable
 * write-back and inner shareable.  IPS is filled in at boot from
 * ID_AA64MMFR0_EL1.PARange. */
#define TCR_T0SZ          16
#define TCR_T1SZ          (UL(16) << 16)
#define TCR_WALK0         (BIT(8) | BIT(10) | (3 << 12))
#define TCR_WALK1         (BIT(24) | BIT(26) | (3 << 28))
#define TCR_TG1_4K        (UL(2) << 30)
#define TCR_EPD0          BIT(7)
#define TCR_BOOT          (TCR_T0SZ | TCR_T1SZ | TCR_WALK0 | TCR_WALK1 | TCR_TG1_4K)

/* SCTLR_EL1: RES1 bits of ARMv8.0, then MMU, caches, stack alignment. */
#define SCTLR_RES1        UL(0x30d00800)
#define SCTLR_M           BIT(0)
#define SCTLR_C           BIT(2)
#define SCTLR_SA          BIT(3)
#define SCTLR_I           BIT(12)
#define SCTLR_BOOT_OFF    SCTLR_RES1
#define SCTLR_BOOT_ON     (SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)

#endif
