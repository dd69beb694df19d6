/*
 * fastpath.c: the common IPC cases, done in one straight line.
 *
 * A client's call to a server already waiting in recv, a thread's
 * exception (a Linux system call, above all) to a handler already waiting
 * in recv, and a server's reply_recv answering a client (or an
 * exception) with nobody queued to send: no handles moved, at most 14 words, no timeout, and the thread
 * being woken is the one the scheduler would pick anyway.  Then the
 * message moves register to register and the CPU switches straight to
 * the woken thread.  Anything else returns 0 and takes the general path
 * (endpoint.c), which gives the same results, only slower.
 */
#include "fastpath.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "endpoint.h"
#include "sched.h"
#include "arch.h"
#include "lichen/abi.h"

/* simple_message: no handles, at most the register words, no flags. */
static int simple_message(const struct thread *t)
{
	uint64_t info = t->ctx.x[1];

	return (info & 0xff00) == 0 && MSG_WORDS(info) <= MSG_REG_WORDS && t->ctx.x[17] == 0;
}

/* endpoint_of: the endpoint named by x0, if the handle has right. */
static struct endpoint *endpoint_of(struct thread *t, uint32_t right, uint64_t *badge)
{
	struct handle *h;

	if (handle_get(&t->task->handles, (uint32_t)t->ctx.x[0], OBJ_ENDPOINT, right, &h))
		return 0;
	*badge = h->badge;
	return (struct endpoint *)h->obj;
}

static void copy_words(struct thread *from, struct thread *to, uint64_t badge)
{
	uint64_t *d = &to->ctx.x[0];
	const uint64_t *s = &from->ctx.x[0];

	d[0] = 0;
	for (int i = 1; i <= 1 + MSG_REG_WORDS; i++)
		d[i] = s[i];
	d[16] = badge;
}

/* switch_to: t stops running (it now waits), next runs at once. */
static void switch_to(struct thread *t, struct thread *next)
{
	if (!sched_swap(t, next)) {
		sched_unready(t);
		sched_ready(next, 1);
		sched_pick();
	}
	arch_switch_to(next);
}

int fastpath_call(struct thread *t)
{
	uint64_t badge;
	struct endpoint *ep;
	struct thread *r;

	if (!simple_message(t) || !(ep = endpoint_of(t, RIGHT_SEND, &badge)) || ep->dead)
		return 0;
	if (list_empty(&ep->receivers))
		return 0;
	r = list_entry(ep->receivers.next, struct thread, queue_link);
	if (r->deadline || r->suspended || r->interrupt_pending || sched_highest() > (int)r->prio)
		return 0;
	list_remove(&r->queue_link);
	r->queued_on = 0;
	ep->obj.refs--;                  /* the queue's reference; the handle keeps one */
	copy_words(t, r, badge);
	t->send_badge = badge;
	t->state = TS_REPLY;
	t->reply_by_thread = r;
	r->reply_to = t;
	switch_to(t, r);
	return 1;
}

static void reply_exception(struct thread *from, struct thread *c)
{
	for (int i = 0; i <= 8; i++)
		c->ctx.x[i] = from->ctx.x[2 + EXC_X0 + i];
	c->ctx.pc = from->ctx.x[2 + EXC_PC];
	c->ctx.sp = from->ctx.x[2 + EXC_SP];
	c->in_exception = 0;
}

int fastpath_reply_recv(struct thread *t)
{
	uint64_t badge;
	struct endpoint *ep;
	struct thread *c = t->reply_to;

	if (!c || !simple_message(t) || !(ep = endpoint_of(t, RIGHT_RECV, &badge)))
		return 0;
	if (!list_empty(&ep->senders) || c->suspended || c->interrupt_pending ||
	    sched_highest() > (int)c->prio)
		return 0;
	if (c->in_exception)
		reply_exception(t, c);
	else
		copy_words(t, c, 0);
	c->reply_by_thread = 0;
	t->reply_to = 0;
	t->state = TS_RECV;
	switch_to(t, c);
	list_push_back(&ep->receivers, &t->queue_link);
	t->queued_on = ep;
	ep->obj.refs++;
	return 1;
}

int fastpath_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far)
{
	struct endpoint *ep = t->exc_ep;
	struct thread *h;
	uint64_t *d;

	if (!ep || ep->dead || list_empty(&ep->receivers))
		return 0;
	h = list_entry(ep->receivers.next, struct thread, queue_link);
	if (h->deadline || h->suspended || h->interrupt_pending || sched_highest() > (int)h->prio)
		return 0;
	list_remove(&h->queue_link);
	h->queued_on = 0;
	ep->obj.refs--;
	d = &h->ctx.x[0];
	d[0] = 0;
	d[1] = MSGINFO(kind, EXC_WORDS, 0);
	for (int i = 0; i <= 8; i++)
		d[2 + EXC_X0 + i] = t->ctx.x[i];
	d[2 + EXC_PC] = t->ctx.pc;
	d[2 + EXC_SP] = t->ctx.sp;
	d[2 + EXC_ESR] = esr;
	d[2 + EXC_FAR] = far;
	d[15] = 0;
	d[16] = t->exc_badge;
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
	switch_to(t, h);
	return 1;
}
