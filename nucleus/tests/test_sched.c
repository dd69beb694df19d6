/*
 * test_sched.c: the scheduler (sched.c) and the waits of thread.c,
 * against sched.h's rules: the highest non-empty priority runs, round
 * robin within a level on a fixed 10 ms grid, a woken thread goes to the
 * front of its queue and a resumed one to the back, a suspended thread
 * never runs (and keeps its place in whatever it waits on), timeouts fire
 * in deadline order (ERR_TIMEOUT, or 0 for a sleep), and the timer is
 * asked for the nearest of the next slice end and the next deadline.
 * Time is the fake counter of host_nucleus.c, driven by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_nucleus.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "handle.h"
#include "endpoint.h"
#include "notify.h"
#include "error.h"

#define MS 1000000ULL

static struct task *task;

static int setup(void **state)
{
	if (hn_setup(state))
		return -1;
	task = hn_task("sched", 4 << 20);
	return 0;
}

static int teardown(void **state)
{
	uint64_t used;

	hn_kill(task);
	used = hn_root.used;
	hn_teardown(state);
	assert_int_equal(used, 0);
	return 0;
}

/* at: the counter value ms milliseconds after start. */
static uint64_t at(uint64_t ms)
{
	return hn_ticks(ms * MS);
}

/* tick: the timer fires at ms. */
static void tick(uint64_t ms)
{
	hn_now = at(ms);
	sched_tick(hn_now);
}

static void sleep_ms(struct thread *t, uint64_t ms)
{
	t->ctx.x[0] = ms * MS;
	assert_int_equal(hn_sys(t, SYS_sleep), IPC_BLOCKED);
	assert_int_equal(t->state, TS_SLEEP);
}

static void test_idle(void **state)
{
	(void)state;
	assert_null(sched_pick());
	assert_null(sched_current());
	assert_int_equal(sched_next_event(), at(10));
}

static void test_priorities(void **state)
{
	struct thread *lo = hn_thread(task, 5), *mid = hn_thread(task, 10);
	struct thread *hi = hn_thread(task, PRIO_MAX), *capped = hn_thread(task, 1000);

	(void)state;
	assert_int_equal(capped->prio, PRIO_MAX);
	assert_ptr_equal(sched_pick(), hi);
	assert_ptr_equal(sched_current(), hi);
	thread_suspend(hi);
	assert_null(sched_current());
	assert_ptr_equal(sched_pick(), capped);
	thread_suspend(capped);
	assert_ptr_equal(sched_pick(), mid);
	sleep_ms(mid, 5);
	assert_ptr_equal(sched_pick(), lo);
	thread_resume(hi);
	assert_ptr_equal(sched_pick(), hi);          /* preempts lo at the next pick */
	thread_suspend(hi);
	thread_suspend(lo);
	assert_null(sched_pick());
	tick(5);                                     /* mid's sleep ends */
	assert_ptr_equal(sched_pick(), mid);
	assert_int_equal(mid->ctx.x[0], 0);
}

static void test_round_robin(void **state)
{
	struct thread *a = hn_thread(task, 10), *b = hn_thread(task, 10), *c = hn_thread(task, 10);

	(void)state;
	assert_ptr_equal(sched_pick(), a);
	tick(3);
	assert_ptr_equal(sched_pick(), a);           /* a slice lasts to the 10 ms mark */
	tick(9);
	assert_ptr_equal(sched_pick(), a);
	tick(10);
	assert_ptr_equal(sched_pick(), b);
	assert_int_equal(sched_next_event(), at(20));
	tick(19);
	assert_ptr_equal(sched_pick(), b);
	tick(20);
	assert_ptr_equal(sched_pick(), c);
	/* a thread switched in late in a slice gets only the rest of it */
	sleep_ms(c, 100);
	assert_ptr_equal(sched_pick(), a);
	tick(30);
	assert_ptr_equal(sched_pick(), b);
	/* a late tick (the CPU was away) ends one slice, and the grid moves on */
	tick(75);
	assert_ptr_equal(sched_pick(), a);
	assert_int_equal(sched_next_event(), at(85));
	tick(85);
	assert_ptr_equal(sched_pick(), b);
	/* yield: to the back at once */
	sched_yield();
	assert_ptr_equal(sched_pick(), a);
}

/* A thread of the same priority that wakes just as a slice ends goes
 * first, but the running thread still goes to the back: the third one
 * gets its turn (a sleeper waking on every slice boundary must not keep
 * the running thread at the head). */
static void test_slice_end_and_wake(void **state)
{
	struct thread *a = hn_thread(task, 10), *b = hn_thread(task, 10), *c = hn_thread(task, 10);

	(void)state;
	assert_ptr_equal(sched_pick(), a);
	sleep_ms(b, 10);                             /* wakes at the 10 ms mark */
	tick(10);
	assert_ptr_equal(sched_pick(), b);           /* woken: first */
	sleep_ms(b, 1000);
	assert_ptr_equal(sched_pick(), c);           /* then c: a's slice was over */
	sleep_ms(c, 1000);
	assert_ptr_equal(sched_pick(), a);
}

