/*
 * test_aspace.c: address spaces (aspace.c over region.c and pgtable.c),
 * against aspace.h: mappings of a region at page offsets, unmap and
 * protect over ranges that split mappings at both ends (each page still
 * translating to the right frame of the region), a reference on the
 * region per mapping piece, errors that change nothing, one TLB flush per
 * unmap or protect and none for a map, and a destroyed space that gives
 * back every region reference and every page-table page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_nucleus.h"
#include "task.h"
#include "thread.h"
#include "handle.h"
#include "region.h"
#include "aspace.h"
#include "kmem.h"
#include "layout.h"
#include "error.h"

#define VA   0x400000UL
#define RW   (RIGHT_READ | RIGHT_WRITE)
#define RWX  (RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC)

static struct task *task;
static struct aspace *as;
static struct region *r;      /* 16 scattered pages, the test's reference */

static int setup(void **state)
{
	if (hn_setup(state))
		return -1;
	task = hn_task("as", 4 << 20);
	as = task->aspace;
	assert_int_equal(region_create_ram(task->budget, 16, 0, &r), 0);
	return 0;
}

static int teardown(void **state)
{
	uint64_t used;
	unsigned asids;

	obj_put(&r->obj);
	hn_kill(task);
	used = hn_root.used;
	asids = hn_asids_live;
	hn_teardown(state);
	assert_int_equal(used, 0);
	assert_int_equal(asids, 0);
	return 0;
}

/* expect: page i of [va, va + n pages) translates to page first + i of
 * reg (writable when w), or is unmapped when reg is NULL. */
static void expect(uint64_t va, uint64_t n, const struct region *reg, uint64_t first, int w)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pa, at = va + i * PAGE_SIZE;

		if (!reg) {
			assert_int_equal(aspace_translate(as, at, 0, &pa), ERR_NOENT);
			continue;
		}
		assert_int_equal(aspace_translate(as, at + 123, 0, &pa), 0);
		assert_int_equal(pa, region_frame(reg, first + i) + 123);
		assert_int_equal(aspace_translate(as, at, 1, &pa), w ? 0 : ERR_RIGHTS);
	}
}

static void test_map(void **state)
{
	uint64_t pa;

	(void)state;
	assert_int_equal(aspace_map(as, r, VA, 2, 8, RW, RWX), 0);
	assert_int_equal(r->obj.refs, 2);
	assert_int_equal(as->nmaps, 1);
	expect(VA, 8, r, 2, 1);
	expect(VA - PAGE_SIZE, 1, NULL, 0, 0);
	expect(VA + 8 * PAGE_SIZE, 1, NULL, 0, 0);
	assert_int_equal(hn_nflushes, 0);                    /* nothing to flush for a map */
	/* read-only, elsewhere, the same frames */
	assert_int_equal(aspace_map(as, r, 0x10000000, 0, 16, RIGHT_READ, RW), 0);
	assert_int_equal(aspace_translate(as, 0x10000000 + 2 * PAGE_SIZE, 0, &pa), 0);
	assert_int_equal(pa, region_frame(r, 2));
	assert_int_equal(aspace_translate(as, 0x10000000, 1, &pa), ERR_RIGHTS);
	assert_int_equal(r->obj.refs, 3);
	assert_int_equal(hn_nflushes, 0);
	assert_int_equal(aspace_translate(as, USER_VA_TOP, 0, &pa), ERR_NOENT);
}

