/*
 * test_handle.c: handle tables (handle.c) and reference counting
 * (object.c), against what handle.h and object.h promise: values that
 * name one slot at one generation, type and rights checks, growth by
 * doubling charged to a budget, ERR_FULL and ERR_BUDGET with the table
 * intact, and objects that die with their last reference, their memory
 * back in the budget.  The rights checks of the native calls that take
 * handles are tested through syscall_dispatch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_nucleus.h"
#include "handle.h"
#include "object.h"
#include "task.h"
#include "thread.h"
#include "endpoint.h"
#include "notify.h"
#include "region.h"
#include "kmem.h"
#include "syscall.h"
#include "error.h"

/* A table of its own, paid by a budget of its own. */
static struct budget *tb;
static struct htable ht;

static int setup(void **state)
{
	if (hn_setup(state))
		return -1;
	if (budget_create(&hn_root, 8 << 20, &tb))
		return -1;
	htable_init(&ht, tb);
	return 0;
}

static int teardown(void **state)
{
	htable_release(&ht);
	budget_put(tb);
	return hn_teardown(state);
}

static struct endpoint *new_endpoint(void)
{
	struct endpoint *ep;

	assert_int_equal(endpoint_create(&hn_root, &ep), 0);
	return ep;
}

static void test_install_lookup_close(void **state)
{
	struct endpoint *ep = new_endpoint();
	struct handle *h;
	uint32_t v;

	(void)state;
	assert_int_equal(handle_install(&ht, &ep->obj, RIGHT_SEND | RIGHT_DUP, 77, &v), 0);
	assert_int_not_equal(v, 0);
	assert_int_equal(ep->obj.refs, 2);
	assert_int_equal(handle_get(&ht, v, OBJ_ENDPOINT, RIGHT_SEND, &h), 0);
	assert_ptr_equal(h->obj, &ep->obj);
	assert_int_equal(h->rights, RIGHT_SEND | RIGHT_DUP);
	assert_int_equal(h->badge, 77);
	assert_int_equal(handle_get(&ht, v, 0, 0, &h), 0);          /* any type */
	assert_int_equal(handle_get(&ht, 0, 0, 0, &h), ERR_BADH);   /* 0 is never valid */
	assert_int_equal(handle_get(&ht, v + 1, 0, 0, &h), ERR_BADH); /* a free slot */
	assert_int_equal(handle_get(&ht, 0xffff, 0, 0, &h), ERR_BADH); /* past the table */
	assert_int_equal(handle_close(&ht, v), 0);
	assert_int_equal(ep->obj.refs, 1);
	assert_int_equal(handle_get(&ht, v, 0, 0, &h), ERR_BADH);
	assert_int_equal(handle_close(&ht, v), ERR_BADH);
	assert_int_equal(ht.used, 0);
	obj_put(&ep->obj);
}

static void test_generations(void **state)
{
	struct endpoint *ep = new_endpoint();
	struct handle *h;
	uint32_t old, v;

	(void)state;
	assert_int_equal(handle_install(&ht, &ep->obj, RIGHT_SEND, 0, &old), 0);
	assert_int_equal(handle_close(&ht, old), 0);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(handle_install(&ht, &ep->obj, RIGHT_SEND, 0, &v), 0);
		assert_int_equal(v & 0xffff, old & 0xffff);       /* the slot is reused */
		assert_int_not_equal(v, old);
		assert_true((int32_t)v > 0);                       /* positive as an int */
		assert_int_equal(handle_get(&ht, old, 0, 0, &h), ERR_BADH);
		assert_int_equal(handle_close(&ht, old), ERR_BADH);
		assert_int_equal(handle_get(&ht, v, 0, 0, &h), 0);  /* the stale close did nothing */
		assert_int_equal(handle_close(&ht, v), 0);
		old = v;
	}
	assert_int_equal(ep->obj.refs, 1);
	obj_put(&ep->obj);
}

