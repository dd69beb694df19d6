/*
 * test_ipc.c: synchronous IPC between threads of two tasks (endpoint.c,
 * ipc.c, reply.c, the waits of thread.c, the deaths of task.c), driven
 * through the native calls (syscall_dispatch) as user space makes them,
 * against endpoint.h, reply.h and abi.h: who meets whom in which order,
 * what each side finds in its registers and message buffer, who is told
 * ERR_DEAD when the other side goes, and how exceptions travel as calls.
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
#include "region.h"
#include "reply.h"
#include "aspace.h"
#include "ipc.h"
#include "entry.h"
#include "layout.h"
#include "error.h"

#define MS       1000000ULL
#define BADGE    0xb0b0cafeULL
#define BUF_VA   0x200000UL

static struct task *ct, *st;        /* client task, server task */
static struct thread *srv;          /* the server's thread */
static struct endpoint *ep;
static uint32_t sh;                 /* the server's handle: RIGHT_ALL */
static uint32_t ch;                 /* the clients' handle: SEND | DUP, badge BADGE */
static uint64_t root0;

static int setup(void **state)
{
	if (hn_setup(state))
		return -1;
	root0 = hn_root.used;
	ct = hn_task("client", 4 << 20);
	st = hn_task("server", 4 << 20);
	srv = hn_thread(st, 10);
	assert_int_equal(endpoint_create(st->budget, &ep), 0);
	sh = hn_install(st, ep, RIGHT_ALL);
	assert_int_equal(handle_install(&ct->handles, &ep->obj, RIGHT_SEND | RIGHT_DUP, BADGE, &ch), 0);
	obj_put(&ep->obj);
	return 0;
}

static int teardown(void **state)
{
	uint64_t used;
	unsigned asids;

	hn_kill(ct);
	hn_kill(st);
	used = hn_root.used;
	asids = hn_asids_live;
	hn_teardown(state);
	assert_int_equal(used, root0);
	assert_int_equal(asids, 0);
	return 0;
}

/* msg: put a message of n words (w, w+1, ...) in t's registers. */
static void msg(struct thread *t, uint32_t label, unsigned n, uint64_t w)
{
	t->ctx.x[1] = MSGINFO(label, n, 0);
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		t->ctx.x[2 + i] = i < n ? w + i : 0xdead;
	t->ctx.x[17] = 0;
}

static int64_t do_call(struct thread *t, uint32_t h, uint64_t w)
{
	t->ctx.x[0] = h;
	msg(t, 7, 3, w);
	return hn_sys(t, SYS_call);
}

static int64_t do_recv(struct thread *t, uint32_t h)
{
	t->ctx.x[0] = h;
	t->ctx.x[17] = 0;
	return hn_sys(t, SYS_recv);
}

static int64_t do_reply_recv(struct thread *t, uint32_t h, uint64_t w)
{
	t->ctx.x[0] = h;
	msg(t, 0, 2, w);
	return hn_sys(t, SYS_reply_recv);
}

/* mapped_buffer: give t a message buffer page at BUF_VA. */
static void mapped_buffer(struct thread *t)
{
	struct region *r;

	assert_int_equal(region_create_ram(t->task->budget, 1, 0, &r), 0);
	assert_int_equal(aspace_map(t->task->aspace, r, BUF_VA, 0, 1,
				    RIGHT_READ | RIGHT_WRITE, MAP_RIGHTS), 0);
	obj_put(&r->obj);
	t->ipcbuf = BUF_VA;
}

static void test_call_then_recv(void **state)
{
	struct thread *cli = hn_thread(ct, 10);

	(void)state;
	cli->ctx.x[0] = ch;
	msg(cli, 0x1234, 14, 100);
	assert_int_equal(hn_sys(cli, SYS_call), IPC_BLOCKED);
	assert_int_equal(cli->state, TS_CALL);
	assert_ptr_equal(cli->queued_on, ep);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(srv->ctx.x[16], BADGE);
	assert_int_equal(srv->ctx.x[1], MSGINFO(0x1234, 14, 0));
	for (int i = 0; i < 14; i++)
		assert_int_equal(srv->ctx.x[2 + i], 100 + (uint64_t)i);
	assert_int_equal(cli->state, TS_REPLY);
	assert_ptr_equal(srv->reply_to, cli);
	assert_null(cli->queued_on);
	/* the reply: x0 0, the reply's msginfo and words, nothing of the badge */
	cli->ctx.x[16] = 0x5555;
	assert_int_equal(do_reply_recv(srv, sh, 500), IPC_BLOCKED);
	assert_int_equal(srv->state, TS_RECV);
	assert_int_equal(cli->state, TS_RUNNABLE);
	assert_int_equal(cli->ctx.x[0], 0);
	assert_int_equal(cli->ctx.x[1], MSGINFO(0, 2, 0));
	assert_int_equal(cli->ctx.x[2], 500);
	assert_int_equal(cli->ctx.x[3], 501);
	assert_int_equal(cli->ctx.x[16], 0);
	assert_null(srv->reply_to);
	assert_null(cli->reply_by_thread);
	assert_ptr_equal(sched_pick(), cli);      /* the caller runs next */
}

