/*
 * fastpath_steps.h: the steps the two IPC fast paths share (see
 * fastpath_ipc.c and fastpath.c).
 *
 * All inline: the fast paths make no function calls (fastpath_ipc.c may
 * not make any, see there), and each call would cost as much as a step.
 * Each check comes before any change: a fast path that gives up has
 * changed nothing.
 */
#ifndef LICHEN_FASTPATH_STEPS_H
#define LICHEN_FASTPATH_STEPS_H

#include "thread.h"
#include "task.h"
#include "handle.h"
#include "endpoint.h"
#include "sched.h"
#include "arch_switch.h"
#include "lichen/abi.h"

/* simple_message: no handles or flags and at most the register words
 * (info's low 16 bits), and no timeout (x17). */
static inline int simple_message(const struct context *c)
{
	return (c->x[1] & 0xffff) <= MSG_REG_WORDS && c->x[17] == 0;
}

/* endpoint_of: the endpoint named by x0, if the handle has right (a
 * value past 32 bits names no handle: the general path says so). */
static inline struct endpoint *endpoint_of(struct thread *t, uint32_t right, uint64_t *badge)
{
	struct handle *h = handle_slot(&t->task->handles, t->ctx.x[0]);

	if (!h || h->obj->type != OBJ_ENDPOINT || (h->rights & right) != right)
		return 0;
	*badge = h->badge;
	return (struct endpoint *)h->obj;
}

/* runs_at_once: next, woken by t, runs straight away in t's place (no
 * interrupt due to divert it to its handler first).  t is the running
 * thread: only it enters the nucleus. */
static inline int runs_at_once(const struct thread *next)
{
	return !next->interrupt_pending && sched_may_hand_off(next);
}

/* waiting_receiver: the first thread waiting in recv on ep, if it can
 * take a message and run at once (and has no timeout to cancel). */
static inline struct thread *waiting_receiver(struct endpoint *ep)
{
	struct thread *r;

	if (ep->dead || list_empty(&ep->receivers))
		return 0;
	r = list_entry(ep->receivers.next, struct thread, queue_link);
	if (r->deadline || !runs_at_once(r))
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

/* switch_to: next runs now, in place of the thread that now waits. */
static inline void switch_to(struct thread *next)
{
	sched_hand_off(next);
	arch_switch_inline(next);
}

/* reply_partner: for t's reply_recv: the caller it owes a reply, if it
 * can run at once, and the endpoint t then waits on (no sender queued
 * there: t would receive at once, which is the general path's work). */
static inline struct thread *reply_partner(struct thread *t, struct endpoint **ep)
{
	uint64_t badge;
	struct thread *c = t->reply_to;

	if (!c || !simple_message(&t->ctx) || !(*ep = endpoint_of(t, RIGHT_RECV, &badge)) ||
	    !list_empty(&(*ep)->senders) || !runs_at_once(c))
		return 0;
	return c;
}

/* replied_and_waits: t has answered c; c runs (its call's timeout, if
 * it had one, is over), t waits on ep. */
static inline void replied_and_waits(struct thread *t, struct thread *c, struct endpoint *ep)
{
	if (c->deadline)
		sched_timeout_remove(c);
	c->reply_by_thread = 0;
	t->reply_to = 0;
	t->state = TS_RECV;
	list_push_back(&ep->receivers, &t->queue_link);
	t->queued_on = ep;
	ep->obj.refs++;
	switch_to(c);
}

#endif