static void test_type_and_rights(void **state)
{
	struct endpoint *ep = new_endpoint();
	struct notify *n;
	struct handle *h;
	uint32_t ve, vn;

	(void)state;
	assert_int_equal(notify_create(&hn_root, &n), 0);
	assert_int_equal(handle_install(&ht, &ep->obj, RIGHT_SEND, 0, &ve), 0);
	assert_int_equal(handle_install(&ht, &n->obj, RIGHT_SIGNAL | RIGHT_WAIT, 0, &vn), 0);
	assert_int_equal(handle_get(&ht, ve, OBJ_NOTIFY, 0, &h), ERR_BADH);
	assert_int_equal(handle_get(&ht, vn, OBJ_ENDPOINT, RIGHT_SEND, &h), ERR_BADH);
	assert_int_equal(handle_get(&ht, ve, OBJ_ENDPOINT, RIGHT_RECV, &h), ERR_RIGHTS);
	assert_int_equal(handle_get(&ht, ve, OBJ_ENDPOINT, RIGHT_SEND | RIGHT_XFER, &h), ERR_RIGHTS);
	assert_int_equal(handle_get(&ht, vn, OBJ_NOTIFY, RIGHT_SIGNAL | RIGHT_WAIT, &h), 0);
	assert_ptr_equal(h->obj, &n->obj);
	obj_put(&ep->obj);
	obj_put(&n->obj);
}

static void test_growth(void **state)
{
	struct endpoint *ep = new_endpoint();
	uint32_t v[200];
	struct handle *h;
	uint64_t before = tb->used;

	(void)state;
	for (int i = 0; i < 200; i++) {
		assert_int_equal(handle_install(&ht, &ep->obj, RIGHT_SEND, (uint64_t)i, &v[i]), 0);
		if (i == 31)
			assert_int_equal(ht.cap, 32);
		if (i == 32)
			assert_int_equal(ht.cap, 64);
	}
	assert_int_equal(ht.cap, 256);
	assert_int_equal(ht.used, 200);
	assert_int_equal(tb->used - before, kmem_charged(256 * sizeof(struct handle)));
	for (int i = 0; i < 200; i++) {
		assert_int_equal(handle_get(&ht, v[i], OBJ_ENDPOINT, RIGHT_SEND, &h), 0);
		assert_int_equal(h->badge, (uint64_t)i);
	}
	assert_int_equal(ep->obj.refs, 201);
	/* a closed slot in the middle is the next one taken */
	assert_int_equal(handle_close(&ht, v[17]), 0);
	assert_int_equal(handle_install(&ht, &ep->obj, RIGHT_SEND, 0, &v[17]), 0);
	assert_int_equal(v[17] & 0xffff, 18);
	htable_release(&ht);
	assert_int_equal(ep->obj.refs, 1);
	assert_int_equal(tb->used, before);
	obj_put(&ep->obj);
}

/* Every value the table hands out must be usable: the last slot of a full
 * table included. */
static void test_full_table(void **state)
{
	struct endpoint *ep = new_endpoint();
	struct handle *h;
	uint32_t v, last = 0, n = 0;
	int err;

	(void)state;
	while ((err = handle_install(&ht, &ep->obj, 0, 0, &v)) == 0) {
		assert_int_equal(handle_get(&ht, v, OBJ_ENDPOINT, 0, &h), 0);
		last = v;
		n++;
	}
	assert_int_equal(err, ERR_FULL);
	assert_int_equal(n, HANDLE_MAX_SLOTS - 1);       /* values hold index + 1 in 16 bits */
	assert_int_equal(ht.used, n);
	assert_int_equal(ep->obj.refs, n + 1);
	assert_int_equal(handle_close(&ht, last), 0);
	assert_int_equal(handle_install(&ht, &ep->obj, 0, 0, &v), 0);
	assert_int_equal(handle_get(&ht, v, 0, 0, &h), 0);
	htable_release(&ht);
	assert_int_equal(ep->obj.refs, 1);
	obj_put(&ep->obj);
}

