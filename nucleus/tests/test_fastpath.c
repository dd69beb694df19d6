/*
 * test_fastpath.c: the IPC fast path (fastpath.c) against the general
 * path (endpoint.c), which fastpath.c promises gives the same results.
 *
 * One script of calls, replies, exceptions and the cases the fast path
 * must leave alone (a timeout, a queued sender, a suspended or
 * higher-priority party) runs twice on a fresh machine: once with every
 * native svc going through fastpath_ipc and then fastpath_svc first (as
 * vectors.S and trap.c do) and every exception through
 * fastpath_exception first, once through syscall_dispatch and
 * ipc_exception only.  On the fast run, when fastpath_ipc did the call,
 * the receiver takes the sender's x2-x15, which vectors.S leaves in the
 * registers.  After each step, everything a thread or the
 * scheduler can observe is recorded; the two records must be equal, and
 * the fast path must have been taken where it applies.
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
#include "entry.h"
#include "fastpath.h"
#include "ipc.h"
#include "syscall.h"
#include "error.h"

#define NTHREADS 5
#define MAXSTEPS 32

struct tsnap {
	int state, suspended, in_exception, queued, timed;   /* timed: a timeout armed */
	uint64_t deadline;
	int reply_to;                    /* index of the caller owed, or -1 */
	uint64_t x[17], pc, sp;
};

struct snap {
	struct tsnap t[NTHREADS];
	uint32_t ep_refs;
	int senders, receivers;
	int next;                        /* index of the thread sched_pick runs */
};

static struct thread *th[NTHREADS];   /* srv, cli, cli2, faulting, high-priority client */
static struct endpoint *ep;
static uint32_t sh, ch;
static int fast, fast_taken;
static struct snap rec[2][MAXSTEPS];
static int nsteps[2], taken[2][MAXSTEPS];

static int index_of(const struct thread *t)
{
	for (int i = 0; i < NTHREADS; i++)
		if (th[i] == t)
			return i;
	return -1;
}

static int count(const struct list *l)
{
	int n = 0;

	for (const struct list *p = l->next; p != l; p = p->next)
		n++;
	return n;
}

static void snapshot(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < NTHREADS; i++) {
		struct thread *t = th[i];

		s->t[i].state = t->state;
		s->t[i].suspended = t->suspended;
		s->t[i].in_exception = t->in_exception;
		s->t[i].queued = t->queued_on != NULL;
		s->t[i].timed = list_linked(&t->time_link);
		s->t[i].deadline = t->deadline;
		s->t[i].reply_to = index_of(t->reply_to);
		memcpy(s->t[i].x, t->ctx.x, sizeof(s->t[i].x));
		s->t[i].pc = t->ctx.pc;
		s->t[i].sp = t->ctx.sp;
	}
	s->ep_refs = ep->obj.refs;
	s->senders = count(&ep->senders);
	s->receivers = count(&ep->receivers);
	s->next = index_of(sched_pick());
}

/* keep_words: fastpath_ipc did the call: the thread that runs next
 * gets the sender's x2-x15, which vectors.S leaves in the registers. */
static void keep_words(const struct thread *sender)
{
	struct thread *next = sched_current();

	assert_non_null(next);
	memcpy(&next->ctx.x[2], &sender->ctx.x[2], 14 * sizeof(uint64_t));
	fast_taken = 1;
}

/* move_answer: fastpath_ipc answered an exception: the answered thread
 * takes the sender's x2-x12 as its x0-x8, pc and sp (vectors.S's
 * kernel_exit_answer). */
static void move_answer(const struct thread *sender)
{
	struct thread *next = sched_current();

	assert_non_null(next);
	memcpy(&next->ctx.x[0], &sender->ctx.x[2], 9 * sizeof(uint64_t));
	next->ctx.pc = sender->ctx.x[11];
	next->ctx.sp = sender->ctx.x[12];
	fast_taken = 1;
}

/* exception: thread i takes an exception: on the fast run as
 * entry_exception does it (fast path first), on the general run by the
 * general path alone. */
static void exception(int i, unsigned kind, uint64_t esr, uint64_t far)
{
	struct thread *t = th[i];

	hn_run(t);
	if (fast && fastpath_exception(t, kind, esr, far)) {
		fast_taken = 1;
		return;
	}
	ipc_build_exception(t, kind, esr, far);
	if (ipc_exception(t, kind, esr, far) == ERR_DEAD)
		task_exception_unhandled(t);
}