static void test_recv_then_call(void **state)
{
	struct thread *cli = hn_thread(ct, 10), *other = hn_thread(ct, 10);

	(void)state;
	assert_ptr_equal(sched_pick(), srv);
	assert_int_equal(do_recv(srv, sh), IPC_BLOCKED);
	assert_ptr_equal(sched_pick(), cli);
	assert_int_equal(do_call(cli, ch, 7), IPC_BLOCKED);
	assert_int_equal(cli->state, TS_REPLY);
	assert_int_equal(srv->state, TS_RUNNABLE);
	assert_int_equal(srv->ctx.x[0], 0);
	assert_int_equal(srv->ctx.x[1], MSGINFO(7, 3, 0));
	assert_int_equal(srv->ctx.x[2], 7);
	assert_int_equal(srv->ctx.x[16], BADGE);
	assert_ptr_equal(sched_pick(), srv);      /* the server runs before 'other' */
	(void)other;
}

static void test_fifo_senders(void **state)
{
	struct thread *cli[4];
	uint32_t h[4];

	(void)state;
	for (int i = 0; i < 4; i++) {
		cli[i] = hn_thread(ct, 10);
		assert_int_equal(handle_install(&ct->handles, &ep->obj, RIGHT_SEND, 1000 + (uint64_t)i,
						&h[i]), 0);
	}
	/* callers queue in the order 2, 0, 3, 1 */
	static const int order[4] = { 2, 0, 3, 1 };
	for (int k = 0; k < 4; k++)
		assert_int_equal(do_call(cli[order[k]], h[order[k]], 10 * (uint64_t)order[k]), IPC_BLOCKED);
	assert_int_equal(do_recv(srv, sh), 0);
	for (int k = 0; k < 4; k++) {
		int i = order[k];

		assert_int_equal(srv->ctx.x[16], 1000 + (uint64_t)i);
		assert_int_equal(srv->ctx.x[2], 10 * (uint64_t)i);
		assert_int_equal(do_reply_recv(srv, sh, 77 + (uint64_t)i), k == 3 ? IPC_BLOCKED : 0);
		assert_int_equal(cli[i]->state, TS_RUNNABLE);
		assert_int_equal(cli[i]->ctx.x[2], 77 + (uint64_t)i);
		for (int j = k + 1; j < 4; j++)      /* the next one was just received */
			assert_int_equal(cli[order[j]]->state, j == k + 1 ? TS_REPLY : TS_CALL);
	}
}

static void test_recv_owing_reply(void **state)
{
	struct thread *a = hn_thread(ct, 10), *b = hn_thread(ct, 10);

	(void)state;
	assert_int_equal(do_call(a, ch, 1), IPC_BLOCKED);
	assert_int_equal(do_call(b, ch, 2), IPC_BLOCKED);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(do_recv(srv, sh), ERR_STATE);
	assert_int_equal(b->state, TS_CALL);             /* nothing taken */
	/* reply_save frees the slot; a second save has nothing to keep */
	assert_int_equal(hn_sys(srv, SYS_reply_save), 0);
	assert_int_equal(hn_sys(srv, SYS_reply_save), ERR_STATE);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(srv->ctx.x[2], 2);
	assert_int_equal(a->state, TS_REPLY);
	assert_int_equal(b->state, TS_REPLY);
}

static void test_send(void **state)
{
	struct thread *a = hn_thread(ct, 10), *b = hn_thread(ct, 10);

	(void)state;
	a->ctx.x[0] = ch;
	msg(a, 3, 1, 11);
	a->ctx.x[1] |= MSG_NONBLOCK;
	assert_int_equal(hn_sys(a, SYS_send), ERR_AGAIN);
	assert_true(list_empty(&ep->senders));
	a->ctx.x[0] = ch;
	msg(a, 3, 1, 11);
	assert_int_equal(hn_sys(a, SYS_send), IPC_BLOCKED);
	assert_int_equal(a->state, TS_SEND);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(srv->ctx.x[2], 11);
	assert_null(srv->reply_to);                       /* a send wants no reply */
	assert_int_equal(a->state, TS_RUNNABLE);
	assert_int_equal(a->ctx.x[0], 0);
	/* a waiting receiver: a nonblocking send succeeds at once */
	assert_int_equal(do_recv(srv, sh), IPC_BLOCKED);
	b->ctx.x[0] = ch;
	msg(b, 4, 1, 12);
	b->ctx.x[1] |= MSG_NONBLOCK;
	assert_int_equal(hn_sys(b, SYS_send), 0);
	assert_int_equal(srv->ctx.x[1], MSGINFO(4, 1, 0));   /* the flag is not delivered */
	assert_int_equal(srv->ctx.x[2], 12);
}