static void test_map_errors(void **state)
{
	uint64_t used;

	(void)state;
	assert_int_equal(aspace_map(as, r, VA, 0, 4, RW, RW), 0);
	used = task->budget->used;
	assert_int_equal(aspace_map(as, r, VA + 1, 0, 1, RW, RW), ERR_INVAL);
	assert_int_equal(aspace_map(as, r, 0, 0, 1, RW, RW), ERR_INVAL);       /* below USER_VA_MIN */
	assert_int_equal(aspace_map(as, r, USER_VA_TOP - PAGE_SIZE, 0, 2, RW, RW), ERR_INVAL);
	assert_int_equal(aspace_map(as, r, 0x800000, 0, 0, RW, RW), ERR_INVAL);
	assert_int_equal(aspace_map(as, r, 0x800000, 0, 1, RIGHT_WRITE, RW), ERR_INVAL);
	assert_int_equal(aspace_map(as, r, 0x800000, 0, 1, RWX, RW), ERR_INVAL);
	assert_int_equal(aspace_map(as, r, 0x800000, 10, 7, RW, RW), ERR_RANGE);
	assert_int_equal(aspace_map(as, r, 0x800000, 17, 1, RW, RW), ERR_RANGE);
	assert_int_equal(aspace_map(as, r, 0x800000, UINT64_MAX, 2, RW, RW), ERR_RANGE);
	/* overlaps at either end and all around */
	assert_int_equal(aspace_map(as, r, VA - PAGE_SIZE, 0, 2, RW, RW), ERR_EXIST);
	assert_int_equal(aspace_map(as, r, VA + 3 * PAGE_SIZE, 0, 2, RW, RW), ERR_EXIST);
	assert_int_equal(aspace_map(as, r, VA - PAGE_SIZE, 0, 6, RW, RW), ERR_EXIST);
	assert_int_equal(aspace_map(as, r, VA + PAGE_SIZE, 0, 1, RW, RW), ERR_EXIST);
	assert_int_equal(as->nmaps, 1);
	assert_int_equal(r->obj.refs, 2);
	assert_int_equal(task->budget->used, used);
	expect(VA - PAGE_SIZE, 1, NULL, 0, 0);
	expect(VA, 4, r, 0, 1);
	expect(VA + 4 * PAGE_SIZE, 1, NULL, 0, 0);
	/* right next to it on both sides is fine */
	assert_int_equal(aspace_map(as, r, VA - PAGE_SIZE, 15, 1, RW, RW), 0);
	assert_int_equal(aspace_map(as, r, VA + 4 * PAGE_SIZE, 4, 1, RW, RW), 0);
	expect(VA - PAGE_SIZE, 1, r, 15, 1);
	expect(VA, 5, r, 0, 1);
	/* the page after continues the mapping (next page of the region, at
	 * the next address): the two are kept as one, with one reference */
	assert_int_equal(as->nmaps, 2);
	assert_int_equal(r->obj.refs, 3);
}

static void test_unmap_splits(void **state)
{
	(void)state;
	assert_int_equal(aspace_map(as, r, VA, 0, 16, RW, RW), 0);
	/* a hole in the middle: two pieces, each with its own reference */
	assert_int_equal(aspace_unmap(as, VA + 5 * PAGE_SIZE, 3), 0);
	assert_int_equal(as->nmaps, 2);
	assert_int_equal(r->obj.refs, 3);
	expect(VA, 5, r, 0, 1);
	expect(VA + 5 * PAGE_SIZE, 3, NULL, 0, 0);
	expect(VA + 8 * PAGE_SIZE, 8, r, 8, 1);
	assert_int_equal(as->maps[1].first, 8);
	assert_int_equal(hn_nflushes, 1);
	assert_int_equal(hn_flushes[0].asid, as->asid);
	assert_int_equal(hn_flushes[0].va, VA + 5 * PAGE_SIZE);
	assert_int_equal(hn_flushes[0].pages, 3);
	/* across the hole, cutting both pieces */
	assert_int_equal(aspace_unmap(as, VA + 3 * PAGE_SIZE, 7), 0);
	assert_int_equal(as->nmaps, 2);
	expect(VA, 3, r, 0, 1);
	expect(VA + 3 * PAGE_SIZE, 7, NULL, 0, 0);
	expect(VA + 10 * PAGE_SIZE, 6, r, 10, 1);
	assert_int_equal(r->obj.refs, 3);
	/* a hole only: nothing to do, still fine */
	assert_int_equal(aspace_unmap(as, VA + 4 * PAGE_SIZE, 2), 0);
	assert_int_equal(aspace_unmap(as, 0, 1), ERR_INVAL);
	assert_int_equal(aspace_unmap(as, VA + 1, 1), ERR_INVAL);
	/* everything, in one call over pieces and holes */
	assert_int_equal(aspace_unmap(as, VA - 16 * PAGE_SIZE, 64), 0);
	assert_int_equal(as->nmaps, 0);
	assert_int_equal(r->obj.refs, 1);
	expect(VA, 16, NULL, 0, 0);
}

