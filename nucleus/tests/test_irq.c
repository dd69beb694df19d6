/*
 * test_irq.c: interrupt lines as objects (irq.c), against irq.h: a bound
 * line is unmasked; each interrupt masks it and signals the bits to the
 * notification (waking a waiter); the driver's ack unmasks it; a line
 * rebound or destroyed lets go of its notification and its routing.
 * The interrupt controller is host_nucleus.c's fake, which records masks
 * and calls the attached handler when a test fires a line.
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
#include "notify.h"
#include "irq.h"
#include "endpoint.h"
#include "error.h"

#define LINE 33

static void test_bind_fire_ack(void **state)
{
	uint64_t root0 = hn_root.used;
	struct task *drv = hn_task("driver", 1 << 20);
	struct thread *t = hn_thread(drv, 10);
	struct irq *irq;
	struct notify *n;
	uint32_t ih, nh, ro;

	(void)state;
	assert_int_equal(irq_create(&hn_root, LINE, &irq), 0);
	ih = hn_install(drv, irq, RIGHT_CONTROL);
	ro = hn_install(drv, irq, 0);
	obj_put(&irq->obj);
	assert_int_equal(notify_create(drv->budget, &n), 0);
	nh = hn_install(drv, n, RIGHT_SIGNAL | RIGHT_WAIT);
	obj_put(&n->obj);
	assert_int_equal(hn_irq_fire(LINE), 0);                 /* not routed yet */
	t->ctx.x[0] = ih;
	assert_int_equal(hn_sys(t, SYS_irq_ack), ERR_STATE);   /* not bound */
	t->ctx.x[0] = ro, t->ctx.x[1] = nh, t->ctx.x[2] = 4;
	assert_int_equal(hn_sys(t, SYS_irq_bind), ERR_RIGHTS);
	t->ctx.x[0] = ih, t->ctx.x[1] = nh, t->ctx.x[2] = 0;
	assert_int_equal(hn_sys(t, SYS_irq_bind), ERR_INVAL);
	t->ctx.x[0] = ih, t->ctx.x[1] = nh, t->ctx.x[2] = 4;
	assert_int_equal(hn_sys(t, SYS_irq_bind), 0);
	assert_int_equal(hn_irq_unmasked[LINE], 1);
	assert_int_equal(n->obj.refs, 2);

	/* the driver waits; the interrupt masks the line and wakes it */
	t->ctx.x[0] = nh;
	t->ctx.x[17] = 0;
	assert_int_equal(hn_sys(t, SYS_notify_wait), IPC_BLOCKED);
	assert_int_equal(hn_irq_fire(LINE), 1);
	assert_int_equal(hn_irq_masked[LINE], 1);
	assert_int_equal(t->state, TS_RUNNABLE);
	assert_int_equal(t->ctx.x[0], 0);
	assert_int_equal(t->ctx.x[1], 4);
	/* a second one before the ack: the bits wait for the next wait */
	assert_int_equal(hn_irq_fire(LINE), 1);
	assert_int_equal(n->bits, 4);
	t->ctx.x[0] = ih;
	assert_int_equal(hn_sys(t, SYS_irq_ack), 0);
	assert_int_equal(hn_irq_unmasked[LINE], 2);
	t->ctx.x[0] = nh;
	assert_int_equal(hn_sys(t, SYS_notify_wait), 0);
	assert_int_equal(t->ctx.x[1], 4);

	/* the driver dies: the line is masked and let go, and so is n */
	hn_kill(drv);
	assert_int_equal(hn_irq_fire(LINE), 0);
	assert_int_equal(hn_irq_masked[LINE], 3);
	assert_int_equal(hn_root.used, root0);
}

static void test_rebind(void **state)
{
	struct irq *irq;
	struct notify *a, *b;

	(void)state;
	assert_int_equal(irq_create(&hn_root, LINE, &irq), 0);
	assert_int_equal(notify_create(&hn_root, &a), 0);
	assert_int_equal(notify_create(&hn_root, &b), 0);
	assert_int_equal(irq_bind(irq, a, 1), 0);
	assert_int_equal(irq_bind(irq, b, 2), 0);        /* one route, the newest */
	assert_int_equal(a->obj.refs, 1);
	assert_int_equal(b->obj.refs, 2);
	assert_int_equal(hn_irq_fire(LINE), 1);
	assert_int_equal(a->bits, 0);
	assert_int_equal(b->bits, 2);
	/* a second object cannot take a routed line */
	struct irq *other;
	assert_int_equal(irq_create(&hn_root, LINE, &other), 0);
	assert_int_equal(irq_bind(other, a, 1), ERR_EXIST);
	assert_int_equal(a->obj.refs, 1);
	obj_put(&other->obj);
	assert_int_equal(hn_irq_fire(LINE), 1);          /* still routed to irq */
	obj_put(&irq->obj);
	assert_int_equal(b->obj.refs, 1);
	assert_int_equal(hn_irq_fire(LINE), 0);
	obj_put(&a->obj);
	obj_put(&b->obj);
	assert_int_equal(hn_root.used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_fire_ack, hn_setup, hn_teardown),
		cmocka_unit_test_setup_teardown(test_rebind, hn_setup, hn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