static void test_deferred_replies_reverse(void **state)
{
	struct thread *cli[3];
	uint32_t rh[3];
	struct handle *h;

	(void)state;
	for (int i = 0; i < 3; i++) {
		cli[i] = hn_thread(ct, 10);
		assert_int_equal(do_call(cli[i], ch, 10 * (uint64_t)i), IPC_BLOCKED);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(do_recv(srv, sh), 0);
		assert_int_equal(srv->ctx.x[2], 10 * (uint64_t)i);
		assert_int_equal(hn_sys(srv, SYS_reply_save), 0);
		rh[i] = (uint32_t)srv->ctx.x[1];
		assert_null(srv->reply_to);
	}
	for (int i = 2; i >= 0; i--) {
		srv->ctx.x[0] = rh[i];
		msg(srv, 0, 1, 900 + (uint64_t)i);
		assert_int_equal(hn_sys(srv, SYS_reply), 0);
		assert_int_equal(cli[i]->state, TS_RUNNABLE);
		assert_int_equal(cli[i]->ctx.x[0], 0);
		assert_int_equal(cli[i]->ctx.x[2], 900 + (uint64_t)i);
		for (int j = 0; j < i; j++)
			assert_int_equal(cli[j]->state, TS_REPLY);
		/* the reply handle was used up */
		assert_int_equal(handle_get(&st->handles, rh[i], 0, 0, &h), ERR_BADH);
		srv->ctx.x[0] = rh[i];
		assert_int_equal(hn_sys(srv, SYS_reply), ERR_BADH);
	}
}

static void test_caller_killed(void **state)
{
	struct task *ct2 = hn_task("client2", 1 << 20);
	struct thread *a = hn_thread(ct2, 10), *b = hn_thread(ct2, 10), *c = hn_thread(ct, 10);
	uint32_t h2, rh;

	(void)state;
	assert_int_equal(handle_install(&ct2->handles, &ep->obj, RIGHT_SEND, 0, &h2), 0);
	assert_int_equal(do_call(a, h2, 1), IPC_BLOCKED);
	assert_int_equal(do_call(b, h2, 2), IPC_BLOCKED);
	assert_int_equal(do_call(c, ch, 3), IPC_BLOCKED);
	struct thread *q = hn_thread(ct2, 10);
	assert_int_equal(do_call(q, h2, 4), IPC_BLOCKED);   /* still queued when it dies */
	assert_int_equal(do_recv(srv, sh), 0);             /* a: saved */
	assert_int_equal(hn_sys(srv, SYS_reply_save), 0);
	rh = (uint32_t)srv->ctx.x[1];
	assert_int_equal(do_recv(srv, sh), 0);             /* b: in the implicit slot */
	assert_ptr_equal(srv->reply_to, b);
	hn_kill(ct2);                                      /* a and b die waiting */
	assert_null(srv->reply_to);
	srv->ctx.x[0] = rh;
	msg(srv, 0, 1, 5);
	assert_int_equal(hn_sys(srv, SYS_reply), ERR_DEAD);
	assert_int_equal(st->handles.used, 2);             /* the reply handle is gone */
	/* and the server goes on: the next call is c's */
	assert_int_equal(do_reply_recv(srv, sh, 6), 0);
	assert_int_equal(srv->ctx.x[2], 3);
	assert_int_equal(do_reply_recv(srv, sh, 8), IPC_BLOCKED);
	assert_int_equal(c->ctx.x[2], 8);
}

