/*
 * areas.c: the memory areas of a process, as linuxpx mapped them: each
 * a run of pages of one region at one address with one set of rights.
 * fork needs them (it copies the writable ones and shares the others),
 * and munmap and mprotect keep them in step by cutting them.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

/* dup_region: a second handle for a region, with the same rights. */
static int dup_region(uint32_t h, uint32_t *out)
{
	struct lc_ret info = lc_sys(SYS_handle_info, h, 0, 0, 0, 0, 0);

	return info.err || lc_handle_dup(h, (uint32_t)info.r2, 0, out) ? -ENOMEM : 0;
}

static void drop(struct area *a)
{
	lc_handle_close(a->region);
	a->pages = 0;
}

/* area_add: pages of region (from its page first) at va with rights;
 * the area keeps the region handle.  Its index, or -ENOMEM. */
int area_add(struct proc *p, uint64_t va, uint64_t pages, unsigned rights, uint32_t region,
	     uint64_t first)
{
	for (int i = 0; i < AREAS; i++)
		if (!p->areas[i].pages) {
			p->areas[i] = (struct area){ va, pages, rights, region, first, 0 };
			return i;
		}
	return -ENOMEM;
}

/* cut: areas overlapping [va, end) split so that none straddles va or
 * end; the pieces share the region (a second handle for the second). */
static int cut(struct proc *p, uint64_t va, uint64_t end)
{
	for (int i = 0; i < AREAS; i++) {
		struct area *a = &p->areas[i];
		uint64_t a_end = a->va + a->pages * PAGE;
		uint64_t at = va > a->va && va < a_end ? va : end > a->va && end < a_end ? end : 0;
		uint32_t dup;
		int k;

		if (!a->pages || !at)
			continue;
		if (dup_region(a->region, &dup))
			return -ENOMEM;
		k = area_add(p, at, (a_end - at) / PAGE, a->rights, dup, a->first + (at - a->va) / PAGE);
		if (k < 0) {
			lc_handle_close(dup);
			return -ENOMEM;
		}
		p->areas[k].shared = a->shared;
		a->pages = (at - a->va) / PAGE;
		i = -1;                                /* start over: both pieces may need cuts */
	}
	return 0;
}

/* area_remove: forget [va, end) (its pages are unmapped by the caller). */
int area_remove(struct proc *p, uint64_t va, uint64_t end)
{
	int err = cut(p, va, end);

	for (int i = 0; i < AREAS; i++) {
		struct area *a = &p->areas[i];

		if (a->pages && a->va >= va && a->va + a->pages * PAGE <= end)
			drop(a);
	}
	return err;
}

/* area_protect: new rights on [va, end); a shared area may not become
 * writable (it would write into the other process's pages). */
int area_protect(struct proc *p, uint64_t va, uint64_t end, unsigned rights)
{
	int err = cut(p, va, end);

	if (err)
		return err;
	for (int i = 0; i < AREAS; i++) {
		struct area *a = &p->areas[i];

		if (a->pages && a->va >= va && a->va + a->pages * PAGE <= end) {
			if (a->shared && (rights & RIGHT_WRITE))
				return -EACCES;
			a->rights = rights;
		}
	}
	return 0;
}

void areas_end(struct proc *p)
{
	for (int i = 0; i < AREAS; i++)
		if (p->areas[i].pages)
			drop(&p->areas[i]);
}

/* areas_copy: child gets parent's memory: read-only areas share their
 * region, writable ones are copied now (fork; no copy-on-write yet). */
int areas_copy(struct proc *parent, struct proc *child)
{
	for (int i = 0; i < AREAS; i++) {
		struct area *a = &parent->areas[i];
		uint32_t r;
		int err;

		if (!a->pages)
			continue;
		if (!(a->rights & RIGHT_WRITE)) {
			int k;

			if (dup_region(a->region, &r))
				return -ENOMEM;
			if (lc_map(child->aspace, r, a->va, a->first, a->pages, a->rights) ||
			    (k = area_add(child, a->va, a->pages, a->rights, r, a->first)) < 0) {
				lc_handle_close(r);
				return -ENOMEM;
			}
			a->shared = 1;
			child->areas[k].shared = 1;
			continue;
		}
		if (lc_region_create_for(child->task, a->pages, &r))
			return -ENOMEM;
		err = lc_map(startinfo_aspace(), r, SCRATCH_VA, 0, a->pages, RIGHT_READ | RIGHT_WRITE);
		if (!err)
			err = copy_in(parent, (void *)SCRATCH_VA, a->va, a->pages * PAGE);
		lc_unmap(startinfo_aspace(), SCRATCH_VA, a->pages);
		if (err || lc_map(child->aspace, r, a->va, 0, a->pages, a->rights) ||
		    area_add(child, a->va, a->pages, a->rights, r, 0) < 0) {
			lc_handle_close(r);
			return -ENOMEM;
		}
	}
	return 0;
}
