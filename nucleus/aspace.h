/*
 * aspace.h: address spaces: ASID-tagged page tables for EL0, and the
 * list of mappings that keeps the mapped regions alive.
 *
 * A mapping is a run of pages of one region at a page offset, with
 * rights (read, write, execute) no greater than those of the handle it was
 * mapped through.  Map, unmap and protect work on ranges: a fork of a
 * process with hundreds of pages is a few calls.  Unmap and protect
 * invalidate the TLB page by page for small ranges and by ASID for large
 * ones.  Page tables are charged to the address space's budget.
 */
#ifndef LICHEN_ASPACE_H
#define LICHEN_ASPACE_H

#include <stdint.h>
#include "object.h"
#include "pgtable.h"

struct region;

struct mapping {
	uint64_t va, pages;
	struct region *region;       /* holds a reference */
	uint64_t first;              /* page of the region at va */
	unsigned prot;               /* MAP_RIGHTS now */
	unsigned maxprot;            /* what the handle allowed */
};

struct aspace {
	struct object obj;
	struct pgtable pt;
	uint16_t asid;
	uint64_t ttbr;               /* TTBR0_EL1 value: root table and ASID */
	struct mapping *maps;        /* sorted by va, not overlapping */
	uint32_t nmaps, cap;
};

#define USER_VA_MIN  0x1000UL
#define USER_VA_TOP  (1UL << 48)

int aspace_create(struct budget *b, struct aspace **out);

/* aspace_map: map pages of r from page 'first' at va with prot (a subset
 * of maxprot).  0, ERR_INVAL (alignment, range, rights), ERR_RANGE (past
 * the region), ERR_EXIST (overlap), ERR_BUDGET/ERR_NOMEM; nothing changes
 * on error. */
int aspace_map(struct aspace *as, struct region *r, uint64_t va, uint64_t first,
	       uint64_t pages, unsigned prot, unsigned maxprot);
int aspace_unmap(struct aspace *as, uint64_t va, uint64_t pages);
int aspace_protect(struct aspace *as, uint64_t va, uint64_t pages, unsigned prot);

/* aspace_translate: the physical address of va, if mapped for user
 * access (and writable, if write).  0, ERR_NOENT or ERR_RIGHTS. */
int aspace_translate(struct aspace *as, uint64_t va, int write, uint64_t *pa);

/* aspace_copy_in / aspace_copy_out: between a user buffer and nucleus
 * memory.  0, or ERR_FAULT if any byte is not mapped (writable, for out). */
int aspace_copy_in(struct aspace *as, uint64_t va, void *dst, uint64_t len);
int aspace_copy_out(struct aspace *as, uint64_t va, const void *src, uint64_t len);

/* aspace_poke: write into the space whatever the mappings' rights (the
 * nucleus loading init's code).  0 or ERR_FAULT. */
int aspace_poke(struct aspace *as, uint64_t va, const void *src, uint64_t len);

/* aspace_ttbr: the TTBR0_EL1 value that selects this space (inline:
 * every thread switch asks it). */
static inline uint64_t aspace_ttbr(const struct aspace *as)
{
	return as->ttbr;
}

#endif