static void test_server_killed(void **state)
{
	struct thread *a = hn_thread(ct, 10), *b = hn_thread(ct, 10), *c = hn_thread(ct, 10);
	struct thread *d = hn_thread(ct, 10);

	(void)state;
	assert_int_equal(do_call(a, ch, 1), IPC_BLOCKED);
	assert_int_equal(do_call(b, ch, 2), IPC_BLOCKED);
	assert_int_equal(do_call(c, ch, 3), IPC_BLOCKED);
	d->ctx.x[0] = ch;
	msg(d, 0, 1, 4);
	assert_int_equal(hn_sys(d, SYS_send), IPC_BLOCKED);
	assert_int_equal(do_recv(srv, sh), 0);             /* a: saved in a reply object */
	assert_int_equal(hn_sys(srv, SYS_reply_save), 0);
	assert_int_equal(do_recv(srv, sh), 0);             /* b: implicit slot */
	/* c and d stay queued */
	task_kill(st, TASK_KILLED);
	for (int i = 0; i < 4; i++) {
		struct thread *t = (struct thread *[]){ a, b, c, d }[i];

		assert_int_equal(t->state, TS_RUNNABLE);
		assert_int_equal((int64_t)t->ctx.x[0], ERR_DEAD);
	}
	assert_true(ep->dead);
	assert_int_equal(do_call(a, ch, 5), ERR_DEAD);     /* and from now on */
	assert_int_equal(ep->obj.refs, 1);                 /* only ct's handle */
	/* closing the dead endpoint's last handle frees it */
	assert_int_equal(handle_close(&ct->handles, ch), 0);
}

static void test_last_recv_handle(void **state)
{
	struct thread *a = hn_thread(ct, 10), *b = hn_thread(ct, 10);
	uint32_t sh2;

	(void)state;
	srv->ctx.x[0] = sh;
	srv->ctx.x[1] = RIGHT_RECV | RIGHT_SEND;
	srv->ctx.x[2] = 0;
	assert_int_equal(hn_sys(srv, SYS_handle_dup), 0);
	sh2 = (uint32_t)srv->ctx.x[1];
	assert_int_equal(ep->receive_handles, 2);
	assert_int_equal(do_call(a, ch, 1), IPC_BLOCKED);
	assert_int_equal(handle_close(&st->handles, sh), 0);
	assert_int_equal(ep->receive_handles, 1);
	assert_false(ep->dead);
	assert_int_equal(a->state, TS_CALL);
	b->ctx.x[0] = ch;
	msg(b, 0, 1, 2);
	assert_int_equal(hn_sys(b, SYS_send), IPC_BLOCKED);
	assert_int_equal(handle_close(&st->handles, sh2), 0);
	assert_true(ep->dead);
	assert_int_equal((int64_t)a->ctx.x[0], ERR_DEAD);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_DEAD);
	assert_int_equal(a->state, TS_RUNNABLE);
	assert_int_equal(b->state, TS_RUNNABLE);
	assert_int_equal(do_call(a, ch, 1), ERR_DEAD);
	b->ctx.x[0] = ch;
	msg(b, 0, 1, 2);
	b->ctx.x[1] |= MSG_NONBLOCK;
	assert_int_equal(hn_sys(b, SYS_send), ERR_DEAD);
	assert_int_equal(ep->obj.refs, 1);
}

static void test_timeouts(void **state)
{
	struct thread *a = hn_thread(ct, 10), *b = hn_thread(ct, 10);

	(void)state;
	a->ctx.x[0] = ch;
	msg(a, 0, 1, 1);
	a->ctx.x[17] = 5 * MS;
	assert_int_equal(hn_sys(a, SYS_call), IPC_BLOCKED);
	b->ctx.x[0] = ch;
	msg(b, 0, 1, 2);
	b->ctx.x[17] = 8 * MS;
	assert_int_equal(hn_sys(b, SYS_call), IPC_BLOCKED);
	hn_now = hn_ticks(5 * MS);
	sched_tick(hn_now);
	assert_int_equal((int64_t)a->ctx.x[0], ERR_TIMEOUT);
	assert_int_equal(a->state, TS_RUNNABLE);
	assert_int_equal(b->state, TS_CALL);
	assert_null(a->queued_on);
	/* b is received in time, but its timeout covers the whole call: the
	 * reply comes too late, and the server's answer goes nowhere */
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(srv->ctx.x[2], 2);
	assert_int_equal(b->state, TS_REPLY);
	hn_now = hn_ticks(50 * MS);
	sched_tick(hn_now);
	assert_int_equal(b->state, TS_RUNNABLE);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_TIMEOUT);
	assert_null(srv->reply_to);
	assert_int_equal(do_reply_recv(srv, sh, 3), IPC_BLOCKED);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_TIMEOUT);
	/* a receive that times out */
	thread_abort_wait(srv);
	srv->state = TS_RUNNABLE;
	sched_ready(srv, 0);
	srv->ctx.x[0] = sh;
	srv->ctx.x[17] = 1 * MS;
	assert_int_equal(hn_sys(srv, SYS_recv), IPC_BLOCKED);
	hn_now += hn_ticks(1 * MS);
	sched_tick(hn_now);
	assert_int_equal((int64_t)srv->ctx.x[0], ERR_TIMEOUT);
	assert_true(list_empty(&ep->receivers));
	assert_int_equal(ep->obj.refs, 2);
}