static void test_protect(void **state)
{
	unsigned flushes;

	(void)state;
	assert_int_equal(aspace_map(as, r, VA, 0, 16, RW, RW), 0);
	assert_int_equal(aspace_protect(as, VA + 4 * PAGE_SIZE, 4, RIGHT_READ), 0);
	assert_int_equal(as->nmaps, 3);
	assert_int_equal(r->obj.refs, 4);
	expect(VA, 4, r, 0, 1);
	expect(VA + 4 * PAGE_SIZE, 4, r, 4, 0);
	expect(VA + 8 * PAGE_SIZE, 8, r, 8, 1);
	assert_int_equal(hn_nflushes, 1);
	assert_int_equal(hn_flushes[0].va, VA + 4 * PAGE_SIZE);
	assert_int_equal(hn_flushes[0].pages, 4);
	/* back to writable over a range crossing the three pieces */
	assert_int_equal(aspace_protect(as, VA + 2 * PAGE_SIZE, 10, RW), 0);
	expect(VA, 16, r, 0, 1);
	assert_int_equal(hn_nflushes, 2);
	assert_int_equal(r->obj.refs, 6);          /* 5 pieces now */

	/* beyond the handle's rights, over a hole, malformed: nothing changes */
	flushes = hn_nflushes;
	assert_int_equal(aspace_protect(as, VA, 16, RWX), ERR_RIGHTS);
	assert_int_equal(aspace_protect(as, VA + 14 * PAGE_SIZE, 4, RIGHT_READ), ERR_NOENT);
	assert_int_equal(aspace_protect(as, 0x10000000, 1, RIGHT_READ), ERR_NOENT);
	assert_int_equal(aspace_protect(as, VA, 2, RIGHT_WRITE), ERR_INVAL);
	assert_int_equal(aspace_protect(as, VA, 2, RW | RIGHT_MAP), ERR_INVAL);
	assert_int_equal(aspace_unmap(as, VA + 6 * PAGE_SIZE, 1), 0);
	flushes++;
	assert_int_equal(aspace_protect(as, VA, 16, RIGHT_READ), ERR_NOENT);   /* a hole inside */
	assert_int_equal(hn_nflushes, flushes);
	expect(VA, 6, r, 0, 1);
	expect(VA + 7 * PAGE_SIZE, 9, r, 7, 1);
	/* unmapping everything leaves the handle's reference only */
	assert_int_equal(aspace_unmap(as, VA, 16), 0);
	assert_int_equal(r->obj.refs, 1);
}

/* One flush for a big range, not one per page. */
static void test_no_flush_storm(void **state)
{
	struct region *big;

	(void)state;
	assert_int_equal(region_create_ram(task->budget, 300, 0, &big), 0);
	assert_int_equal(aspace_map(as, big, VA, 0, 300, RW, RW), 0);
	assert_int_equal(hn_nflushes, 0);
	assert_int_equal(aspace_protect(as, VA, 300, RIGHT_READ), 0);
	assert_int_equal(hn_nflushes, 1);
	assert_int_equal(aspace_unmap(as, VA, 300), 0);
	assert_int_equal(hn_nflushes, 2);
	obj_put(&big->obj);
}

/* Two spaces share one region with different rights. */
static void test_shared_region(void **state)
{
	struct task *other = hn_task("other", 1 << 20);
	struct region *c;
	uint64_t pa1, pa2;
	uint32_t v = 0xfeedf00d, got = 0;

	(void)state;
	assert_int_equal(region_create_ram(task->budget, 4, 1, &c), 0);   /* contiguous */
	assert_int_equal(aspace_map(as, c, VA, 0, 4, RW, RW), 0);
	assert_int_equal(aspace_map(other->aspace, c, 0x900000, 1, 3, RIGHT_READ, RIGHT_READ), 0);
	assert_int_equal(aspace_translate(as, VA + PAGE_SIZE, 1, &pa1), 0);
	assert_int_equal(aspace_translate(other->aspace, 0x900000, 0, &pa2), 0);
	assert_int_equal(pa1, pa2);
	assert_int_equal(pa1, c->base + PAGE_SIZE);
	assert_int_equal(aspace_translate(other->aspace, 0x900000, 1, &pa2), ERR_RIGHTS);
	assert_int_equal(aspace_copy_out(as, VA + PAGE_SIZE + 8, &v, 4), 0);
	assert_int_equal(aspace_copy_in(other->aspace, 0x900000 + 8, &got, 4), 0);
	assert_int_equal(got, v);
	assert_int_equal(aspace_copy_out(other->aspace, 0x900000, &v, 4), ERR_FAULT);
	assert_int_equal(c->obj.refs, 3);
	hn_kill(other);                         /* its mapping goes with its space */
	assert_int_equal(c->obj.refs, 2);
	obj_put(&c->obj);
}