/* svc_imm: thread i executes "svc #imm", as trap.c would dispatch it. */
static void svc_imm(int i, unsigned imm, uint64_t esr)
{
	struct thread *t = th[i];

	hn_run(t);
	if (fast && imm == LICHEN_SVC_IMM && t->ctx.x[16] == SYS_call &&
	    fastpath_call(&t->ctx)) {
		keep_words(t);
		return;
	}
	if (fast && imm == LICHEN_SVC_IMM && t->ctx.x[16] == SYS_reply_recv) {
		uintptr_t to = fastpath_reply_recv(&t->ctx);

		if (to & FASTPATH_ANSWER) {
			move_answer(t);
			return;
		}
		if (to) {
			keep_words(t);
			return;
		}
	}
	if (fast && fastpath_svc(t, imm, esr)) {
		fast_taken = 1;
		return;
	}
	if (!(t->task->flags & TASK_FOREIGN) && imm == LICHEN_SVC_IMM)
		syscall_dispatch(t);
	else
		exception(i, EXC_SYSCALL, esr, 0);
}

/* svc: thread i makes native call num. */
static void svc(int i, unsigned num)
{
	th[i]->ctx.x[16] = num;
	svc_imm(i, LICHEN_SVC_IMM, 0x56000000 | LICHEN_SVC_IMM);
}

static void message(int i, uint32_t h, uint64_t first, unsigned words)
{
	th[i]->ctx.x[0] = h;
	th[i]->ctx.x[1] = MSGINFO(first & 0xff, words, 0);
	for (unsigned w = 0; w < MSG_REG_WORDS; w++)
		th[i]->ctx.x[2 + w] = first + w;
	th[i]->ctx.x[17] = 0;
}

static void step(int run)
{
	snapshot(&rec[run][nsteps[run]]);
	taken[run][nsteps[run]] = fast_taken;
	fast_taken = 0;
	nsteps[run]++;
}

static void script(int run)
{
	struct task *st = hn_task("server", 1 << 20), *ct = hn_task("client", 1 << 20);
	struct task *lx = hn_task("linux", 1 << 20);

	fast = run;
	fast_taken = 0;
	nsteps[run] = 0;
	th[0] = hn_thread(st, 10);
	th[1] = hn_thread(ct, 10);
	th[2] = hn_thread(ct, 10);
	th[3] = hn_thread(lx, 10);
	th[4] = hn_thread(ct, 20);
	thread_suspend(th[4]);
	assert_int_equal(endpoint_create(st->budget, &ep), 0);
	sh = hn_install(st, ep, RIGHT_ALL);
	assert_int_equal(handle_install(&ct->handles, &ep->obj, RIGHT_SEND, 0x5a5a, &ch), 0);
	obj_put(&ep->obj);
	obj_get(&ep->obj);
	th[3]->exc_ep = ep;
	th[3]->exc_badge = 0xe7;

	th[0]->ctx.x[0] = sh;
	th[0]->ctx.x[17] = 0;
	svc(0, SYS_recv);                         step(run);   /* 0: the server waits */
	message(1, ch, 0x100, 3);  svc(1, SYS_call);       step(run);   /* 1: fast */
	message(0, sh, 0x200, 2);  svc(0, SYS_reply_recv); step(run);   /* 2: fast */
	message(2, ch, 0x300, 14); svc(2, SYS_call);       step(run);   /* 3: fast */
	/* a second caller queues meanwhile: the reply cannot be fast */
	message(1, ch, 0x400, 1);  svc(1, SYS_call);       step(run);   /* 4: queued */
	message(0, sh, 0x500, 14); svc(0, SYS_reply_recv); step(run);   /* 5: general */
	message(0, sh, 0x600, 0);  svc(0, SYS_reply_recv); step(run);   /* 6: fast */
	/* a call with a timeout: general */
	message(2, ch, 0x700, 1);
	th[2]->ctx.x[17] = 1000000;
	svc(2, SYS_call);                                  step(run);   /* 7 */
	message(0, sh, 0x800, 1);  svc(0, SYS_reply_recv); step(run);   /* 8: fast */
	/* an exception, answered by reply_recv */
	for (int i = 0; i < 31; i++)
		th[3]->ctx.x[i] = 0x900 + (uint64_t)i;
	th[3]->ctx.pc = 0x4000;
	th[3]->ctx.sp = 0x8000;
	exception(3, EXC_PAGE_FAULT, 0x92000006, 0x1234); step(run);   /* 9: fast */
	message(0, sh, 0xa00, EXC_REPLY_WORDS);
	svc(0, SYS_reply_recv);                            step(run);   /* 10: fast */
	/* a caller of higher priority than the server: it waits, so the
	 * server is the one to run */
	thread_resume(th[4]);
	message(4, ch, 0xb00, 2);  svc(4, SYS_call);       step(run);   /* 11: fast */
	message(0, sh, 0xc00, 2);  svc(0, SYS_reply_recv); step(run);   /* 12: fast (it runs next) */
	/* a suspended caller waiting for its reply */
	message(1, ch, 0xd00, 2);  svc(1, SYS_call);       step(run);   /* 13 */
	thread_suspend(th[1]);
	message(0, sh, 0xe00, 2);  svc(0, SYS_reply_recv); step(run);   /* 14: general */
	thread_resume(th[1]);                              step(run);   /* 15 */
	/* a handle without the right, a message with handles: general, and refused */
	message(2, sh + 0x10000, 0xf00, 1); svc(2, SYS_call); step(run); /* 16: stale handle */
	message(2, ch, 0xf00, 1);
	th[2]->ctx.x[1] |= 1 << 8;
	svc(2, SYS_call);                                  step(run);   /* 17: no buffer */
	/* a foreign task's svc #0 is an exception, answered by reply_recv */
	thread_suspend(th[4]);
	lx->flags |= TASK_FOREIGN;
	for (int i = 0; i < 31; i++)
		th[3]->ctx.x[i] = 0x1000 + (uint64_t)i;
	th[3]->ctx.x[8] = 64;                     /* Linux's write */
	svc_imm(3, 0, 0x56000000);                        step(run);   /* 18: fast */
	message(0, sh, 0x1100, EXC_REPLY_WORDS);
	svc(0, SYS_reply_recv);                            step(run);   /* 19: fast */
	svc_imm(3, 0x4c, 0x5600004c);                     step(run);   /* 20: fast, the imm is ignored */
	message(0, sh, 0x1200, EXC_REPLY_WORDS);
	svc(0, SYS_reply_recv);                            step(run);   /* 21: fast */
	thread_suspend(th[0]);                             /* the handler is held in its recv */
	svc_imm(3, 0, 0x56000000);                        step(run);   /* 22: general */
	thread_resume(th[0]);                              step(run);   /* 23 */
	message(0, sh, 0x1300, EXC_REPLY_WORDS);
	svc(0, SYS_reply_recv);                            step(run);   /* 24: fast */
	/* a thread that outranks the server is runnable: it runs next */
	thread_resume(th[4]);
	message(1, ch, 0x1400, 1); svc(1, SYS_call);       step(run);   /* 25: general */

	hn_kill(lx);

	hn_kill(ct);
	hn_kill(st);
}