/* exc_thread: a client thread whose exceptions go to ep with a badge. */
static struct thread *exc_thread(void)
{
	struct thread *f = hn_thread(ct, 10);

	obj_get(&ep->obj);
	f->exc_ep = ep;
	f->exc_badge = 0xe0e0;
	for (int i = 0; i < 31; i++)
		f->ctx.x[i] = 0x100 + (uint64_t)i;
	f->ctx.pc = 0x401000;
	f->ctx.sp = 0x7fff0;
	return f;
}

static void check_exception_message(struct thread *h, unsigned kind)
{
	assert_int_equal(h->ctx.x[0], 0);
	assert_int_equal(h->ctx.x[1], MSGINFO(kind, EXC_WORDS, 0));
	assert_int_equal(MSG_LABEL(h->ctx.x[1]), kind);
	for (int i = 0; i <= 8; i++)
		assert_int_equal(h->ctx.x[2 + EXC_X0 + i], 0x100 + (uint64_t)i);
	assert_int_equal(h->ctx.x[2 + EXC_PC], 0x401000);
	assert_int_equal(h->ctx.x[2 + EXC_SP], 0x7fff0);
	assert_int_equal(h->ctx.x[2 + EXC_ESR], 0x92000047);
	assert_int_equal(h->ctx.x[2 + EXC_FAR], 0xdead000);
	assert_int_equal(h->ctx.x[16], 0xe0e0);
}

static void exception_reply(struct thread *h)
{
	h->ctx.x[1] = MSGINFO(0, EXC_REPLY_WORDS, 0);
	for (int i = 0; i <= 8; i++)
		h->ctx.x[2 + EXC_X0 + i] = 0x900 + (uint64_t)i;
	h->ctx.x[2 + EXC_PC] = 0x402000;
	h->ctx.x[2 + EXC_SP] = 0x6fff0;
	h->ctx.x[0] = sh;
	h->ctx.x[17] = 0;
}

static void check_resumed(struct thread *f)
{
	assert_int_equal(f->state, TS_RUNNABLE);
	for (int i = 0; i <= 8; i++)
		assert_int_equal(f->ctx.x[i], 0x900 + (uint64_t)i);
	assert_int_equal(f->ctx.x[9], 0x109);                /* untouched */
	assert_int_equal(f->ctx.pc, 0x402000);
	assert_int_equal(f->ctx.sp, 0x6fff0);
	assert_false(f->in_exception);
}

static void test_exception_round_trip(void **state)
{
	struct thread *f = exc_thread();

	(void)state;
	/* the handler waits first */
	assert_int_equal(do_recv(srv, sh), IPC_BLOCKED);
	entry_exception(f, EXC_PAGE_FAULT, 0x92000047, 0xdead000);
	assert_int_equal(f->state, TS_REPLY);
	assert_true(f->in_exception);
	check_exception_message(srv, EXC_PAGE_FAULT);
	exception_reply(srv);
	assert_int_equal(hn_sys(srv, SYS_reply_recv), IPC_BLOCKED);
	check_resumed(f);

	/* the exception comes first and waits for the handler */
	for (int i = 0; i < 31; i++)
		f->ctx.x[i] = 0x100 + (uint64_t)i;
	f->ctx.pc = 0x401000;
	f->ctx.sp = 0x7fff0;
	thread_abort_wait(srv);                              /* the handler steps away */
	srv->state = TS_RUNNABLE;
	sched_ready(srv, 0);
	entry_exception(f, EXC_UNDEFINED, 0x92000047, 0xdead000);
	assert_int_equal(f->state, TS_CALL);
	assert_true(f->in_exception_pending);
	assert_int_equal(do_recv(srv, sh), 0);
	check_exception_message(srv, EXC_UNDEFINED);
	assert_true(f->in_exception);
	assert_false(f->in_exception_pending);
	exception_reply(srv);
	assert_int_equal(hn_sys(srv, SYS_reply_recv), IPC_BLOCKED);
	check_resumed(f);
	/* a foreign task's svc #0 is an exception as well */
	ct->flags |= TASK_FOREIGN;
	f->ctx.x[16] = SYS_yield;
	entry_svc(f, LICHEN_SVC_IMM, 0x5600004c);
	assert_int_equal(f->state, TS_REPLY);
	assert_int_equal(MSG_LABEL(srv->ctx.x[1]), EXC_SYSCALL);
	assert_int_equal(srv->ctx.x[2 + EXC_ESR], 0x5600004c);
}