/* A table whose budget cannot pay for the next doubling keeps working. */
static void test_budget_while_growing(void **state)
{
	struct budget *small;
	struct htable t;
	struct endpoint *ep = new_endpoint();
	struct handle *h;
	uint32_t v[33];
	size_t first = kmem_charged(32 * sizeof(struct handle));
	size_t second = kmem_charged(64 * sizeof(struct handle));

	(void)state;
	/* room for the first table, not for it and its successor at once */
	assert_int_equal(budget_create(&hn_root, first + second - 1, &small), 0);
	htable_init(&t, small);
	for (int i = 0; i < 32; i++)
		assert_int_equal(handle_install(&t, &ep->obj, RIGHT_SEND, (uint64_t)i, &v[i]), 0);
	assert_int_equal(small->used, first);
	assert_int_equal(handle_install(&t, &ep->obj, RIGHT_SEND, 0, &v[32]), ERR_BUDGET);
	assert_int_equal(t.cap, 32);
	assert_int_equal(t.used, 32);
	assert_int_equal(small->used, first);
	assert_int_equal(ep->obj.refs, 33);
	for (int i = 0; i < 32; i++) {
		assert_int_equal(handle_get(&t, v[i], OBJ_ENDPOINT, RIGHT_SEND, &h), 0);
		assert_int_equal(h->badge, (uint64_t)i);
	}
	/* a closed slot can be filled again without growing */
	assert_int_equal(handle_close(&t, v[5]), 0);
	assert_int_equal(handle_install(&t, &ep->obj, RIGHT_SEND, 5, &v[5]), 0);
	htable_release(&t);
	assert_int_equal(small->used, 0);
	budget_put(small);
	assert_int_equal(ep->obj.refs, 1);
	obj_put(&ep->obj);
}

/* Objects live exactly as long as their references; the last one gives
 * their memory back to the budget that paid. */
static void test_refcounts(void **state)
{
	uint64_t root_before = hn_root.used;
	struct task *a = hn_task("a", 1 << 20), *b = hn_task("b", 1 << 20);
	uint64_t used_a;
	struct endpoint *ep;
	struct region *r;
	uint32_t ha, hb, hr;

	(void)state;
	/* a's handle table exists from its first handle on */
	assert_int_equal(handle_close(&a->handles, hn_install(a, b, 0)), 0);
	used_a = a->budget->used;
	assert_int_equal(endpoint_create(a->budget, &ep), 0);
	assert_int_equal(a->budget->used, used_a + kmem_charged(sizeof(*ep)));
	ha = hn_install(a, ep, RIGHT_ALL);
	hb = hn_install(b, ep, RIGHT_SEND);
	obj_put(&ep->obj);                     /* the creation reference */
	assert_int_equal(ep->obj.refs, 2);
	assert_int_equal(handle_close(&a->handles, ha), 0);
	assert_int_equal(ep->obj.refs, 1);     /* b's handle keeps it */
	assert_int_equal(a->budget->used, used_a + kmem_charged(sizeof(*ep)));
	assert_int_equal(handle_close(&b->handles, hb), 0);
	assert_int_equal(a->budget->used, used_a);

	/* a region: object, frame list and frames come back */
	assert_int_equal(region_create_ram(a->budget, 16, 0, &r), 0);
	assert_int_equal(a->budget->used - used_a,
			 kmem_charged(sizeof(*r)) + kmem_charged(16 * sizeof(uint64_t)) + 16 * 4096);
	hr = hn_install(a, r, RIGHT_ALL);
	obj_put(&r->obj);
	assert_int_equal(handle_close(&a->handles, hr), 0);
	assert_int_equal(a->budget->used, used_a);

	/* the tasks: their budgets return to the root */
	hn_kill(a);
	hn_kill(b);
	assert_int_equal(hn_root.used, root_before);
	assert_int_equal(hn_asids_live, 0);
}