static void test_wake_goes_first(void **state)
{
	struct thread *a = hn_thread(task, 10), *b = hn_thread(task, 10), *c = hn_thread(task, 10);
	struct thread *d = hn_thread(task, 10);
	struct notify *n;

	(void)state;
	assert_int_equal(notify_create(task->budget, &n), 0);
	assert_ptr_equal(sched_pick(), a);
	sleep_ms(a, 50);
	assert_int_equal(notify_wait(b, n, 0, NULL), IPC_BLOCKED);
	assert_ptr_equal(sched_pick(), c);
	notify_signal(n, 4);                         /* b wakes: before c and d */
	assert_int_equal(b->state, TS_RUNNABLE);
	assert_int_equal(b->ctx.x[0], 0);
	assert_int_equal(b->ctx.x[1], 4);
	assert_ptr_equal(sched_pick(), b);
	thread_suspend(c);
	thread_resume(c);                            /* a resume goes to the back */
	sched_yield();                               /* b to the back, behind c */
	assert_ptr_equal(sched_pick(), d);
	sleep_ms(d, 1);
	assert_ptr_equal(sched_pick(), c);
	sleep_ms(c, 1);
	assert_ptr_equal(sched_pick(), b);
	obj_put(&n->obj);
}

static void test_suspend_resume(void **state)
{
	struct thread *a = hn_thread(task, 10), *b = hn_thread(task, 10);
	struct thread *fresh;

	(void)state;
	assert_ptr_equal(sched_pick(), a);
	thread_suspend(a);
	thread_suspend(a);                           /* twice is once */
	assert_ptr_equal(sched_pick(), b);
	thread_resume(a);
	thread_resume(a);
	sched_yield();
	assert_ptr_equal(sched_pick(), a);
	/* a suspended sleeper wakes up still suspended */
	sleep_ms(a, 20);
	thread_suspend(a);
	assert_ptr_equal(sched_pick(), b);
	tick(20);
	assert_int_equal(a->state, TS_RUNNABLE);
	assert_int_equal(a->ctx.x[0], 0);
	sched_yield();
	assert_ptr_equal(sched_pick(), b);           /* a is not queued */
	thread_resume(a);
	sched_yield();
	assert_ptr_equal(sched_pick(), a);
	/* a created thread waits for its first resume, even at top priority */
	assert_int_equal(thread_create(task, task->budget, 0, 0, 0, PRIO_MAX, &fresh), 0);
	hn_install(task, fresh, RIGHT_ALL);
	obj_put(&fresh->obj);
	assert_int_equal(fresh->state, TS_INACTIVE);
	assert_ptr_equal(sched_pick(), a);
	thread_resume(fresh);
	assert_ptr_equal(sched_pick(), fresh);
}

/* A thread suspended while it waits on an endpoint keeps its place in the
 * queue: the message still reaches it, and it runs once resumed. */
static void test_suspend_while_queued(void **state)
{
	struct thread *srv = hn_thread(task, 10), *cli = hn_thread(task, 10);
	struct endpoint *ep;
	uint32_t h;

	(void)state;
	assert_int_equal(endpoint_create(task->budget, &ep), 0);
	h = hn_install(task, ep, RIGHT_ALL);
	obj_put(&ep->obj);
	srv->ctx.x[0] = h;
	srv->ctx.x[17] = 0;
	assert_int_equal(hn_sys(srv, SYS_recv), IPC_BLOCKED);
	thread_suspend(srv);
	assert_int_equal(srv->state, TS_RECV);
	assert_false(list_empty(&ep->receivers));
	cli->ctx.x[0] = h;
	cli->ctx.x[1] = MSGINFO(0, 1, 0);
	cli->ctx.x[2] = 42;
	cli->ctx.x[17] = 0;
	assert_int_equal(hn_sys(cli, SYS_send), 0);   /* the receiver was there */
	assert_int_equal(srv->ctx.x[2], 42);
	assert_ptr_equal(sched_pick(), cli);          /* srv got it, but is held */
	thread_resume(srv);
	sched_yield();
	assert_ptr_equal(sched_pick(), srv);
	/* the same for a suspended sender */
	cli->ctx.x[0] = h;
	cli->ctx.x[1] = MSGINFO(0, 1, 0);
	cli->ctx.x[2] = 43;
	assert_int_equal(hn_sys(cli, SYS_send), IPC_BLOCKED);
	thread_suspend(cli);
	srv->ctx.x[0] = h;
	assert_int_equal(hn_sys(srv, SYS_recv), 0);
	assert_int_equal(srv->ctx.x[2], 43);
	assert_int_equal(cli->state, TS_RUNNABLE);
	thread_resume(cli);
}

