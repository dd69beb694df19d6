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
	obj_put(&r->obj);
	hn_kill(task);
	assert_int_equal(hn_root.used, 0);
	assert_int_equal(hn_asids_live, 0);
	return hn_teardown(state);
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
	assert_int_equal(r->obj.refs, 4);
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
	uint64_t pa;
	int err = 0;

	(void)state;
	/* find a budget that pays for the task and the region but not for
	 * all the page tables of a map far from everything */
	for (uint64_t extra = 0; extra < 8 * PAGE_SIZE; extra += PAGE_SIZE) {
		assert_int_equal(task_create(&hn_root, 16 * PAGE_SIZE + extra, 0, "poor", &poor), 0);
		assert_int_equal(region_create_ram(&hn_root, 1, 0, &pr), 0);
		err = aspace_map(poor->aspace, pr, 0x7f0000000000UL, 0, 1, RW, RW);
		if (err) {
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
}

/* Destroying a space drops every region reference and frees every
 * page-table page. */
static void test_destroy(void **state)
{
	struct task *t;
	struct region *c, *dev;
	uint64_t free0, root0;

	(void)state;
	/* warm kmem's size classes with one space made and destroyed */
	t = hn_task("warm", 1 << 20);
	hn_kill(t);
	free0 = hn_frames.free;
	root0 = hn_root.used;
	assert_int_equal(region_create_ram(&hn_root, 3, 1, &c), 0);
	assert_int_equal(region_create_fixed(&hn_root, REGION_DEVICE, 0x09000000, 1, &dev), 0);
	t = hn_task("victim", 1 << 20);
	/* pieces far apart, so that many page-table pages are needed */
	for (int i = 0; i < 12; i++)
		assert_int_equal(aspace_map(t->aspace, r, (uint64_t)(i + 1) << (20 + 2 * i), 0,
					    1 + (unsigned)i % 16, RW, RW), 0);
	assert_int_equal(aspace_map(t->aspace, c, 0x7fff00000000UL, 0, 3, RW, RW), 0);
	assert_int_equal(aspace_map(t->aspace, dev, 0x50000000, 0, 1, RW, RW), 0);
	assert_int_equal(aspace_protect(t->aspace, 0x7fff00001000UL, 1, RIGHT_READ), 0);
	assert_int_equal(r->obj.refs, 13);
	assert_int_equal(c->obj.refs, 4);
	assert_int_equal(dev->obj.refs, 2);
	assert_true(hn_frames.free < free0 - 10);
	hn_kill(t);
	assert_int_equal(r->obj.refs, 1);
	assert_int_equal(c->obj.refs, 1);
	assert_int_equal(dev->obj.refs, 1);
	obj_put(&c->obj);
	obj_put(&dev->obj);
	assert_int_equal(hn_root.used, root0);
	assert_int_equal(hn_frames.free, free0);
	assert_int_equal(hn_asids_live, 1);         /* the fixture's task */
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