/* The native call: rights from the region's handle. */
static void test_sys_map_rights(void **state)
{
	struct thread *t = hn_thread(task, 10);
	uint32_t ah = hn_install(task, as, RIGHT_MAP), ronly = hn_install(task, r, RIGHT_MAP | RIGHT_READ);
	uint32_t nomap = hn_install(task, r, RW), noas = hn_install(task, as, RIGHT_READ);

	(void)state;
	t->ctx.x[0] = ah, t->ctx.x[1] = ronly, t->ctx.x[2] = VA, t->ctx.x[3] = 0;
	t->ctx.x[4] = 4, t->ctx.x[5] = RW;
	assert_int_equal(hn_sys(t, SYS_map), ERR_RIGHTS);
	t->ctx.x[0] = ah, t->ctx.x[1] = nomap, t->ctx.x[5] = RIGHT_READ;
	assert_int_equal(hn_sys(t, SYS_map), ERR_RIGHTS);
	t->ctx.x[0] = noas, t->ctx.x[1] = ronly;
	assert_int_equal(hn_sys(t, SYS_map), ERR_RIGHTS);
	t->ctx.x[0] = ah, t->ctx.x[5] = RIGHT_READ | RIGHT_MAP;
	assert_int_equal(hn_sys(t, SYS_map), ERR_INVAL);
	assert_int_equal(as->nmaps, 0);
	t->ctx.x[0] = ah, t->ctx.x[5] = RIGHT_READ;
	assert_int_equal(hn_sys(t, SYS_map), 0);
	expect(VA, 4, r, 0, 0);
	/* the handle allowed reading only: protect cannot add writing */
	t->ctx.x[0] = ah, t->ctx.x[1] = VA, t->ctx.x[2] = 4, t->ctx.x[3] = RW;
	assert_int_equal(hn_sys(t, SYS_protect), ERR_RIGHTS);
	t->ctx.x[0] = ah, t->ctx.x[1] = VA, t->ctx.x[2] = 4;
	assert_int_equal(hn_sys(t, SYS_unmap), 0);
	assert_int_equal(r->obj.refs, 1 + 2);      /* our reference and the two handles */
}

/* A space that cannot pay for its page tables maps nothing. */
static void test_map_out_of_budget(void **state)
{
	struct task *poor;
	struct region *pr;
	uint64_t pa, used;
	int err = 0;

	(void)state;
	/* find a budget that pays for the task and the region but not for
	 * all the page tables of a map far from everything */
	for (uint64_t extra = 0; extra < 8 * PAGE_SIZE; extra += PAGE_SIZE) {
		assert_int_equal(task_create(&hn_root, 16 * PAGE_SIZE + extra, 0, "poor", &poor), 0);
		assert_int_equal(region_create_ram(&hn_root, 1, 0, &pr), 0);
		used = poor->budget->used;
		err = aspace_map(poor->aspace, pr, 0x7f0000000000UL, 0, 1, RW, RW);
		if (err) {
			if (poor->budget->used != used)
				fail_msg("a failed map left %lu bytes charged",
					 (unsigned long)(poor->budget->used - used));
			assert_int_equal(err, ERR_BUDGET);
			assert_int_equal(poor->aspace->nmaps, 0);
			assert_int_equal(pr->obj.refs, 1);
			assert_int_equal(aspace_translate(poor->aspace, 0x7f0000000000UL, 0, &pa), ERR_NOENT);
		}
		obj_put(&pr->obj);
		hn_kill(poor);
		if (!err)
			break;
	}
	assert_int_equal(err, 0);              /* and with enough, it maps */

	/* room for none, one or two of the three tables needed */
	for (int tables = 0; tables < 3; tables++) {
		uint64_t filler;

		assert_int_equal(task_create(&hn_root, 1 << 20, 0, "poor", &poor), 0);
		assert_int_equal(region_create_ram(&hn_root, 1, 0, &pr), 0);
		assert_int_equal(aspace_map(poor->aspace, pr, VA, 0, 1, RW, RW), 0);   /* the mapping array */
		assert_int_equal(aspace_unmap(poor->aspace, VA, 1), 0);
		filler = poor->budget->limit - poor->budget->used - (uint64_t)tables * PAGE_SIZE;
		assert_int_equal(budget_charge(poor->budget, filler), 0);
		used = poor->budget->used;
		assert_int_equal(aspace_map(poor->aspace, pr, 0x7f0000000000UL, 0, 1, RW, RW), ERR_BUDGET);
		/* tables made before the one that failed stay (empty, charged,
		 * used again by the next map there, freed with the space) */
		assert_true(poor->budget->used - used <= (uint64_t)tables * PAGE_SIZE);
		assert_int_equal(poor->aspace->nmaps, 0);
		assert_int_equal(pr->obj.refs, 1);
		assert_int_equal(aspace_translate(poor->aspace, 0x7f0000000000UL, 0, &pa), ERR_NOENT);
		budget_refund(poor->budget, filler);
		obj_put(&pr->obj);
		hn_kill(poor);
	}
}

