/*
 * notify.c: notifications (see notify.h).
 */
#include "notify.h"
#include "endpoint.h"
#include "thread.h"
#include "sched.h"
#include "error.h"

int notify_create(struct budget *b, struct notify **out)
{
	struct notify *n;
	int err = obj_alloc(b, OBJ_NOTIFY, sizeof(*n), (struct object **)&n);

	if (err)
		return err;
	list_init(&n->waiters);
	*out = n;
	return 0;
}

void notify_signal(struct notify *n, uint64_t bits)
{
	struct list *first = list_first(&n->waiters);
	struct thread *t;

	n->bits |= bits;
	if (!first || !n->bits)
		return;
	t = list_entry(first, struct thread, queue_link);
	t->ctx.x[1] = n->bits;
	n->bits = 0;
	thread_wake(t, 0);
}

int notify_wait(struct thread *t, struct notify *n, uint64_t timeout_ns, uint64_t *bits)
{
	if (n->bits) {
		*bits = n->bits;
		n->bits = 0;
		return 0;
	}
	thread_block(t, TS_NOTIFY, timeout_ns);
	list_push_back(&n->waiters, &t->queue_link);
	t->waiting_on = n;
	obj_get(&n->obj);
	return IPC_BLOCKED;
}

void notify_dequeue(struct thread *t)
{
	if (list_linked(&t->queue_link))
		list_remove(&t->queue_link);
	if (t->waiting_on) {
		obj_put(&t->waiting_on->obj);
		t->waiting_on = NULL;
	}
}

void notify_destroy(struct object *o)
{
	(void)o;   /* waiters hold references: none can be left */
}
