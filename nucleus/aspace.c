/*
 * aspace.c: address spaces (see aspace.h).
 *
 * The mapping list is a sorted array, grown by doubling and charged to
 * the space's budget.  Every operation checks all its arguments and makes
 * room for the entries it may add before it changes anything.
 */
#include "aspace.h"
#include "region.h"
#include "budget.h"
#include "kmem.h"
#include "error.h"
#include "layout.h"
#include "arch.h"

#include <string.h>

static int pt_alloc(void *ctx, uint64_t *pa)
{
	return kmem_alloc_frame(ctx, pa);
}

static void pt_free(void *ctx, uint64_t pa)
{
	kmem_free_frame(ctx, pa);
}

static void *pt_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return arch_phys_to_virt(pa);
}

int aspace_create(struct budget *b, struct aspace **out)
{
	struct aspace *as;
	int err = obj_alloc(b, OBJ_ASPACE, sizeof(*as), (struct object **)&as);

	if (err)
		return err;
	as->pt = (struct pgtable){ .alloc_table = pt_alloc, .table_va = pt_va, .ctx = b };
	err = arch_asid_alloc(&as->asid);
	if (!err)
		err = pt_init(&as->pt);
	if (err) {
		obj_put(&as->obj);
		return err;
	}
	as->ttbr = ((uint64_t)as->asid << 48) | as->pt.root;
	*out = as;
	return 0;
}

static unsigned pt_prot(const struct mapping *m, unsigned prot)
{
	unsigned p = PT_USER | PT_READ;

	if (prot & RIGHT_WRITE)
		p |= PT_WRITE;
	if (prot & RIGHT_EXEC)
		p |= PT_EXEC;
	if (m->region->kind == REGION_DEVICE)
		p |= PT_DEVICE;
	return p;
}