/* build_and_destroy: a space with many pieces, far apart (so that many
 * page-table pages are needed), destroyed by its task's death. */
static void build_and_destroy(void)
{
	struct task *t;
	struct region *c, *dev;
	uint64_t root0 = hn_root.used;

	assert_int_equal(region_create_ram(&hn_root, 3, 1, &c), 0);
	assert_int_equal(region_create_fixed(&hn_root, REGION_DEVICE, 0x09000000, 1, &dev), 0);
	t = hn_task("victim", 1 << 20);
	for (int i = 0; i < 12; i++)
		assert_int_equal(aspace_map(t->aspace, r, (uint64_t)(i + 1) << (20 + 2 * i), 0,
					    1 + (unsigned)i % 16, RW, RW), 0);
	assert_int_equal(aspace_map(t->aspace, c, 0x7fff00000000UL, 0, 3, RW, RW), 0);
	assert_int_equal(aspace_map(t->aspace, dev, 0x60000000, 0, 1, RW, RW), 0);
	assert_int_equal(aspace_protect(t->aspace, 0x7fff00001000UL, 1, RIGHT_READ), 0);
	assert_int_equal(r->obj.refs, 13);
	assert_int_equal(c->obj.refs, 4);
	assert_int_equal(dev->obj.refs, 2);
	hn_kill(t);
	assert_int_equal(r->obj.refs, 1);
	assert_int_equal(c->obj.refs, 1);
	assert_int_equal(dev->obj.refs, 1);
	obj_put(&c->obj);
	obj_put(&dev->obj);
	assert_int_equal(hn_root.used, root0);
}

/* Destroying a space drops every region reference and frees every
 * page-table page. */
static void test_destroy(void **state)
{
	uint64_t free0;

	(void)state;
	/* the first round leaves kmem's size classes a few frames, kept for
	 * the next objects of their sizes; the second must leave none */
	build_and_destroy();
	free0 = hn_frames.free;
	build_and_destroy();
	assert_int_equal(hn_frames.free, free0);
	assert_int_equal(hn_asids_live, 1);         /* the fixture's task */
}

/* The page-table pages of a space: all charged to its budget, and all
 * returned when it goes. */
static void test_table_pages_charged(void **state)
{
	uint64_t root0 = hn_root.used;
	struct task *t = hn_task("tables", 1 << 20);
	uint64_t used0 = t->budget->used, free0 = hn_frames.free;

	(void)state;
	/* one page far from everything needs a table at levels 1, 2 and 3 */
	assert_int_equal(aspace_map(t->aspace, r, 0x7f0000000000UL, 0, 1, RW, RW), 0);
	assert_int_equal(t->budget->used - used0,
			 3 * PAGE_SIZE + kmem_charged(8 * sizeof(struct mapping)));
	assert_int_equal(free0 - hn_frames.free, 3 + 1 /* the mapping array's class */);
	/* a second page in the same 2 MiB needs no new table */
	assert_int_equal(aspace_map(t->aspace, r, 0x7f0000001000UL, 1, 1, RW, RW), 0);
	assert_int_equal(t->budget->used - used0,
			 3 * PAGE_SIZE + kmem_charged(8 * sizeof(struct mapping)));
	hn_kill(t);
	assert_int_equal(hn_root.used, root0);
	assert_int_equal(r->obj.refs, 1);
}