/* A task whose exception nobody can answer dies, and its watcher hears. */
static void test_exception_unhandled(void **state)
{
	struct thread *f = hn_thread(ct, 10), *g;
	struct notify *n;
	uint32_t th, nh;

	(void)state;
	(void)g;
	assert_int_equal(notify_create(st->budget, &n), 0);
	nh = hn_install(st, n, RIGHT_SIGNAL | RIGHT_WAIT);
	obj_put(&n->obj);
	th = hn_install(st, ct, RIGHT_CONTROL);
	srv->ctx.x[0] = th;
	srv->ctx.x[1] = nh;
	srv->ctx.x[2] = 0x40;
	assert_int_equal(hn_sys(srv, SYS_task_watch), 0);
	f->ctx.pc = 0x401234;
	hn_log_clear();
	entry_exception(f, EXC_ALIGNMENT, 0x8a000000, 0x1001);   /* no handler */
	assert_int_equal(ct->state, TASK_FAULTED);
	assert_int_equal(ct->cause, EXC_ALIGNMENT);
	assert_int_equal(ct->esr, 0x8a000000);
	assert_int_equal(ct->far, 0x1001);
	assert_int_equal(ct->pc, 0x401234);
	assert_non_null(strstr(hn_log(), "client"));
	assert_int_equal(n->bits, 0x40);
	assert_int_equal(ct->handles.used, 0);
	/* the watcher learns it through the notification and task_status */
	srv->ctx.x[0] = nh;
	srv->ctx.x[17] = 0;
	assert_int_equal(hn_sys(srv, SYS_notify_wait), 0);
	assert_int_equal(srv->ctx.x[1], 0x40);
	srv->ctx.x[0] = th;
	assert_int_equal(hn_sys(srv, SYS_task_status), 0);
	assert_int_equal(srv->ctx.x[1], TASK_FAULTED);
	assert_int_equal(srv->ctx.x[2], EXC_ALIGNMENT);
	assert_int_equal(srv->ctx.x[5], 0x401234);
}

/* An exception caught waiting when its handler goes away is unhandled. */
static void test_exception_handler_dies(void **state)
{
	struct task *ct2 = hn_task("client2", 1 << 20);
	struct thread *f = exc_thread(), *f2 = hn_thread(ct2, 10);

	(void)state;
	/* f2's exception is received and pending a reply when the handler dies;
	 * f's waits in the queue */
	obj_get(&ep->obj);
	f2->exc_ep = ep;
	entry_exception(f2, EXC_PAGE_FAULT, 1, 2);
	entry_exception(f, EXC_PAGE_FAULT, 1, 2);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(f2->state, TS_REPLY);
	assert_int_equal(f->state, TS_CALL);
	task_kill(st, TASK_KILLED);
	assert_int_equal(ct->state, TASK_FAULTED);
	assert_int_equal(ct2->state, TASK_FAULTED);
	assert_int_equal(ct2->cause, EXC_PAGE_FAULT);
	hn_kill(ct2);
}

/* A 40-word message: 14 in registers, the rest buffer to buffer. */
static void test_long_message(void **state)
{
	struct thread *cli = hn_thread(ct, 10);
	struct ipc_buffer in, out;

	(void)state;
	mapped_buffer(cli);
	mapped_buffer(srv);
	memset(&out, 0, sizeof(out));
	for (int i = 0; i < 40; i++)
		out.words[i] = 0x5000 + (uint64_t)i;
	assert_int_equal(aspace_copy_out(ct->aspace, BUF_VA, &out, sizeof(out)), 0);
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(9, 40, 0);
	for (int i = 0; i < 14; i++)
		cli->ctx.x[2 + i] = out.words[i];
	cli->ctx.x[17] = 0;
	assert_int_equal(hn_sys(cli, SYS_call), IPC_BLOCKED);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(srv->ctx.x[1], MSGINFO(9, 40, 0));
	assert_int_equal(aspace_copy_in(st->aspace, BUF_VA, &in, sizeof(in)), 0);
	for (int i = 0; i < 14; i++)
		assert_int_equal(srv->ctx.x[2 + i], 0x5000 + (uint64_t)i);
	for (int i = 14; i < 40; i++)
		assert_int_equal(in.words[i], 0x5000 + (uint64_t)i);
	assert_int_equal(in.words[40], 0);
	/* a long reply the other way */
	for (int i = 0; i < 64; i++)
		out.words[i] = 0x7000 + (uint64_t)i;
	assert_int_equal(aspace_copy_out(st->aspace, BUF_VA, &out, sizeof(out)), 0);
	srv->ctx.x[0] = sh;
	srv->ctx.x[1] = MSGINFO(0, 64, 0);
	srv->ctx.x[17] = 0;
	assert_int_equal(hn_sys(srv, SYS_reply_recv), IPC_BLOCKED);
	assert_int_equal(aspace_copy_in(ct->aspace, BUF_VA, &in, sizeof(in)), 0);
	assert_int_equal(in.words[63], 0x7000 + 63);
	assert_int_equal(cli->ctx.x[1], MSGINFO(0, 64, 0));
}