static void test_timeouts_in_order(void **state)
{
	struct thread *t[5];
	struct endpoint *ep;
	uint32_t h;
	static const uint64_t ms[5] = { 30, 10, 20, 20, 40 };

	(void)state;
	assert_int_equal(endpoint_create(task->budget, &ep), 0);
	h = hn_install(task, ep, RIGHT_ALL);
	obj_put(&ep->obj);
	for (int i = 0; i < 5; i++)
		t[i] = hn_thread(task, 10);
	hn_now = at(1);
	/* t0, t2, t4 receive with timeouts; t1 and t3 sleep */
	for (int i = 0; i < 5; i++) {
		if (i % 2 == 0) {
			t[i]->ctx.x[0] = h;
			t[i]->ctx.x[17] = ms[i] * MS;
			assert_int_equal(hn_sys(t[i], SYS_recv), IPC_BLOCKED);
		} else {
			sleep_ms(t[i], ms[i]);
		}
	}
	assert_int_equal(sched_next_event(), at(10));       /* the slice ends first */
	tick(10);
	assert_int_equal(sched_next_event(), at(11));       /* then t1's deadline */
	tick(11);
	assert_int_equal(t[1]->state, TS_RUNNABLE);
	assert_int_equal(t[1]->ctx.x[0], 0);                 /* a sleep ends with 0 */
	for (int i = 0; i < 5; i++)
		if (i != 1)
			assert_int_not_equal(t[i]->state, TS_RUNNABLE);
	tick(20);
	assert_int_equal(t[2]->state, TS_RECV);             /* 1 ms early */
	assert_int_equal(sched_next_event(), at(21));
	tick(21);                                            /* t2 and t3: same deadline */
	assert_int_equal(t[2]->state, TS_RUNNABLE);
	assert_int_equal((int64_t)t[2]->ctx.x[0], ERR_TIMEOUT);
	assert_int_equal(t[3]->state, TS_RUNNABLE);
	assert_int_equal(t[3]->ctx.x[0], 0);
	assert_int_equal(t[0]->state, TS_RECV);
	assert_true(list_empty(&t[2]->queue_link) == 0);    /* on the run queue now */
	tick(45);                                            /* t0 (31) and t4 (41) at once */
	assert_int_equal((int64_t)t[0]->ctx.x[0], ERR_TIMEOUT);
	assert_int_equal((int64_t)t[4]->ctx.x[0], ERR_TIMEOUT);
	/* woken in one tick, the earlier deadline runs first: t0 before t4 */
	assert_ptr_equal(sched_pick(), t[0]);
	sleep_ms(t[0], 100);
	assert_ptr_equal(sched_pick(), t[4]);
	assert_true(list_empty(&ep->receivers));
	assert_int_equal(ep->obj.refs, 1);                   /* queued waiters held it */
	assert_int_equal(sched_next_event(), at(55));
}

/* A wait that ends early takes its timeout with it. */
static void test_timeout_cancelled(void **state)
{
	struct thread *a = hn_thread(task, 10), *b = hn_thread(task, 10);
	struct notify *n;
	uint64_t bits;

	(void)state;
	assert_int_equal(notify_create(task->budget, &n), 0);
	assert_int_equal(notify_wait(a, n, 5 * MS, &bits), IPC_BLOCKED);
	assert_int_equal(sched_next_event(), at(5));
	notify_signal(n, 1);
	assert_int_equal(a->state, TS_RUNNABLE);
	assert_int_equal(a->deadline, 0);
	assert_int_equal(sched_next_event(), at(10));
	tick(6);                                     /* nothing to expire */
	assert_int_equal(a->ctx.x[0], 0);
	/* a sleeper interrupted early */
	sleep_ms(b, 3);
	b->interrupt_pending = 0;
	thread_wake(b, ERR_INTR);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_INTR);
	tick(9);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_INTR);
	/* a notify wait that times out */
	assert_int_equal(notify_wait(a, n, 2 * MS, &bits), IPC_BLOCKED);
	tick(11);
	assert_int_equal((int64_t)a->ctx.x[0], ERR_TIMEOUT);
	assert_true(list_empty(&n->waiters));
	notify_signal(n, 2);                         /* kept for the next wait */
	assert_int_equal(notify_wait(a, n, 0, &bits), 0);
	assert_int_equal(bits, 2);
	obj_put(&n->obj);
}

static void test_ticks(void **state)
{
	(void)state;
	assert_int_equal(ns_to_ticks(10 * MS), 625000);
	assert_int_equal(ns_to_ticks(1), 0);
	assert_int_equal(ns_to_ticks(16), 1);
	assert_int_equal(ns_to_ticks(3600ULL * 1000000000ULL), 3600ULL * HN_FREQ);
	/* a year in nanoseconds does not overflow on the way */
	assert_int_equal(ns_to_ticks(31536000ULL * 1000000000ULL), 31536000ULL * HN_FREQ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_priorities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_robin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slice_end_and_wake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wake_goes_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suspend_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suspend_while_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeouts_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_cancelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