/* A model of the window's pages for the random test: the region page
 * mapped there (-1: none) and whether it is writable. */
#define WIN 64
static int model_page[WIN], model_w[WIN];
static uint64_t rng = 0x2545f4914f6cdd1dULL;      /* fixed seed */

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void check_model(int op)
{
	for (int p = 0; p < WIN; p++) {
		uint64_t pa;
		int err = aspace_translate(as, VA + (uint64_t)p * PAGE_SIZE, 1, &pa);

		if (model_page[p] < 0) {
			if (err != ERR_NOENT)
				fail_msg("op %d: page %d should be unmapped (%d)", op, p, err);
			continue;
		}
		if (err != (model_w[p] ? 0 : ERR_RIGHTS))
			fail_msg("op %d: page %d: write access %d, model says %d", op, p, err, model_w[p]);
		assert_int_equal(aspace_translate(as, VA + (uint64_t)p * PAGE_SIZE, 0, &pa), 0);
		if (pa != region_frame(r, (uint64_t)model_page[p]))
			fail_msg("op %d: page %d maps the wrong frame", op, p);
	}
	assert_int_equal(r->obj.refs, 1 + as->nmaps);
	for (uint32_t i = 0; i < as->nmaps; i++) {
		const struct mapping *m = &as->maps[i];

		if (i)                                   /* sorted, not overlapping */
			assert_true(m[-1].va + m[-1].pages * PAGE_SIZE <= m->va);
		for (uint64_t k = 0; k < m->pages; k++) {  /* the bookkeeping says what the tables do */
			int p = (int)((m->va - VA) / PAGE_SIZE + k);

			if (model_page[p] != (int)(m->first + k) || model_w[p] != !!(m->prot & RIGHT_WRITE))
				fail_msg("op %d: mapping %u page %lu: first %lu, prot %u", op, i,
					 (unsigned long)k, (unsigned long)m->first, m->prot);
		}
	}
}

/* Random maps, unmaps and protects over a small window, checked page by
 * page against a model after each. */
static void test_random_against_model(void **state)
{
	(void)state;
	for (int p = 0; p < WIN; p++)
		model_page[p] = -1;
	for (int op = 0; op < 3000; op++) {
		unsigned at = rnd(WIN), n = 1 + rnd(12), kind = rnd(3);
		int overlap = 0, hole = 0, err;

		if (at + n > WIN)
			n = WIN - at;
		for (unsigned p = at; p < at + n; p++) {
			overlap |= model_page[p] >= 0;
			hole |= model_page[p] < 0;
		}
		if (kind == 0) {
			unsigned first = rnd(16 - n + 1), w = rnd(2);

			err = aspace_map(as, r, VA + at * PAGE_SIZE, first, n,
					 w ? RW : RIGHT_READ, RW);
			assert_int_equal(err, overlap ? ERR_EXIST : 0);
			for (unsigned p = at; !err && p < at + n; p++) {
				model_page[p] = (int)(first + p - at);
				model_w[p] = (int)w;
			}
		} else if (kind == 1) {
			assert_int_equal(aspace_unmap(as, VA + at * PAGE_SIZE, n), 0);
			for (unsigned p = at; p < at + n; p++)
				model_page[p] = -1;
		} else {
			unsigned w = rnd(2);

			err = aspace_protect(as, VA + at * PAGE_SIZE, n, w ? RW : RIGHT_READ);
			assert_int_equal(err, hole ? ERR_NOENT : 0);
			for (unsigned p = at; !err && p < at + n; p++)
				model_w[p] = (int)w;
		}
		check_model(op);
	}
	assert_int_equal(aspace_unmap(as, VA, WIN), 0);
	assert_int_equal(r->obj.refs, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_flush_storm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_region, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sys_map_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_out_of_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_pages_charged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