/* Long messages a side cannot take. */
static void test_long_message_limits(void **state)
{
	struct thread *cli = hn_thread(ct, 10);

	(void)state;
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(0, 20, 0);
	cli->ctx.x[17] = 0;
	assert_int_equal(hn_sys(cli, SYS_call), ERR_FAULT);     /* no buffer */
	mapped_buffer(cli);
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(0, MSG_MAX_WORDS + 1, 0);
	assert_int_equal(hn_sys(cli, SYS_call), ERR_INVAL);
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(0, 2, MSG_MAX_HANDLES + 1);
	assert_int_equal(hn_sys(cli, SYS_call), ERR_INVAL);
	assert_true(list_empty(&ep->senders));
	/* a receiver without a buffer gets the register part, marked truncated */
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(5, 20, 0);
	assert_int_equal(hn_sys(cli, SYS_call), IPC_BLOCKED);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(MSG_WORDS(srv->ctx.x[1]), 14);
	assert_true(srv->ctx.x[1] & (1u << 13));
	assert_int_equal(MSG_LABEL(srv->ctx.x[1]), 5);
}

static void test_handle_transfer(void **state)
{
	struct thread *cli = hn_thread(ct, 10);
	struct notify *n;
	struct ipc_buffer buf;
	struct handle *h;
	uint32_t xh, noxh;
	unsigned st_used, refs;

	(void)state;
	mapped_buffer(cli);
	mapped_buffer(srv);
	assert_int_equal(notify_create(ct->budget, &n), 0);
	xh = hn_install(ct, n, RIGHT_SIGNAL | RIGHT_XFER);
	noxh = hn_install(ct, n, RIGHT_SIGNAL | RIGHT_WAIT);
	obj_put(&n->obj);

	/* without XFER: refused before anything happens */
	memset(&buf, 0, sizeof(buf));
	buf.send_handles[0] = xh;
	buf.send_handles[1] = noxh;
	assert_int_equal(aspace_copy_out(ct->aspace, BUF_VA, &buf, sizeof(buf)), 0);
	assert_int_equal(do_recv(srv, sh), IPC_BLOCKED);
	st_used = st->handles.used;
	refs = n->obj.refs;
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(1, 1, 2);
	cli->ctx.x[17] = 0;
	assert_int_equal(hn_sys(cli, SYS_call), ERR_RIGHTS);
	assert_int_equal(srv->state, TS_RECV);
	assert_int_equal(st->handles.used, st_used);
	assert_int_equal(n->obj.refs, refs);
	assert_int_equal(cli->state, TS_RUNNABLE);
	/* a handle that is not one */
	buf.send_handles[1] = 0x7777;
	assert_int_equal(aspace_copy_out(ct->aspace, BUF_VA, &buf, sizeof(buf)), 0);
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(1, 1, 2);
	assert_int_equal(hn_sys(cli, SYS_call), ERR_BADH);
	assert_int_equal(srv->state, TS_RECV);

	/* with XFER: the server gets its own handle, same object, same rights */
	cli->ctx.x[0] = ch;
	cli->ctx.x[1] = MSGINFO(1, 1, 1);
	cli->ctx.x[2] = 0x77;
	assert_int_equal(hn_sys(cli, SYS_call), IPC_BLOCKED);
	assert_int_equal(srv->state, TS_RUNNABLE);
	assert_int_equal(MSG_HANDLES(srv->ctx.x[1]), 1);
	assert_int_equal(aspace_copy_in(st->aspace, BUF_VA, &buf, sizeof(buf)), 0);
	assert_int_not_equal(buf.recv_handles[0], 0);
	assert_int_equal(handle_get(&st->handles, buf.recv_handles[0], OBJ_NOTIFY, 0, &h), 0);
	assert_ptr_equal(h->obj, &n->obj);
	assert_int_equal(h->rights, RIGHT_SIGNAL | RIGHT_XFER);
	assert_int_equal(n->obj.refs, refs + 1);
	assert_int_equal(st->handles.used, st_used + 1);
	/* the sender keeps its own */
	assert_int_equal(handle_get(&ct->handles, xh, OBJ_NOTIFY, RIGHT_XFER, &h), 0);
	/* the server uses it */
	srv->ctx.x[0] = buf.recv_handles[0];
	srv->ctx.x[1] = 8;
	assert_int_equal(hn_sys(srv, SYS_notify_signal), 0);
	assert_int_equal(n->bits, 8);
	/* a receive right moved in a message keeps the endpoint alive */
	assert_int_equal(ep->receive_handles, 1);
}

