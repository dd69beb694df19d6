/*
 * endpoint.c: the rendezvous of synchronous IPC (see endpoint.h).
 *
 * Each operation looks for a partner already waiting on the other queue;
 * if there is one the message moves at once (ipc_transfer, in ipc.c) and
 * the partner is made runnable at the head of its run queue, so that a
 * call runs the server next, as a direct switch would.  Otherwise the
 * thread queues and blocks.
 */
#include "endpoint.h"
#include "ipc.h"
#include "thread.h"
#include "sched.h"
#include "budget.h"
#include "error.h"
#include "panic.h"
#include "arch.h"

int endpoint_create(struct budget *b, struct endpoint **out)
{
	struct endpoint *ep;
	int err = obj_alloc(b, OBJ_ENDPOINT, sizeof(*ep), (struct object **)&ep);

	if (err)
		return err;
	list_init(&ep->senders);
	list_init(&ep->receivers);
	*out = ep;
	return 0;
}

/* kill_waiters: everyone on queue q is told ERR_DEAD. */
static void kill_waiters(struct list *q)
{
	struct list *pos;

	while ((pos = list_first(q)) != NULL)
		thread_wake(list_entry(pos, struct thread, queue_link), ERR_DEAD);
}

void endpoint_handle_changed(struct endpoint *ep, int delta)
{
	ep->receive_handles += (uint32_t)delta;
	if (ep->receive_handles == 0 && delta < 0) {
		ep->dead = 1;
		kill_waiters(&ep->senders);
		kill_waiters(&ep->receivers);   /* nothing can ever arrive for them */
	}
}

void endpoint_destroy(struct object *o)
{
	struct endpoint *ep = (struct endpoint *)o;

	KASSERT(list_empty(&ep->senders) && list_empty(&ep->receivers));
}

void endpoint_dequeue(struct thread *t)
{
	if (list_linked(&t->queue_link))
		list_remove(&t->queue_link);
	if (t->queued_on) {
		obj_put(&t->queued_on->obj);
		t->queued_on = NULL;
	}
}

static void enqueue(struct thread *t, struct list *q, struct endpoint *ep,
		    enum thread_state s, uint64_t timeout_ns)
{
	thread_block(t, s, timeout_ns);
	list_push_back(q, &t->queue_link);
	t->queued_on = ep;
	obj_get(&ep->obj);
}

static struct thread *take_first(struct list *q)
{
	struct list *pos = list_first(q);
	struct thread *t;

	if (!pos)
		return NULL;
	t = list_entry(pos, struct thread, queue_link);
	thread_abort_wait(t);
	return t;
}

/* start_reply_wait: caller waits for server's reply, until deadline (a
 * counter value; 0: none): a call's timeout covers the whole call. */
static void start_reply_wait(struct thread *caller, struct thread *server, uint64_t deadline)
{
	thread_block(caller, TS_REPLY, 0);
	if (deadline)
		sched_timeout_add(caller, deadline);
	caller->reply_by_thread = server;
	server->reply_to = caller;
}

int ipc_call(struct thread *t, struct endpoint *ep, uint64_t badge, uint64_t timeout_ns)
{
	struct thread *server;

	if (ep->dead)
		return ERR_DEAD;
	t->send_badge = badge;
	server = take_first(&ep->receivers);
	if (!server) {
		enqueue(t, &ep->senders, ep, TS_CALL, timeout_ns);
		return IPC_BLOCKED;
	}
	ipc_transfer(t, server, badge);
	start_reply_wait(t, server, timeout_ns ? arch_counter() + ns_to_ticks(timeout_ns) : 0);
	sched_ready(server, 1);
	return IPC_BLOCKED;
}

int ipc_send(struct thread *t, struct endpoint *ep, uint64_t badge, int nonblock,
	     uint64_t timeout_ns)
{
	struct thread *r;

	if (ep->dead)
		return ERR_DEAD;
	r = take_first(&ep->receivers);
	if (!r) {
		if (nonblock)
			return ERR_AGAIN;
		t->send_badge = badge;
		enqueue(t, &ep->senders, ep, TS_SEND, timeout_ns);
		return IPC_BLOCKED;
	}
	ipc_transfer(t, r, badge);
	sched_ready(r, 1);
	return 0;
}

int ipc_recv(struct thread *t, struct endpoint *ep, uint64_t timeout_ns)
{
	struct thread *s;
	int was_call;
	uint64_t deadline;

	if (t->reply_to)
		return ERR_STATE;    /* reply first, or keep it with reply_save */
	s = list_first(&ep->senders) ?
		list_entry(list_first(&ep->senders), struct thread, queue_link) : NULL;
	if (!s) {
		enqueue(t, &ep->receivers, ep, TS_RECV, timeout_ns);
		return IPC_BLOCKED;
	}
	was_call = s->state == TS_CALL;
	deadline = s->deadline;             /* what is left of the call's timeout */
	thread_abort_wait(s);
	if (s->in_exception_pending) {
		ipc_transfer_exception(s, t);
		start_reply_wait(s, t, 0);
		s->in_exception = 1;
		s->in_exception_pending = 0;
	} else {
		ipc_transfer(s, t, s->send_badge);
		if (was_call)
			start_reply_wait(s, t, deadline);
		else
			thread_wake(s, 0);
	}
	return 0;
}

int ipc_reply(struct thread *t, struct thread *caller)
{
	(void)t;
	if (caller->in_exception)
		ipc_transfer_exception_reply(t, caller);
	else
		ipc_transfer_reply(t, caller);
	caller->reply_by_thread = NULL;
	caller->reply_by_obj = NULL;
	caller->in_exception = 0;
	thread_abort_wait(caller);
	sched_ready(caller, 1);      /* the caller runs next, as after a direct switch */
	return 0;
}

int ipc_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far)
{
	struct endpoint *ep = t->exc_ep;
	struct thread *handler;

	(void)kind, (void)esr, (void)far;     /* entry_exception built the message */
	if (!ep || ep->dead)
		return ERR_DEAD;
	t->send_badge = t->exc_badge;
	handler = take_first(&ep->receivers);
	if (!handler) {
		t->in_exception_pending = 1;
		enqueue(t, &ep->senders, ep, TS_CALL, 0);
		return IPC_BLOCKED;
	}
	ipc_transfer_exception(t, handler);
	start_reply_wait(t, handler, 0);
	t->in_exception = 1;
	sched_ready(handler, 1);
	return IPC_BLOCKED;
}
