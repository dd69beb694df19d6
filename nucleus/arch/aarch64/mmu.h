/*
 * mmu.h: arch-internal access to the nucleus's translation tables, for
 * self-checks and debugging (the rest of mmu.c is in arch.h).
 */
#ifndef LICHEN_MMU_H
#define LICHEN_MMU_H

struct pgtable;

const struct pgtable *mmu_kernel_table(void);

#endif