/* A caller interrupted while it waits for the reply: the server's reply
 * then finds nobody, harmlessly. */
static void test_caller_interrupted(void **state)
{
	struct thread *a = hn_thread(ct, 10), *b = hn_thread(ct, 10), *ctl = hn_thread(ct, 10);
	uint32_t ah, bh, rh;

	(void)state;
	ah = hn_install(ct, a, RIGHT_CONTROL);
	bh = hn_install(ct, b, RIGHT_CONTROL);
	assert_int_equal(do_call(a, ch, 1), IPC_BLOCKED);
	assert_int_equal(do_call(b, ch, 2), IPC_BLOCKED);
	assert_int_equal(do_recv(srv, sh), 0);
	assert_int_equal(hn_sys(srv, SYS_reply_save), 0);
	rh = (uint32_t)srv->ctx.x[1];
	assert_int_equal(do_recv(srv, sh), 0);
	ctl->ctx.x[0] = ah;
	assert_int_equal(hn_sys(ctl, SYS_thread_interrupt), 0);
	ctl->ctx.x[0] = bh;
	assert_int_equal(hn_sys(ctl, SYS_thread_interrupt), 0);
	assert_int_equal((int64_t)a->ctx.x[0], ERR_INTR);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_INTR);
	assert_true(a->interrupt_pending);
	assert_null(srv->reply_to);
	srv->ctx.x[0] = rh;
	msg(srv, 0, 1, 5);
	assert_int_equal(hn_sys(srv, SYS_reply), ERR_DEAD);
	assert_int_equal(do_reply_recv(srv, sh, 6), IPC_BLOCKED);
	assert_int_equal((int64_t)b->ctx.x[0], ERR_INTR);    /* not overwritten */
	/* a caller still queued is taken off the queue */
	thread_abort_wait(srv);                          /* the server steps away */
	srv->state = TS_RUNNABLE;
	sched_ready(srv, 0);
	assert_int_equal(do_call(a, ch, 3), IPC_BLOCKED);
	assert_int_equal(a->state, TS_CALL);
	ctl->ctx.x[0] = ah;
	assert_int_equal(hn_sys(ctl, SYS_thread_interrupt), 0);
	assert_true(list_empty(&ep->senders));
}

/* A task killed while one of its threads handles another's exception:
 * it was killed, not faulted. */
static void test_killed_while_handling_own_exception(void **state)
{
	struct task *t = hn_task("selfhandled", 1 << 20);
	struct thread *h = hn_thread(t, 10), *f = hn_thread(t, 10);
	struct endpoint *own;
	uint32_t oh;

	(void)state;
	assert_int_equal(endpoint_create(t->budget, &own), 0);
	oh = hn_install(t, own, RIGHT_ALL);
	f->exc_ep = own;                     /* the creation reference */
	assert_int_equal(do_recv(h, oh), IPC_BLOCKED);
	entry_exception(f, EXC_PAGE_FAULT, 1, 2);
	assert_int_equal(f->state, TS_REPLY);
	assert_ptr_equal(h->reply_to, f);
	hn_log_clear();
	task_kill(t, TASK_KILLED);
	assert_int_equal(t->state, TASK_KILLED);
	assert_int_equal(t->cause, 0);
	assert_null(strstr(hn_log(), "died"));
	obj_put(&t->obj);
}

/* A receiver waiting when the last receive handle goes would wait for
 * ever (no one can send to a dead endpoint): it is told ERR_DEAD. */
static void test_receivers_of_dead_endpoint(void **state)
{
	struct thread *worker = hn_thread(st, 10);

	(void)state;
	assert_int_equal(do_recv(srv, sh), IPC_BLOCKED);
	assert_int_equal(do_recv(worker, sh), IPC_BLOCKED);
	assert_int_equal(handle_close(&st->handles, sh), 0);
	assert_true(ep->dead);
	assert_int_equal(srv->state, TS_RUNNABLE);
	assert_int_equal((int64_t)srv->ctx.x[0], ERR_DEAD);
	assert_int_equal(worker->state, TS_RUNNABLE);
	assert_int_equal((int64_t)worker->ctx.x[0], ERR_DEAD);
	assert_true(list_empty(&ep->receivers));
	assert_int_equal(ep->obj.refs, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_call_then_recv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recv_then_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_senders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recv_owing_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred_replies_reverse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caller_killed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_killed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_recv_handle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receivers_of_dead_endpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_unhandled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_handler_dies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_message_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handle_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caller_interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_while_handling_own_exception, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