static void test_same_results(void **state)
{
	static const int must_be_fast[] = { 1, 2, 3, 6, 8, 9, 10, 11, 12, 18, 19, 20, 21, 24 };

	for (int run = 0; run < 2; run++) {
		assert_int_equal(hn_setup(state), 0);
		script(run);
		assert_int_equal(hn_root.used, 0);
		hn_teardown(state);
	}
	assert_int_equal(nsteps[0], nsteps[1]);
	for (int s = 0; s < nsteps[0]; s++) {
		const struct snap *a = &rec[0][s], *b = &rec[1][s];

		assert_int_equal(taken[0][s], 0);
		for (int i = 0; i < NTHREADS; i++) {
			if (memcmp(&a->t[i], &b->t[i], sizeof(a->t[i])) != 0) {
				for (int r = 0; r < 17; r++)
					if (a->t[i].x[r] != b->t[i].x[r])
						print_message("step %d thread %d: x%d %#lx (general) %#lx (fast)\n",
							      s, i, r, (unsigned long)a->t[i].x[r],
							      (unsigned long)b->t[i].x[r]);
				fail_msg("step %d: thread %d differs (state %d/%d, reply_to %d/%d, queued %d/%d)",
					 s, i, a->t[i].state, b->t[i].state, a->t[i].reply_to,
					 b->t[i].reply_to, a->t[i].queued, b->t[i].queued);
			}
		}
		if (a->ep_refs != b->ep_refs || a->senders != b->senders ||
		    a->receivers != b->receivers)
			fail_msg("step %d: endpoint differs: refs %u/%u senders %d/%d receivers %d/%d", s,
				 a->ep_refs, b->ep_refs, a->senders, b->senders, a->receivers, b->receivers);
		if (a->next != b->next)
			fail_msg("step %d: thread %d runs next on the general path, %d on the fast", s,
				 a->next, b->next);
	}
	for (unsigned k = 0; k < sizeof(must_be_fast) / sizeof(must_be_fast[0]); k++)
		if (!taken[1][must_be_fast[k]])
			fail_msg("step %d took the general path", must_be_fast[k]);
	for (int s = 0; s < nsteps[1]; s++) {
		int expected = 0;

		for (unsigned k = 0; k < sizeof(must_be_fast) / sizeof(must_be_fast[0]); k++)
			expected |= must_be_fast[k] == s;
		if (taken[1][s] && !expected)
			fail_msg("step %d took the fast path where it must not", s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_results),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
