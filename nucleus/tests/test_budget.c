/*
 * test_budget.c: who pays for nucleus memory (budget.c, kmem.c and the
 * objects' create and destroy paths), against budget.h's promises: a
 * child budget is charged to its parent and refunded when its last
 * reference goes; a task that creates without end meets ERR_BUDGET while
 * another task goes on; a failed creation leaves nothing charged; and
 * thousands of create/destroy cycles leave the budgets and the frame
 * pool exactly where they were.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_nucleus.h"
#include "budget.h"
#include "kmem.h"
#include "object.h"
#include "handle.h"
#include "task.h"
#include "thread.h"
#include "endpoint.h"
#include "notify.h"
#include "region.h"
#include "reply.h"
#include "aspace.h"
#include "layout.h"
#include "error.h"

#define CYCLES 10000

static void test_nested(void **state)
{
	struct budget *a, *b;
	struct endpoint *ep;
	uint64_t root0 = hn_root.used, small = kmem_charged(sizeof(struct budget));

	(void)state;
	assert_int_equal(budget_create(&hn_root, 1 << 20, &a), 0);
	assert_int_equal(hn_root.used, root0 + (1 << 20) + small);
	assert_int_equal(budget_create(a, 4096, &b), 0);
	assert_int_equal(a->used, 4096 + small);
	/* more than the parent has left: refused, nothing charged */
	assert_int_equal(budget_create(a, (1 << 20) - 4096 - small + 1 - small, &b), ERR_BUDGET);
	assert_int_equal(a->used, 4096 + small);
	assert_int_equal(budget_charge(b, 4097), ERR_BUDGET);
	assert_int_equal(b->used, 0);
	assert_int_equal(endpoint_create(b, &ep), 0);
	assert_int_equal(b->used, kmem_charged(sizeof(*ep)));
	assert_int_equal(b->refs, 2);
	/* the creator lets go: the endpoint still holds b, and b holds a */
	budget_put(b);
	assert_int_equal(a->used, 4096 + small);
	obj_put(&ep->obj);                   /* the last reference: b returns to a */
	assert_int_equal(a->used, 0);
	assert_int_equal(a->refs, 1);
	budget_put(a);
	assert_int_equal(hn_root.used, root0);
	assert_int_equal(hn_root.refs, 1);
}

/* A task's objects keep its budget (and so its parent's charge) alive
 * after the task is gone; the charge returns with the last of them. */
static void test_budget_outlives_task(void **state)
{
	uint64_t root0 = hn_root.used;
	struct task *t = hn_task("t", 1 << 20), *keeper = hn_task("keeper", 1 << 20);
	struct region *r;
	struct budget *b = t->budget;
	uint32_t h;

	(void)state;
	assert_int_equal(region_create_ram(t->budget, 4, 0, &r), 0);
	h = hn_install(keeper, r, RIGHT_ALL);
	obj_put(&r->obj);
	hn_kill(t);
	assert_true(b->used >= 4 * PAGE_SIZE);     /* b lives on, paying for r */
	assert_int_equal(handle_close(&keeper->handles, h), 0);
	hn_kill(keeper);
	assert_int_equal(hn_root.used, root0);
}

