/*
 * thread.c: thread life cycle and waits (see thread.h).
 *
 * Every wait ends in exactly one of three ways: the event comes (the
 * waker calls thread_wake with the result), the timeout expires
 * (thread_timeout, ERR_TIMEOUT), or the wait is cut short
 * (thread_interrupt: ERR_INTR; the other side died: ERR_DEAD).
 * thread_abort_wait is the one place that undoes a wait's bookkeeping.
 */
#include "thread.h"
#include "aspace.h"
#include "task.h"
#include "endpoint.h"
#include "notify.h"
#include "reply.h"
#include "sched.h"
#include "budget.h"
#include "error.h"
#include "panic.h"
#include "arch.h"

#include <string.h>

int thread_create(struct task *t, struct budget *b, uint64_t pc, uint64_t sp,
		  uint64_t arg, unsigned prio, struct thread **out)
{
	struct thread *th;
	int err = obj_alloc(b, OBJ_THREAD, sizeof(*th), (struct object **)&th);

	if (err)
		return err;
	th->task = t;
	th->ttbr = aspace_ttbr(t->aspace);
	obj_get(&t->obj);
	list_init(&th->queue_link);
	list_init(&th->time_link);
	list_push_back(&t->threads, &th->task_link);
	th->state = TS_INACTIVE;
	th->prio = prio > PRIO_MAX ? PRIO_MAX : prio;
	th->ctx.pc = pc;
	th->ctx.sp = sp;
	th->ctx.x[0] = arg;
	th->ctx.pstate = PSTATE_EL0;
	memcpy(th->name, t->name, sizeof(th->name));
	*out = th;
	return 0;
}

void thread_resume(struct thread *t)
{
	if (t->state == TS_DEAD)
		return;
	if (t->state == TS_INACTIVE) {
		t->suspended = 0;
		sched_ready(t, 0);
		return;
	}
	if (!t->suspended)
		return;
	t->suspended = 0;
	if (t->state == TS_RUNNABLE)
		sched_ready(t, 0);
}

void thread_suspend(struct thread *t)
{
	if (t->state == TS_DEAD || t->suspended)
		return;
	t->suspended = 1;
	/* a waiting thread stays waiting (its queue_link is on the endpoint
	 * or notification queue then, not a run queue), and won't run after */
	if (t->state == TS_RUNNABLE)
		sched_unready(t);
}

void thread_block(struct thread *t, enum thread_state s, uint64_t timeout_ns)
{
	sched_unready(t);
	t->state = s;
	if (timeout_ns)
		sched_timeout_add(t, arch_counter() + ns_to_ticks(timeout_ns));
}

void thread_abort_wait(struct thread *t)
{
	sched_timeout_remove(t);
	switch (t->state) {
	case TS_SEND:
	case TS_CALL:
	case TS_RECV:
		endpoint_dequeue(t);
		break;
	case TS_NOTIFY:
		notify_dequeue(t);
		break;
	case TS_REPLY:
		if (t->reply_by_thread)
			t->reply_by_thread->reply_to = NULL;
		if (t->reply_by_obj)
			t->reply_by_obj->caller = NULL;
		t->reply_by_thread = NULL;
		t->reply_by_obj = NULL;
		break;
	default:
		break;
	}
}

void thread_wake(struct thread *t, int64_t result)
{
	if (t->state == TS_DEAD)
		return;
	if ((t->in_exception || t->in_exception_pending) && result < 0) {
		/* its exception will never be answered: the task cannot go on */
		t->in_exception = t->in_exception_pending = 0;
		task_exception_unhandled(t);
		return;
	}
	thread_abort_wait(t);
	t->ctx.x[0] = (uint64_t)result;
	sched_ready(t, 1);
}

/* thread_timeout: sched.c's timeout list says t has waited long enough. */
void thread_timeout(struct thread *t);
void thread_timeout(struct thread *t)
{
	thread_wake(t, t->state == TS_SLEEP ? 0 : ERR_TIMEOUT);
}

void thread_kill(struct thread *t)
{
	if (t->state == TS_DEAD)
		return;
	thread_abort_wait(t);
	sched_unready(t);
	if (t->reply_to) {                    /* our caller must not wait forever */
		struct thread *caller = t->reply_to;

		t->reply_to = NULL;
		caller->reply_by_thread = NULL;
		thread_wake(caller, ERR_DEAD);
	}
	t->state = TS_DEAD;
	arch_thread_gone(t);
	if (t->exc_ep) {
		obj_put(&t->exc_ep->obj);
		t->exc_ep = NULL;
	}
}

void thread_destroy(struct object *o)
{
	struct thread *t = (struct thread *)o;

	thread_kill(t);
	list_remove(&t->task_link);
	obj_put(&t->task->obj);
}
