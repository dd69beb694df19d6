/*
 * pgtable.c: AArch64 translation tables (see pgtable.h).
 *
 * Level 0 entries cover 512 GiB, level 1 1 GiB, level 2 2 MiB, level 3
 * 4 KiB.  Levels 1 and 2 may hold blocks; level 3 holds pages.  Every
 * function works on a range by recursion over the levels, so a mapping of
 * gigabytes costs a handful of block entries, not a loop over pages.
 */
#include "pgtable.h"
#include "layout.h"
#include "error.h"

#define ENTRIES   512
#define VA_MASK   ((1ULL << 48) - 1)

static unsigned shift_of(int level)
{
	return 39 - 9 * (unsigned)level;
}

static uint64_t span_of(int level)
{
	return 1ULL << shift_of(level);
}

static unsigned index_of(int level, uint64_t va)
{
	return (va >> shift_of(level)) & (ENTRIES - 1);
}

static uint64_t *table(const struct pgtable *pt, uint64_t pa)
{
	return pt->table_va(pt->ctx, pa);
}

static int is_table(uint64_t d, int level)
{
	return level < 3 && (d & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

uint64_t pt_encode(unsigned prot)
{
	uint64_t a = PTE_VALID | PTE_AF;

	if (prot & PT_DEVICE)
		a |= PTE_ATTR(MT_DEVICE_nGnRE);
	else
		a |= PTE_ATTR(MT_NORMAL) | PTE_SH_INNER;
	if (!(prot & PT_WRITE))
		a |= PTE_AP_RO;
	if (prot & PT_USER)
		a |= PTE_AP_EL0 | PTE_NG | PTE_PXN | ((prot & PT_EXEC) ? 0 : PTE_UXN);
	else
		a |= PTE_UXN | ((prot & PT_EXEC) ? 0 : PTE_PXN);
	return a;
}

unsigned pt_decode(uint64_t d)
{
	unsigned prot = PT_READ;
	int user = (d & PTE_AP_EL0) != 0;

	if (!(d & PTE_AP_RO))
		prot |= PT_WRITE;
	if (user)
		prot |= PT_USER;
	if (!(d & (user ? PTE_UXN : PTE_PXN)))
		prot |= PT_EXEC;
	if (((d >> 2) & 7) == MT_DEVICE_nGnRE || ((d >> 2) & 7) == MT_DEVICE_nGnRnE)
		prot |= PT_DEVICE;
	return prot;
}

int pt_init(struct pgtable *pt)
{
	return pt->alloc_table(pt->ctx, &pt->root);
}

static int fits_block(int level, uint64_t va, uint64_t pa, uint64_t end, unsigned flags)
{
	uint64_t span = span_of(level);

	if (level == 3)
		return 1;
	if (level == 0 || (flags & PT_PAGES_ONLY))
		return 0;
	return !(va & (span - 1)) && !(pa & (span - 1)) && end - va >= span;
}

/* map_range: map [va, end) from pa below the table at tpa, in one walk
 * that also checks nothing is mapped there yet (ERR_EXIST: pt_map then
 * undoes what it did); *done gets how far it got.  A table already in
 * place is descended into, never replaced by a block. */
static int map_range(struct pgtable *pt, uint64_t tpa, int level, uint64_t va,
		     uint64_t end, uint64_t pa, uint64_t attrs, unsigned flags,
		     uint64_t *done)
{
	uint64_t *t = table(pt, tpa);

	while (va < end) {
		uint64_t span = span_of(level), next = (va & ~(span - 1)) + span;
		uint64_t *d = &t[index_of(level, va)];
		int err;

		if (next > end || next == 0)
			next = end;
		if (is_table(*d, level)) {
			err = map_range(pt, *d & PTE_ADDR_MASK, level + 1, va, next, pa,
					attrs, flags, done);
			if (err)
				return err;
		} else if (*d & PTE_VALID) {
			return ERR_EXIST;
		} else if (fits_block(level, va, pa, end, flags)) {
			*d = pa | attrs | (level == 3 ? PTE_PAGE : 0);
		} else {
			uint64_t npa;

			err = pt->alloc_table(pt->ctx, &npa);
			if (err)
				return err;
			*d = npa | PTE_VALID | PTE_TABLE;
			err = map_range(pt, npa, level + 1, va, next, pa, attrs, flags, done);
			if (err)
				return err;
		}
		pa += next - va;
		va = next;
		*done = va;
	}
	return 0;
}

static int check_map_args(uint64_t va, uint64_t pa, uint64_t size, unsigned prot)
{
	if ((va | pa | size) & (PAGE_SIZE - 1) || !size)
		return ERR_INVAL;
	if ((va & VA_MASK) + size - 1 > VA_MASK || pa + size - 1 > VA_MASK)
		return ERR_INVAL;
	if (!(prot & PT_READ) || ((prot & PT_DEVICE) && (prot & PT_EXEC)))
		return ERR_INVAL;
	return 0;
}

int pt_map(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size,
	   unsigned prot, unsigned flags)
{
	uint64_t lo = va & VA_MASK, done = lo;
	int err = check_map_args(va, pa, size, prot);

	if (err)
		return err;
	err = map_range(pt, pt->root, 0, lo, lo + size, pa, pt_encode(prot), flags, &done);
	if (err && done > lo)
		pt_unmap(pt, va, done - lo);
	return err;
}

/* splits_block: would unmapping [va, end) cut a block in two? */
static int splits_block(const struct pgtable *pt, uint64_t tpa, int level,
			uint64_t va, uint64_t end)
{
	uint64_t *t = table(pt, tpa);

	while (va < end) {
		uint64_t span = span_of(level), base = va & ~(span - 1), next = base + span;
		uint64_t d = t[index_of(level, va)];

		if (next > end || next == 0)
			next = end;
		if (is_table(d, level)) {
			if (splits_block(pt, d & PTE_ADDR_MASK, level + 1, va, next))
				return 1;
		} else if ((d & PTE_VALID) && (va != base || next - base != span)) {
			return 1;
		}
		va = next;
	}
	return 0;
}

static void unmap_range(struct pgtable *pt, uint64_t tpa, int level, uint64_t va,
			uint64_t end)
{
	uint64_t *t = table(pt, tpa);

	while (va < end) {
		uint64_t span = span_of(level), next = (va & ~(span - 1)) + span;
		uint64_t *d = &t[index_of(level, va)];

		if (next > end || next == 0)
			next = end;
		if (is_table(*d, level))
			unmap_range(pt, *d & PTE_ADDR_MASK, level + 1, va, next);
		else
			*d = 0;
		va = next;
	}
}

int pt_unmap(struct pgtable *pt, uint64_t va, uint64_t size)
{
	uint64_t lo = va & VA_MASK;

	if ((va | size) & (PAGE_SIZE - 1) || !size || lo + size - 1 > VA_MASK)
		return ERR_INVAL;
	if (splits_block(pt, pt->root, 0, lo, lo + size))
		return ERR_INVAL;
	unmap_range(pt, pt->root, 0, lo, lo + size);
	return 0;
}

/* covered: is all of [va, end) mapped by leaves wholly inside it? */
static int covered(const struct pgtable *pt, uint64_t tpa, int level, uint64_t va, uint64_t end)
{
	uint64_t *t = table(pt, tpa);

	while (va < end) {
		uint64_t span = span_of(level), base = va & ~(span - 1), next = base + span;
		uint64_t d = t[index_of(level, va)];

		if (next > end || next == 0)
			next = end;
		if (is_table(d, level)) {
			if (!covered(pt, d & PTE_ADDR_MASK, level + 1, va, next))
				return 0;
		} else if (!(d & PTE_VALID) || va != base || next - base != span) {
			return 0;
		}
		va = next;
	}
	return 1;
}

static void protect_range(struct pgtable *pt, uint64_t tpa, int level, uint64_t va,
			  uint64_t end, uint64_t attrs)
{
	uint64_t *t = table(pt, tpa);

	while (va < end) {
		uint64_t span = span_of(level), next = (va & ~(span - 1)) + span;
		uint64_t *d = &t[index_of(level, va)];

		if (next > end || next == 0)
			next = end;
		if (is_table(*d, level))
			protect_range(pt, *d & PTE_ADDR_MASK, level + 1, va, next, attrs);
		else
			*d = (*d & PTE_ADDR_MASK) | attrs | (level == 3 ? PTE_PAGE : 0);
		va = next;
	}
}

int pt_protect(struct pgtable *pt, uint64_t va, uint64_t size, unsigned prot)
{
	uint64_t lo = va & VA_MASK;

	if ((va | size) & (PAGE_SIZE - 1) || !size || lo + size - 1 > VA_MASK)
		return ERR_INVAL;
	if (!(prot & PT_READ) || ((prot & PT_DEVICE) && (prot & PT_EXEC)))
		return ERR_INVAL;
	if (!covered(pt, pt->root, 0, lo, lo + size))
		return ERR_NOENT;
	protect_range(pt, pt->root, 0, lo, lo + size, pt_encode(prot));
	return 0;
}

static void destroy_table(struct pgtable *pt, uint64_t tpa, int level,
			  void (*free_table)(void *ctx, uint64_t pa))
{
	uint64_t *t = table(pt, tpa);

	for (unsigned i = 0; i < ENTRIES && level < 3; i++)
		if (is_table(t[i], level))
			destroy_table(pt, t[i] & PTE_ADDR_MASK, level + 1, free_table);
	free_table(pt->ctx, tpa);
}

void pt_destroy(struct pgtable *pt, void (*free_table)(void *ctx, uint64_t pa))
{
	destroy_table(pt, pt->root, 0, free_table);
	pt->root = 0;
}

static void fill_leaf(struct pt_leaf *out, uint64_t va, uint64_t d, int level)
{
	uint64_t span = span_of(level);

	out->va = va & ~(span - 1);
	out->pa = d & PTE_ADDR_MASK & ~(span - 1);
	out->size = span;
	out->prot = pt_decode(d);
	out->level = level;
	out->raw = d;
}

int pt_lookup(const struct pgtable *pt, uint64_t va, struct pt_leaf *out)
{
	uint64_t tpa = pt->root;

	for (int level = 0; level <= 3; level++) {
		uint64_t d = table(pt, tpa)[index_of(level, va)];

		if (!(d & PTE_VALID) || (level == 3 && !(d & PTE_PAGE)))
			return ERR_NOENT;
		if (!is_table(d, level)) {
			if (level == 0)
				return ERR_NOENT;   /* no blocks at level 0 */
			fill_leaf(out, va, d, level);
			return 0;
		}
		tpa = d & PTE_ADDR_MASK;
	}
	return ERR_NOENT;
}

static void walk_table(const struct pgtable *pt, uint64_t tpa, int level, uint64_t va,
		       uint64_t high, void (*fn)(void *, const struct pt_leaf *), void *arg)
{
	const uint64_t *t = table(pt, tpa);

	for (unsigned i = 0; i < ENTRIES; i++) {
		uint64_t d = t[i], eva = va + (uint64_t)i * span_of(level);
		struct pt_leaf leaf;

		if (!(d & PTE_VALID))
			continue;
		if (is_table(d, level)) {
			walk_table(pt, d & PTE_ADDR_MASK, level + 1, eva, high, fn, arg);
		} else if (level > 0) {
			fill_leaf(&leaf, eva | high, d, level);
			fn(arg, &leaf);
		}
	}
}

void pt_walk(const struct pgtable *pt, int upper,
	     void (*fn)(void *arg, const struct pt_leaf *leaf), void *arg)
{
	walk_table(pt, pt->root, 0, 0, upper ? ~VA_MASK : 0, fn, arg);
}