/* Task a creates until its budget is spent; task b is not affected. */
static void test_runaway_task(void **state)
{
	uint64_t root0 = hn_root.used, free0;
	struct task *a = hn_task("a", 256 << 10), *b = hn_task("b", 1 << 20);
	struct thread *ta = hn_thread(a, 10), *tb = hn_thread(b, 10);
	uint64_t used_a, used_b;
	int64_t err;
	int n = 0, regions = 0;

	(void)state;
	/* a region paid by another task's budget (CONTROL on b) */
	ta->ctx.x[0] = 3;
	ta->ctx.x[1] = 0;
	ta->ctx.x[2] = hn_install(a, b, RIGHT_CONTROL);
	used_a = a->budget->used;
	used_b = b->budget->used;
	assert_int_equal(hn_sys(ta, SYS_region_create), 0);
	assert_int_equal(a->budget->used, used_a);
	assert_true(b->budget->used >= used_b + 3 * PAGE_SIZE);
	ta->ctx.x[0] = 3;
	ta->ctx.x[1] = 0;
	ta->ctx.x[2] = hn_install(a, b, 0);             /* without CONTROL */
	assert_int_equal(hn_sys(ta, SYS_region_create), ERR_RIGHTS);

	while ((err = hn_sys(ta, SYS_endpoint_create)) == 0)
		n++;
	assert_int_equal(err, ERR_BUDGET);
	assert_true(n > 100);
	assert_true(a->budget->used <= a->budget->limit);
	assert_int_equal(a->handles.used, (unsigned)n + 4);   /* thread, b twice, region */
	/* regions fail too, even small ones once nothing is left */
	for (;;) {
		ta->ctx.x[0] = 1;
		ta->ctx.x[1] = 0;
		ta->ctx.x[2] = 0;
		if ((err = hn_sys(ta, SYS_region_create)) != 0)
			break;
		regions++;
	}
	assert_int_equal(err, ERR_BUDGET);
	/* b goes on */
	free0 = hn_frames.free;
	for (int i = 0; i < 50; i++) {
		assert_int_equal(hn_sys(tb, SYS_endpoint_create), 0);
		tb->ctx.x[0] = 2;
		tb->ctx.x[1] = 0;
		tb->ctx.x[2] = 0;
		assert_int_equal(hn_sys(tb, SYS_region_create), 0);
	}
	assert_true(hn_frames.free < free0);
	hn_kill(a);
	hn_kill(b);
	assert_int_equal(hn_root.used, root0);
	assert_int_equal(hn_asids_live, 0);
}

/* failing_creations: creations that fail part way; each must leave no
 * charge behind. */
static void failing_creations(void)
{
	uint64_t root0 = hn_root.used, limit0 = hn_root.limit;
	struct budget *b;
	struct region *r;
	struct task *t;
	uint64_t need = 0;
	int err;

	/* tasks with budgets too small for their own objects */
	for (uint64_t bytes = 0; bytes < 64 << 10; bytes += 64) {
		err = task_create(&hn_root, bytes, 0, "tiny", &t);
		if (err == 0) {
			need = bytes;
			hn_kill(t);
			break;
		}
		assert_int_equal(err, ERR_BUDGET);
		assert_int_equal(hn_root.used, root0);
		assert_int_equal(hn_asids_live, 0);
	}
	assert_true(need > 0);
	assert_int_equal(hn_root.used, root0);

	/* a region that runs out of budget half way */
	assert_int_equal(budget_create(&hn_root, 10 * PAGE_SIZE, &b), 0);
	assert_int_equal(region_create_ram(b, 20, 0, &r), ERR_BUDGET);
	assert_int_equal(region_create_ram(b, 20, 1, &r), ERR_BUDGET);
	assert_int_equal(region_create_ram(b, 0, 0, &r), ERR_INVAL);
	assert_int_equal(b->used, 0);
	assert_int_equal(b->refs, 1);
	budget_put(b);
	/* a region bigger than the machine: ERR_NOMEM, and everything back */
	hn_root.limit = UINT64_MAX / 2;
	assert_int_equal(region_create_ram(&hn_root, HN_RAM_SIZE / PAGE_SIZE + 1, 0, &r), ERR_NOMEM);
	assert_int_equal(region_create_ram(&hn_root, HN_RAM_SIZE / PAGE_SIZE + 1, 1, &r), ERR_NOMEM);
	hn_root.limit = limit0;
	assert_int_equal(hn_root.used, root0);
}

static void test_failed_creations(void **state)
{
	uint64_t free0;

	(void)state;
	/* the first round may leave frames with kmem's size classes (kept for
	 * the next objects of that size); the second must leave none */
	failing_creations();
	free0 = hn_frames.free;
	failing_creations();
	assert_int_equal(hn_frames.free, free0);
}