/* first_after: index of the first mapping ending after va. */
static uint32_t first_after(const struct aspace *as, uint64_t va)
{
	uint32_t lo = 0, hi = as->nmaps;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (as->maps[mid].va + as->maps[mid].pages * PAGE_SIZE <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int reserve(struct aspace *as, uint32_t extra)
{
	uint32_t ncap = as->cap ? as->cap : 8;
	struct mapping *nm;
	int err;

	if (as->nmaps + extra <= as->cap)
		return 0;
	while (ncap < as->nmaps + extra)
		ncap *= 2;
	err = kmem_alloc(as->obj.budget, ncap * sizeof(*nm), (void **)&nm);
	if (err)
		return err;
	if (as->maps) {
		memcpy(nm, as->maps, as->nmaps * sizeof(*nm));
		kmem_free(as->obj.budget, as->maps, as->cap * sizeof(*nm));
	}
	as->maps = nm;
	as->cap = ncap;
	return 0;
}

static void insert_at(struct aspace *as, uint32_t i, const struct mapping *m)
{
	memmove(&as->maps[i + 1], &as->maps[i], (as->nmaps - i) * sizeof(*m));
	as->maps[i] = *m;
	as->nmaps++;
}

static void remove_at(struct aspace *as, uint32_t i)
{
	memmove(&as->maps[i], &as->maps[i + 1], (as->nmaps - i - 1) * sizeof(as->maps[0]));
	as->nmaps--;
}

static int range_ok(uint64_t va, uint64_t pages)
{
	return !(va & (PAGE_SIZE - 1)) && pages && pages <= USER_VA_TOP / PAGE_SIZE &&
	       va >= USER_VA_MIN && va + pages * PAGE_SIZE <= USER_VA_TOP;
}

/* map_frames: enter the page-table entries, a physically contiguous run
 * at a time. */
static int map_frames(struct aspace *as, const struct mapping *m)
{
	uint64_t i = 0;

	while (i < m->pages) {
		uint64_t pa = region_frame(m->region, m->first + i), n = 1;
		int err;

		while (i + n < m->pages && region_frame(m->region, m->first + i + n) == pa + n * PAGE_SIZE)
			n++;
		err = pt_map(&as->pt, m->va + i * PAGE_SIZE, pa, n * PAGE_SIZE,
			     pt_prot(m, m->prot), PT_PAGES_ONLY);
		if (err) {
			if (i)
				pt_unmap(&as->pt, m->va, i * PAGE_SIZE);
			return err;
		}
		i += n;
	}
	return 0;
}

/* continues: does mapping b carry on where a ends (same region, rights,
 * next pages at the next addresses)?  Then they are kept as one: a pager
 * that maps a page per fault keeps one mapping, not thousands. */
static int continues(const struct mapping *a, const struct mapping *b)
{
	return a->region == b->region && a->prot == b->prot && a->maxprot == b->maxprot &&
	       a->va + a->pages * PAGE_SIZE == b->va && a->first + a->pages == b->first;
}

/* add_mapping: m (its pages just entered) joins the list at index i,
 * merged with its neighbours where it continues them. */
static void add_mapping(struct aspace *as, uint32_t i, const struct mapping *m)
{
	struct mapping *prev = i ? &as->maps[i - 1] : NULL;

	if (prev && continues(prev, m)) {
		prev->pages += m->pages;
		if (i < as->nmaps && continues(prev, &as->maps[i])) {
			prev->pages += as->maps[i].pages;
			obj_put(&as->maps[i].region->obj);
			remove_at(as, i);
		}
	} else if (i < as->nmaps && continues(m, &as->maps[i])) {
		as->maps[i].va = m->va;
		as->maps[i].first = m->first;
		as->maps[i].pages += m->pages;
	} else {
		obj_get(&m->region->obj);
		insert_at(as, i, m);
	}
}

int aspace_map(struct aspace *as, struct region *r, uint64_t va, uint64_t first,
	       uint64_t pages, unsigned prot, unsigned maxprot)
{
	struct mapping m = { va, pages, r, first, prot & MAP_RIGHTS, maxprot & MAP_RIGHTS };
	uint32_t i;
	int err;

	if (!range_ok(va, pages) || !(prot & RIGHT_READ) || (prot & ~m.maxprot))
		return ERR_INVAL;
	if (first > r->pages || pages > r->pages - first)
		return ERR_RANGE;
	i = first_after(as, va);
	if (i < as->nmaps && as->maps[i].va < va + pages * PAGE_SIZE)
		return ERR_EXIST;
	err = reserve(as, 1);
	if (!err)
		err = map_frames(as, &m);
	if (err)
		return err;
	add_mapping(as, i, &m);
	return 0;
}

/* split: make a mapping boundary at va (inside mapping i): i keeps the
 * part below, i + 1 the part from va. */
static void split(struct aspace *as, uint32_t i, uint64_t va)
{
	struct mapping hi = as->maps[i];
	uint64_t below = (va - hi.va) / PAGE_SIZE;

	as->maps[i].pages = below;
	hi.va = va;
	hi.first += below;
	hi.pages -= below;
	obj_get(&hi.region->obj);
	insert_at(as, i + 1, &hi);
}

/* cut: make boundaries at va and end; returns the first mapping in range. */
static uint32_t cut(struct aspace *as, uint64_t va, uint64_t end)
{
	uint32_t i = first_after(as, va), j;

	if (i < as->nmaps && as->maps[i].va < va)
		split(as, i++, va);
	j = first_after(as, end);
	if (j < as->nmaps && as->maps[j].va < end)
		split(as, j, end);
	return i;
}

int aspace_unmap(struct aspace *as, uint64_t va, uint64_t pages)
{
	uint64_t end = va + pages * PAGE_SIZE;
	uint32_t i;
	int err;

	if (!range_ok(va, pages))
		return ERR_INVAL;
	err = reserve(as, 2);
	if (err)
		return err;
	i = cut(as, va, end);
	while (i < as->nmaps && as->maps[i].va < end) {
		struct mapping m = as->maps[i];

		pt_unmap(&as->pt, m.va, m.pages * PAGE_SIZE);
		remove_at(as, i);
		obj_put(&m.region->obj);
	}
	arch_tlb_flush(as->asid, va, pages);
	return 0;
}

/* fully_mapped: every page of [va, end) is in some mapping allowing prot. */
static int check_protect(const struct aspace *as, uint64_t va, uint64_t end, unsigned prot)
{
	uint32_t i = first_after(as, va);
	uint64_t at = va;

	for (; at < end; i++) {
		if (i >= as->nmaps || as->maps[i].va > at)
			return ERR_NOENT;
		if (prot & ~as->maps[i].maxprot)
			return ERR_RIGHTS;
		at = as->maps[i].va + as->maps[i].pages * PAGE_SIZE;
	}
	return 0;
}

int aspace_protect(struct aspace *as, uint64_t va, uint64_t pages, unsigned prot)
{
	uint64_t end = va + pages * PAGE_SIZE;
	uint32_t i;
	int err;

	if (!range_ok(va, pages) || !(prot & RIGHT_READ) || (prot & ~MAP_RIGHTS))
		return ERR_INVAL;
	err = check_protect(as, va, end, prot);
	if (!err)
		err = reserve(as, 2);
	if (err)
		return err;
	for (i = cut(as, va, end); i < as->nmaps && as->maps[i].va < end; i++) {
		as->maps[i].prot = prot;
		pt_protect(&as->pt, as->maps[i].va, as->maps[i].pages * PAGE_SIZE,
			   pt_prot(&as->maps[i], prot));
	}
	arch_tlb_flush(as->asid, va, pages);
	return 0;
}

int aspace_translate(struct aspace *as, uint64_t va, int write, uint64_t *pa)
{
	struct pt_leaf leaf;

	if (va >= USER_VA_TOP || pt_lookup(&as->pt, va, &leaf))
		return ERR_NOENT;
	if (!(leaf.prot & PT_USER) || (write && !(leaf.prot & PT_WRITE)))
		return ERR_RIGHTS;
	*pa = leaf.pa + (va - leaf.va);
	return 0;
}

static int copy_user(struct aspace *as, uint64_t va, void *k, uint64_t len, int out,
		     int need_write)
{
	uint8_t *p = k;

	while (len) {
		uint64_t pa, n = PAGE_SIZE - (va & (PAGE_SIZE - 1));

		if (n > len)
			n = len;
		if (aspace_translate(as, va, need_write, &pa))
			return ERR_FAULT;
		if (out)
			memcpy(arch_phys_to_virt(pa), p, n);
		else
			memcpy(p, arch_phys_to_virt(pa), n);
		va += n;
		p += n;
		len -= n;
	}
	return 0;
}

int aspace_copy_in(struct aspace *as, uint64_t va, void *dst, uint64_t len)
{
	return copy_user(as, va, dst, len, 0, 0);
}

int aspace_copy_out(struct aspace *as, uint64_t va, const void *src, uint64_t len)
{
	return copy_user(as, va, (void *)src, len, 1, 1);
}

int aspace_poke(struct aspace *as, uint64_t va, const void *src, uint64_t len)
{
	return copy_user(as, va, (void *)src, len, 1, 0);
}

void aspace_destroy(struct object *o)
{
	struct aspace *as = (struct aspace *)o;

	for (uint32_t i = 0; i < as->nmaps; i++)
		obj_put(&as->maps[i].region->obj);
	if (as->maps)
		kmem_free(o->budget, as->maps, as->cap * sizeof(struct mapping));
	arch_aspace_gone(as->asid);
	if (as->pt.root)
		pt_destroy(&as->pt, pt_free);
	if (as->asid) {
		arch_tlb_flush(as->asid, 0, 0);
		arch_asid_free(as->asid);
	}
}
