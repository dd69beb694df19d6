/*
 * memmap.c: the physical memory map (see memmap.h).
 *
 * Small sorted arrays, no allocation: this runs before any allocator
 * exists.  RAM ranges shrink to whole pages (a partial page cannot be
 * handed out); reservations grow to whole pages (a partial page in use is
 * a page in use).
 */
#include "memmap.h"
#include "error.h"
#include "layout.h"

#include <string.h>

#define PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

static void copy_what(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n >= MEMMAP_WHAT)
		n = MEMMAP_WHAT - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void memmap_init(struct memmap *mm)
{
	memset(mm, 0, sizeof(*mm));
}

int memmap_add_ram(struct memmap *mm, struct range r)
{
	int i, j;

	r.base = (r.base + PAGE_MASK) & ~PAGE_MASK;
	r.end &= ~PAGE_MASK;
	if (r.end <= r.base)
		return ERR_INVAL;
	/* absorb every range that touches or overlaps r */
	for (i = 0; i < mm->nram;) {
		struct range *o = &mm->ram[i];

		if (o->base <= r.end && r.base <= o->end) {
			r.base = o->base < r.base ? o->base : r.base;
			r.end = o->end > r.end ? o->end : r.end;
			memmove(o, o + 1, (size_t)(mm->nram - i - 1) * sizeof(*o));
			mm->nram--;
		} else {
			i++;
		}
	}
	if (mm->nram == MEMMAP_MAX)
		return ERR_FULL;
	for (i = 0; i < mm->nram && mm->ram[i].base < r.base; i++)
		;
	for (j = mm->nram; j > i; j--)
		mm->ram[j] = mm->ram[j - 1];
	mm->ram[i] = r;
	mm->nram++;
	return 0;
}

static void add_conflict(struct memmap *mm, enum conflict_kind kind, struct range r,
			 const char *what, const struct reservation *other)
{
	struct conflict *c;

	if (mm->nconflicts == MEMMAP_MAX_CONFLICTS) {
		mm->lost_conflicts++;
		return;
	}
	c = &mm->conflicts[mm->nconflicts++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->r = r;
	copy_what(c->what, what);
	if (other) {
		c->other = other->r;
		copy_what(c->other_what, other->what);
	}
}

/* inside_ram: is all of r covered by one RAM range? (RAM is merged, so a
 * range in RAM lies in exactly one of them.) */
static int inside_ram(const struct memmap *mm, struct range r)
{
	for (int i = 0; i < mm->nram; i++)
		if (mm->ram[i].base <= r.base && r.end <= mm->ram[i].end)
			return 1;
	return 0;
}

int memmap_reserve(struct memmap *mm, struct range r, int nomap, const char *what)
{
	struct reservation *rv;

	if (r.end <= r.base)
		return ERR_INVAL;
	r.base &= ~PAGE_MASK;
	r.end = (r.end + PAGE_MASK) & ~PAGE_MASK;
	if (mm->nresv == MEMMAP_MAX)
		return ERR_FULL;
	for (int i = 0; i < mm->nresv; i++)
		if (range_overlaps(r, mm->resv[i].r))
			add_conflict(mm, CONFLICT_OVERLAP, r, what, &mm->resv[i]);
	if (!inside_ram(mm, r))
		add_conflict(mm, CONFLICT_OUTSIDE_RAM, r, what, NULL);
	rv = &mm->resv[mm->nresv++];
	rv->r = r;
	rv->nomap = nomap;
	copy_what(rv->what, what);
	return 0;
}

static int selected(const struct reservation *rv, int only_nomap)
{
	return !only_nomap || rv->nomap;
}

/* covering: the selected reservation that contains address a, if any. */
static const struct range *covering(const struct memmap *mm, int only_nomap, uint64_t a)
{
	for (int k = 0; k < mm->nresv; k++)
		if (selected(&mm->resv[k], only_nomap) &&
		    mm->resv[k].r.base <= a && a < mm->resv[k].r.end)
			return &mm->resv[k].r;
	return NULL;
}

/* next_start: the lowest start of a selected reservation in (a, limit),
 * or limit. */
static uint64_t next_start(const struct memmap *mm, int only_nomap, uint64_t a,
			   uint64_t limit)
{
	for (int k = 0; k < mm->nresv; k++)
		if (selected(&mm->resv[k], only_nomap) &&
		    mm->resv[k].r.base > a && mm->resv[k].r.base < limit)
			limit = mm->resv[k].r.base;
	return limit;
}

/* subtract: RAM minus the selected reservations, in address order. */
static int subtract(const struct memmap *mm, int only_nomap, struct range *out, int max)
{
	int n = 0;

	for (int i = 0; i < mm->nram; i++) {
		uint64_t cur = mm->ram[i].base, end = mm->ram[i].end;

		while (cur < end) {
			const struct range *in = covering(mm, only_nomap, cur);
			uint64_t cut;

			if (in) {
				cur = in->end;
				continue;
			}
			cut = next_start(mm, only_nomap, cur, end);
			if (n < max)
				out[n] = (struct range){ cur, cut };
			n++;
			cur = cut;
		}
	}
	return n;
}

int memmap_usable(const struct memmap *mm, struct range *out, int max)
{
	return subtract(mm, 0, out, max);
}

int memmap_mappable(const struct memmap *mm, struct range *out, int max)
{
	return subtract(mm, 1, out, max);
}

uint64_t memmap_ram_bytes(const struct memmap *mm)
{
	uint64_t total = 0;

	for (int i = 0; i < mm->nram; i++)
		total += range_size(mm->ram[i]);
	return total;
}
