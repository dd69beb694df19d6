/*
 * sys_ipc.c: native calls for messages and events: endpoints, call,
 * send, recv, replies, notifications.
 */
#include "syscall.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "endpoint.h"
#include "reply.h"
#include "notify.h"
#include "ipc.h"
#include "error.h"

/* new_object: install a freshly made object (dropping the creation
 * reference, so the handle owns it). */
static int new_object(struct thread *t, struct object *o, uint32_t rights)
{
	int err = install(t, o, rights, 0, 1);

	obj_put(o);
	return err;
}

int sys_endpoint_create(struct thread *t)
{
	struct endpoint *ep;
	int err = endpoint_create(t->task->budget, &ep);

	return err ? err : new_object(t, &ep->obj, RIGHT_ALL);
}

static int endpoint_arg(struct thread *t, uint32_t right, struct endpoint **ep, uint64_t *badge)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), OBJ_ENDPOINT, right, &h);

	if (err)
		return err;
	*ep = (struct endpoint *)h->obj;
	*badge = h->badge;
	return 0;
}

int sys_call(struct thread *t)
{
	struct endpoint *ep;
	uint64_t badge;
	int err = endpoint_arg(t, RIGHT_SEND, &ep, &badge);

	if (!err)
		err = ipc_check_send(t);
	return err ? err : ipc_call(t, ep, badge, ARG(t, 17));
}

int sys_send(struct thread *t)
{
	struct endpoint *ep;
	uint64_t badge;
	int err = endpoint_arg(t, RIGHT_SEND, &ep, &badge);

	if (!err)
		err = ipc_check_send(t);
	return err ? err : ipc_send(t, ep, badge, (ARG(t, 1) & MSG_NONBLOCK) != 0, ARG(t, 17));
}

int sys_recv(struct thread *t)
{
	struct endpoint *ep;
	uint64_t badge;
	int err = endpoint_arg(t, RIGHT_RECV, &ep, &badge);

	return err ? err : ipc_recv(t, ep, ARG(t, 17));
}

int sys_reply_recv(struct thread *t)
{
	struct endpoint *ep;
	uint64_t badge;
	int err = endpoint_arg(t, RIGHT_RECV, &ep, &badge);

	if (err)
		return err;
	if (t->reply_to) {
		struct thread *caller = t->reply_to;

		if (ipc_check_send(t) == 0) {
			t->reply_to = NULL;
			ipc_reply(t, caller);
		}
	}
	return ipc_recv(t, ep, ARG(t, 17));
}

int sys_reply_save(struct thread *t)
{
	struct reply *r;
	int err = reply_save(t, t->task->budget, &r);

	return err ? err : new_object(t, &r->obj, 0);
}

int sys_reply(struct thread *t)
{
	struct handle *h;
	struct reply *r;
	uint32_t hv = (uint32_t)ARG(t, 0);
	int err = lookup(t, ARG(t, 0), OBJ_REPLY, 0, &h);

	if (!err)
		err = ipc_check_send(t);
	if (err)
		return err;
	r = (struct reply *)h->obj;
	if (r->caller) {
		struct thread *caller = r->caller;

		r->caller = NULL;
		ipc_reply(t, caller);
	} else {
		err = ERR_DEAD;       /* the caller died meanwhile: nothing to do */
	}
	handle_close(&t->task->handles, hv);
	return err;
}

int sys_notify_create(struct thread *t)
{
	struct notify *n;
	int err = notify_create(t->task->budget, &n);

	return err ? err : new_object(t, &n->obj, RIGHT_ALL & ~(RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC | RIGHT_MAP | RIGHT_PHYS));
}

int sys_notify_signal(struct thread *t)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), OBJ_NOTIFY, RIGHT_SIGNAL, &h);

	if (err)
		return err;
	notify_signal((struct notify *)h->obj, ARG(t, 1));
	return 0;
}

int sys_notify_wait(struct thread *t)
{
	struct handle *h;
	uint64_t bits;
	int err = lookup(t, ARG(t, 0), OBJ_NOTIFY, RIGHT_WAIT, &h);

	if (err)
		return err;
	err = notify_wait(t, (struct notify *)h->obj, ARG(t, 17), &bits);
	if (err == 0)
		SET(t, 1, bits);
	return err;
}
