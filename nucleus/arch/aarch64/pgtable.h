/*
 * pgtable.h: building and reading AArch64 translation tables (4 KiB
 * granule, 4 levels, 48-bit VA).
 *
 * Pure logic over memory: table pages come from a caller's allocator and
 * are reached through the caller's phys_to_virt, so the same code builds
 * the nucleus's tables at boot and runs in host unit tests over a buffer.
 * TLB maintenance is the caller's job (mmu.c).
 */
#ifndef LICHEN_PGTABLE_H
#define LICHEN_PGTABLE_H

#include <stdint.h>

/* Access rights and memory type of a mapping. */
enum {
	PT_READ   = 1 << 0,
	PT_WRITE  = 1 << 1,
	PT_EXEC   = 1 << 2,
	PT_USER   = 1 << 3,    /* EL0 mapping: ASID-tagged, never EL1-executable */
	PT_DEVICE = 1 << 4,    /* Device-nGnRE instead of normal write-back */
};

/* pt_map flags. */
enum {
	PT_PAGES_ONLY = 1 << 0,   /* no 2 MiB / 1 GiB blocks */
};

struct pgtable {
	uint64_t root;                                 /* PA of the level-0 table */
	int (*alloc_table)(void *ctx, uint64_t *pa);   /* a zeroed page, or <0 */
	void *(*table_va)(void *ctx, uint64_t pa);     /* where to write a table */
	void *ctx;
};

/* What one VA translates to. */
struct pt_leaf {
	uint64_t va, pa;      /* start of the page or block holding the address */
	uint64_t size;        /* 4 KiB, 2 MiB or 1 GiB */
	unsigned prot;
	int level;            /* 1, 2 or 3 */
	uint64_t raw;         /* the descriptor itself */
};

/* pt_init: allocate the root table.  0 or the allocator's error. */
int pt_init(struct pgtable *pt);

/*
 * pt_map: map [va, va + size) to [pa, pa + size) with prot, using the
 * largest blocks the alignment allows (unless PT_PAGES_ONLY).  All three
 * must be page aligned, prot must include PT_READ, and nothing in the
 * range may be mapped already.  Returns 0, ERR_INVAL (bad arguments),
 * ERR_EXIST (overlap; nothing changed) or ERR_NOMEM (table allocation
 * failed; the part already mapped is removed again).
 */
int pt_map(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size,
	   unsigned prot, unsigned flags);

/* pt_unmap: remove every leaf in [va, va + size).  ERR_INVAL if a block
 * only partly inside the range would have to be split (nothing changed). */
int pt_unmap(struct pgtable *pt, uint64_t va, uint64_t size);

/* pt_protect: give every leaf in [va, va + size) the rights prot (the
 * range must be mapped, by pages or whole blocks).  0, ERR_NOENT (a hole;
 * nothing changed) or ERR_INVAL. */
int pt_protect(struct pgtable *pt, uint64_t va, uint64_t size, unsigned prot);

/* pt_destroy: free every table page (the leaves must be unmapped or not
 * owned), root included, through free_table. */
void pt_destroy(struct pgtable *pt, void (*free_table)(void *ctx, uint64_t pa));

/* pt_lookup: the leaf translating va.  0, or ERR_NOENT when unmapped. */
int pt_lookup(const struct pgtable *pt, uint64_t va, struct pt_leaf *out);

/* pt_walk: call fn for every leaf, in VA order.  VAs are reported in the
 * upper half (sign-extended) when upper is set, for TTBR1 tables. */
void pt_walk(const struct pgtable *pt, int upper,
	     void (*fn)(void *arg, const struct pt_leaf *leaf), void *arg);

/* pt_encode / pt_decode: descriptor attribute bits <-> prot. */
uint64_t pt_encode(unsigned prot);
unsigned pt_decode(uint64_t desc);

#endif
