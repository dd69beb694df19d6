/*
 * region.c: memory regions (see region.h).
 *
 * A region's bytes are charged to its creator's budget: the frames
 * (a page each) and, for scattered regions, the frame list.
 */
#include "region.h"
#include "budget.h"
#include "kmem.h"
#include "frame.h"
#include "error.h"
#include "layout.h"
#include "arch.h"

#include <string.h>

extern struct frame_pool *nucleus_frames;

static void free_frames(struct region *r, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		kmem_free_frame(r->obj.budget, r->frames[i]);
}

static int fill_scattered(struct region *r)
{
	int err = kmem_alloc(r->obj.budget, r->pages * sizeof(uint64_t), (void **)&r->frames);

	if (err)
		return err;
	for (uint64_t i = 0; i < r->pages; i++) {
		err = kmem_alloc_frame(r->obj.budget, &r->frames[i]);
		if (err) {
			free_frames(r, i);
			kmem_free(r->obj.budget, r->frames, r->pages * sizeof(uint64_t));
			r->frames = NULL;
			return err;
		}
	}
	return 0;
}

static int fill_contiguous(struct region *r)
{
	uint64_t bytes = r->pages * PAGE_SIZE;
	int err = budget_charge(r->obj.budget, bytes);

	if (err)
		return err;
	if (frame_alloc_contig(nucleus_frames, r->pages, PAGE_SIZE, &r->base)) {
		budget_refund(r->obj.budget, bytes);
		return ERR_NOMEM;
	}
	memset(arch_phys_to_virt(r->base), 0, bytes);
	return 0;
}

int region_create_ram(struct budget *b, uint64_t pages, int contiguous, struct region **out)
{
	struct region *r;
	int err;

	if (!pages || pages > REGION_MAX_PAGES)
		return ERR_INVAL;
	err = obj_alloc(b, OBJ_REGION, sizeof(*r), (struct object **)&r);
	if (err)
		return err;
	r->kind = REGION_RAM;
	r->pages = pages;
	r->contiguous = contiguous;
	err = contiguous ? fill_contiguous(r) : fill_scattered(r);
	if (err) {
		r->pages = 0;         /* nothing for region_destroy to free */
		obj_put(&r->obj);
		return err;
	}
	*out = r;
	return 0;
}

int region_create_fixed(struct budget *b, enum region_kind kind, uint64_t base,
			uint64_t pages, struct region **out)
{
	struct region *r;
	int err = obj_alloc(b, OBJ_REGION, sizeof(*r), (struct object **)&r);

	if (err)
		return err;
	r->kind = kind;
	r->base = base;
	r->pages = pages;
	r->contiguous = 1;
	*out = r;
	return 0;
}

void region_destroy(struct object *o)
{
	struct region *r = (struct region *)o;

	if (r->kind != REGION_RAM || !r->pages)
		return;
	if (r->contiguous) {
		frame_free_contig(nucleus_frames, r->base, r->pages);
		budget_refund(o->budget, r->pages * PAGE_SIZE);
		return;
	}
	free_frames(r, r->pages);
	kmem_free(o->budget, r->frames, r->pages * sizeof(uint64_t));
}
