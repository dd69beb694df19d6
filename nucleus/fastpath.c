/*
 * fastpath.c: the common IPC cases, done in one straight line.
 *
 * A client's call to a server already waiting in recv, a thread's
 * exception (a Linux system call, above all) to a handler already waiting
 * in recv, and a server's reply_recv answering a client (or an
 * exception) with nobody queued to send: no handles moved, at most 14
 * words, no timeout, and the thread being woken is the one the scheduler
 * would pick anyway.  Anything else returns NULL before changing
 * anything and takes the general path (endpoint.c), which gives the same
 * results, only slower (test_fastpath.c checks that they agree).
 *
 * A call or reply never copies its message inside the nucleus.  The
 * sender's registers were saved in its context on entry; the fast path
 * returns that context, and the exit (kernel_exit_from in vectors.S)
 * loads the receiver's x1-x15 from it and everything else from the
 * receiver's own context.  The receiver's saved x1-x15 are stale from
 * then on, which nobody can see: it is running, and its context is saved
 * afresh the next time it enters the nucleus.  (One CPU: with several,
 * another CPU could read them meanwhile.)
 *
 * Every function here is inline, down to the handle lookup, the
 * scheduler's check and the switch of address space: a call costs ~130
 * instructions on each side, and a function call is 5-10 of them.
 */
#include "fastpath.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "endpoint.h"
#include "sched.h"
#include "arch_switch.h"
#include "lichen/abi.h"
#include "lichen/sys_numbers.h"

/* simple_message: no handles or flags, at most the register words, no
 * timeout (x17). */
static inline int simple_message(const struct context *c)
{
	uint64_t info = c->x[1];

	return (info & 0xff00) == 0 && MSG_WORDS(info) <= MSG_REG_WORDS && c->x[17] == 0;
}

/* endpoint_of: the endpoint named by x0, if the handle has right. */
static inline struct endpoint *endpoint_of(struct thread *t, uint32_t right, uint64_t *badge)
{
	struct handle *h = handle_slot(&t->task->handles, (uint32_t)t->ctx.x[0]);

	if (!h || h->obj->type != OBJ_ENDPOINT || (h->rights & right) != right)
		return 0;
	*badge = h->badge;
	return (struct endpoint *)h->obj;
}

/* runs_at_once: next, woken by t, runs straight away in t's place (no
 * interrupt due to divert it to its handler first). */
static inline int runs_at_once(const struct thread *t, const struct thread *next)
{
	return !next->interrupt_pending && sched_may_hand_off(t, next);
}

/* waiting_receiver: the first thread waiting in recv on ep, if it can
 * take t's message and run at once (and has no timeout to cancel). */
static inline struct thread *waiting_receiver(const struct thread *t, struct endpoint *ep)
{
	struct thread *r;

	if (ep->dead || list_empty(&ep->receivers))
		return 0;
	r = list_entry(ep->receivers.next, struct thread, queue_link);
	if (r->deadline || !runs_at_once(t, r))
		return 0;
	return r;
}

/* take_receiver: r leaves ep's queue of receivers. */
static inline void take_receiver(struct endpoint *ep, struct thread *r)
{
	list_remove(&r->queue_link);
	r->queued_on = 0;
	ep->obj.refs--;                  /* the queue's reference; a handle keeps one */
}

/* switch_to: next runs now, in place of t (which now waits). */
static inline void switch_to(struct thread *next)
{
	sched_hand_off(next);
	arch_switch_inline(next);
}

/* call: t's call goes straight to a waiting receiver, which gets the
 * message words from t's context (see the top of the file). */
static inline struct context *call(struct thread *t)
{
	uint64_t badge;
	struct endpoint *ep;
	struct thread *r;

	if (!simple_message(&t->ctx) || !(ep = endpoint_of(t, RIGHT_SEND, &badge)) ||
	    !(r = waiting_receiver(t, ep)))
		return 0;
	take_receiver(ep, r);
	r->ctx.x[0] = 0;
	r->ctx.x[16] = badge;
	t->send_badge = badge;
	t->state = TS_REPLY;
	t->reply_by_thread = r;
	r->reply_to = t;
	switch_to(r);
	return &t->ctx;
}

/* answer_exception: the reply words are the new x0-x8, pc and sp of
 * the thread whose exception this answers. */
static inline void answer_exception(const struct thread *from, struct thread *c)
{
	const uint64_t *w = &from->ctx.x[2];

	for (int i = 0; i <= 8; i++)
		c->ctx.x[i] = w[EXC_X0 + i];
	c->ctx.pc = w[EXC_PC];
	c->ctx.sp = w[EXC_SP];
	c->in_exception = 0;
}

/* reply_recv: t answers the caller it owes, then waits on its endpoint
 * again; the caller runs at once. */
static inline struct context *reply_recv(struct thread *t)
{
	uint64_t badge;
	struct endpoint *ep;
	struct thread *c = t->reply_to;
	struct context *words = &t->ctx;

	if (!c || !simple_message(&t->ctx) || !(ep = endpoint_of(t, RIGHT_RECV, &badge)) ||
	    !list_empty(&ep->senders) || !runs_at_once(t, c))
		return 0;
	if (c->in_exception) {
		answer_exception(t, c);
		words = &c->ctx;
	} else {
		c->ctx.x[0] = 0;
		c->ctx.x[16] = 0;
	}
	c->reply_by_thread = 0;
	t->reply_to = 0;
	t->state = TS_RECV;
	switch_to(c);
	list_push_back(&ep->receivers, &t->queue_link);
	t->queued_on = ep;
	ep->obj.refs++;
	return words;
}

struct context *fastpath_svc(struct thread *t, unsigned imm, uint64_t esr)
{
	if (imm != LICHEN_SVC_IMM || (t->task->flags & TASK_FOREIGN))
		return fastpath_exception(t, EXC_SYSCALL, esr, 0);
	if (t->ctx.x[16] == SYS_call)
		return call(t);
	if (t->ctx.x[16] == SYS_reply_recv)
		return reply_recv(t);
	return 0;
}

struct context *fastpath_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far)
{
	struct endpoint *ep = t->exc_ep;
	struct thread *h;
	uint64_t *w;

	if (!ep || !(h = waiting_receiver(t, ep)))
		return 0;
	take_receiver(ep, h);
	h->ctx.x[0] = 0;
	h->ctx.x[1] = MSGINFO(kind, EXC_WORDS, 0);
	w = &h->ctx.x[2];
	for (int i = 0; i <= 8; i++)
		w[EXC_X0 + i] = t->ctx.x[i];
	w[EXC_PC] = t->ctx.pc;
	w[EXC_SP] = t->ctx.sp;
	w[EXC_ESR] = esr;
	w[EXC_FAR] = far;
	h->ctx.x[15] = 0;
	h->ctx.x[16] = t->exc_badge;
	/* what task_exception_unhandled reports if the handler dies */
	t->exc_kind = kind;
	t->exc_words[EXC_PC] = t->ctx.pc;
	t->exc_words[EXC_ESR] = esr;
	t->exc_words[EXC_FAR] = far;
	t->send_badge = t->exc_badge;
	t->state = TS_REPLY;
	t->in_exception = 1;
	t->reply_by_thread = h;
	h->reply_to = t;
	switch_to(h);
	return &h->ctx;
}