/* One cycle of every kind of object, created and destroyed. */
static void cycle(struct task *owner, struct thread *th, int i)
{
	struct endpoint *ep;
	struct notify *n;
	struct region *r;
	struct task *t;
	struct thread *c;
	uint32_t h;

	assert_int_equal(endpoint_create(owner->budget, &ep), 0);
	h = hn_install(owner, ep, RIGHT_ALL);
	obj_put(&ep->obj);
	assert_int_equal(handle_close(&owner->handles, h), 0);

	assert_int_equal(notify_create(owner->budget, &n), 0);
	obj_put(&n->obj);

	assert_int_equal(region_create_ram(owner->budget, 1 + (unsigned)i % 7, i % 3 == 0, &r), 0);
	assert_int_equal(aspace_map(owner->aspace, r, 0x100000, 0, r->pages,
				    RIGHT_READ | RIGHT_WRITE, MAP_RIGHTS), 0);
	obj_put(&r->obj);                      /* the mapping keeps it */
	assert_int_equal(aspace_unmap(owner->aspace, 0x100000, r->pages), 0);

	/* through the native calls as well */
	th->ctx.x[0] = 64 << 10;
	th->ctx.x[1] = 0;
	th->ctx.x[2] = 0;                      /* no name */
	assert_int_equal(hn_sys(th, SYS_task_create), 0);
	h = (uint32_t)th->ctx.x[1];
	assert_int_equal(handle_close(&owner->handles, (uint32_t)th->ctx.x[2]), 0);
	th->ctx.x[0] = h;
	assert_int_equal(hn_sys(th, SYS_task_kill), 0);
	assert_int_equal(handle_close(&owner->handles, h), 0);

	/* a task with a thread, an endpoint and a watcher */
	assert_int_equal(task_create(owner->budget, 64 << 10, 0, "child", &t), 0);
	c = hn_thread(t, 5);
	assert_int_equal(endpoint_create(t->budget, &ep), 0);
	hn_install(t, ep, RIGHT_ALL);
	obj_put(&ep->obj);
	assert_int_equal(notify_create(owner->budget, &n), 0);
	obj_get(&n->obj);
	t->watch = n;
	t->watch_bits = 1;
	(void)c;
	task_kill(t, TASK_KILLED);
	assert_int_equal(n->bits, 1);
	obj_put(&n->obj);
	obj_put(&t->obj);
}

static void test_cycles(void **state)
{
	uint64_t root0 = hn_root.used;
	struct task *owner = hn_task("owner", 4 << 20);
	struct thread *th = hn_thread(owner, 10);
	uint64_t used0, free0;

	(void)state;
	/* one warm-up cycle: owner's handle table and mapping array grow,
	 * kmem cuts frames into objects it keeps for the next ones */
	cycle(owner, th, 0);
	used0 = owner->budget->used;
	free0 = hn_frames.free;
	for (int i = 1; i <= CYCLES; i++) {
		cycle(owner, th, i);
		if (owner->budget->used != used0 || hn_frames.free != free0)
			fail_msg("cycle %d: used %lu (was %lu), free frames %lu (was %lu)", i,
				 (unsigned long)owner->budget->used, (unsigned long)used0,
				 (unsigned long)hn_frames.free, (unsigned long)free0);
	}
	assert_int_equal(hn_asids_live, 1);
	hn_kill(owner);
	assert_int_equal(hn_root.used, root0);
	assert_int_equal(hn_asids_live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested, hn_setup, hn_teardown),
		cmocka_unit_test_setup_teardown(test_budget_outlives_task, hn_setup, hn_teardown),
		cmocka_unit_test_setup_teardown(test_runaway_task, hn_setup, hn_teardown),
		cmocka_unit_test_setup_teardown(test_failed_creations, hn_setup, hn_teardown),
		cmocka_unit_test_setup_teardown(test_cycles, hn_setup, hn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