/* The native calls refuse handles they cannot use, changing nothing. */
static void test_call_rights(void **state)
{
	uint64_t root_before = hn_root.used;
	struct task *t = hn_task("t", 1 << 20), *u = hn_task("u", 1 << 20);
	struct thread *th = hn_thread(t, 10);
	struct endpoint *ep;
	struct notify *n;
	uint32_t send_only, nodup, nh, tu;
	struct handle *h;

	(void)state;
	assert_int_equal(endpoint_create(t->budget, &ep), 0);
	send_only = hn_install(t, ep, RIGHT_SEND | RIGHT_DUP);
	nodup = hn_install(t, ep, RIGHT_SEND | RIGHT_RECV);
	obj_put(&ep->obj);
	assert_int_equal(notify_create(t->budget, &n), 0);
	nh = hn_install(t, n, RIGHT_WAIT);
	obj_put(&n->obj);
	tu = hn_install(t, u, RIGHT_CONTROL);     /* no XFER on u's handle either */

	th->ctx.x[0] = send_only;
	assert_int_equal(hn_sys(th, SYS_recv), ERR_RIGHTS);
	th->ctx.x[0] = nh;
	th->ctx.x[1] = 1;
	assert_int_equal(hn_sys(th, SYS_notify_signal), ERR_RIGHTS);
	assert_int_equal(n->bits, 0);
	th->ctx.x[0] = nh;
	assert_int_equal(hn_sys(th, SYS_call), ERR_BADH);          /* wrong type */
	th->ctx.x[0] = (1ULL << 32) | send_only;
	assert_int_equal(hn_sys(th, SYS_call), ERR_BADH);          /* not a 32-bit handle */

	/* dup: needs DUP, and gives at most the rights held */
	th->ctx.x[0] = nodup;
	th->ctx.x[1] = RIGHT_SEND;
	th->ctx.x[2] = 0;
	assert_int_equal(hn_sys(th, SYS_handle_dup), ERR_RIGHTS);
	th->ctx.x[0] = send_only;
	th->ctx.x[1] = RIGHT_SEND | RIGHT_RECV;
	assert_int_equal(hn_sys(th, SYS_handle_dup), ERR_RIGHTS);
	assert_int_equal(t->handles.used, 5);                      /* 4 + the thread */
	th->ctx.x[0] = send_only;
	th->ctx.x[1] = RIGHT_SEND;
	th->ctx.x[2] = 99;
	assert_int_equal(hn_sys(th, SYS_handle_dup), 0);
	assert_int_equal(handle_get(&t->handles, (uint32_t)th->ctx.x[1], OBJ_ENDPOINT, 0, &h), 0);
	assert_int_equal(h->rights, RIGHT_SEND);
	assert_int_equal(h->badge, 99);

	/* give: needs XFER on the handle and CONTROL on the task */
	th->ctx.x[0] = tu;
	th->ctx.x[1] = send_only;
	th->ctx.x[2] = RIGHT_SEND;
	assert_int_equal(hn_sys(th, SYS_handle_give), ERR_RIGHTS);
	assert_int_equal(u->handles.used, 0);

	hn_kill(t);
	hn_kill(u);
	assert_int_equal(hn_root.used, root_before);
}

/* A thread that kills its own task: the thread object goes with the
 * task's handle table, and the call's result must not be written into
 * it after that (kmem poisons freed objects). */
static void test_kill_own_task(void **state)
{
	uint64_t root0 = hn_root.used;
	struct task *t = hn_task("suicide", 1 << 20);
	struct thread *th;
	uint64_t *x0;

	(void)state;
	assert_int_equal(thread_create(t, t->budget, 0, 0, 0, 10, &th), 0);
	hn_install(t, th, RIGHT_ALL);
	obj_put(&th->obj);                    /* only t's table holds it */
	thread_resume(th);
	th->ctx.x[0] = hn_install(t, t, RIGHT_CONTROL);
	th->ctx.x[16] = SYS_task_kill;
	x0 = &th->ctx.x[0];
	syscall_dispatch(th);
	assert_int_equal(t->state, TASK_KILLED);
	assert_int_equal(hn_threads_gone, 1);
	/* th's memory is free now: poisoned, not overwritten with a result */
	assert_int_equal(*x0, 0x5a5a5a5a5a5a5a5aULL);
	obj_put(&t->obj);
	assert_int_equal(hn_root.used, root0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_install_lookup_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_type_and_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_while_growing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refcounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_own_task, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
