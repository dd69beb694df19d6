/*
 * sys_task.c: native calls for tasks, threads and handles.
 */
#include "syscall.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "notify.h"
#include "aspace.h"
#include "endpoint.h"
#include "sched.h"
#include "arch.h"
#include "error.h"

int sys_handle_close(struct thread *t)
{
	return ARG(t, 0) > UINT32_MAX ? ERR_BADH
		: handle_close(&t->task->handles, (uint32_t)ARG(t, 0));
}

int sys_handle_dup(struct thread *t)
{
	struct handle *h;
	uint64_t rights = ARG(t, 1), badge = ARG(t, 2);
	int err = lookup(t, ARG(t, 0), 0, RIGHT_DUP, &h);

	if (err)
		return err;
	if (rights & ~(uint64_t)h->rights)
		return ERR_RIGHTS;
	if (badge && h->obj->type != OBJ_ENDPOINT)
		return ERR_INVAL;
	return install(t, h->obj, (uint32_t)rights, badge ? badge : h->badge, 1);
}

int sys_handle_info(struct thread *t)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), 0, 0, &h);

	if (err)
		return err;
	SET(t, 1, h->obj->type);
	SET(t, 2, h->rights);
	SET(t, 3, h->badge);
	return 0;
}

static int task_arg(struct thread *t, int reg, struct task **out)
{
	struct handle *h;
	int err = lookup(t, ARG(t, reg), OBJ_TASK, RIGHT_CONTROL, &h);

	if (!err)
		*out = (struct task *)h->obj;
	return err;
}

int sys_handle_give(struct thread *t)
{
	struct task *to;
	struct handle *h;
	uint64_t rights = ARG(t, 2);
	uint32_t nh;
	int err = task_arg(t, 0, &to);

	if (!err)
		err = lookup(t, ARG(t, 1), 0, RIGHT_XFER, &h);
	if (err)
		return err;
	if (rights & ~(uint64_t)h->rights)
		return ERR_RIGHTS;
	if (to->state != TASK_RUNNING)
		return ERR_DEAD;
	err = handle_install(&to->handles, h->obj, (uint32_t)rights, h->badge, &nh);
	if (!err)
		SET(t, 1, nh);
	return err;
}

int sys_task_create(struct thread *t)
{
	struct task *nt;
	uint64_t flags = ARG(t, 1);
	char name[16] = "task";
	int err;

	if (flags & ~(uint64_t)TASK_FOREIGN)
		return ERR_INVAL;
	if (ARG(t, 2) && aspace_copy_in(t->task->aspace, ARG(t, 2), name, sizeof(name)))
		return ERR_FAULT;
	name[sizeof(name) - 1] = '\0';
	err = task_create(t->task->budget, ARG(t, 0), (unsigned)flags, name, &nt);
	if (err)
		return err;
	err = install(t, &nt->obj, RIGHT_ALL, 0, 1);
	if (!err)
		err = install(t, &nt->aspace->obj, RIGHT_ALL, 0, 2);
	obj_put(&nt->obj);
	return err;
}

int sys_task_kill(struct thread *t)
{
	struct task *victim;
	int err = task_arg(t, 0, &victim);

	if (!err)
		task_kill(victim, TASK_KILLED);
	return err;
}

int sys_task_watch(struct thread *t)
{
	struct task *target;
	struct handle *nh;
	int err = task_arg(t, 0, &target);

	if (!err)
		err = lookup(t, ARG(t, 1), OBJ_NOTIFY, RIGHT_SIGNAL, &nh);
	if (err)
		return err;
	if (target->state != TASK_RUNNING) {
		notify_signal((struct notify *)nh->obj, ARG(t, 2));
		return 0;
	}
	if (target->watch)
		obj_put(&target->watch->obj);
	obj_get(nh->obj);
	target->watch = (struct notify *)nh->obj;
	target->watch_bits = ARG(t, 2);
	return 0;
}

int sys_task_status(struct thread *t)
{
	struct handle *h;
	struct task *k;
	int err = lookup(t, ARG(t, 0), OBJ_TASK, 0, &h);

	if (err)
		return err;
	k = (struct task *)h->obj;
	SET(t, 1, k->state);
	SET(t, 2, k->cause);
	SET(t, 3, k->esr);
	SET(t, 4, k->far);
	SET(t, 5, k->pc);
	return 0;
}

int sys_thread_create(struct thread *t)
{
	struct task *owner;
	struct thread *nt;
	uint64_t prio = ARG(t, 4);
	int err = task_arg(t, 0, &owner);

	if (err)
		return err;
	if (prio > t->prio)
		return ERR_RIGHTS;     /* no thread above its creator */
	if (owner->state != TASK_RUNNING)
		return ERR_DEAD;
	err = thread_create(owner, t->task->budget, ARG(t, 1), ARG(t, 2), ARG(t, 3),
			    (unsigned)prio, &nt);
	if (err)
		return err;
	err = install(t, &nt->obj, RIGHT_ALL, 0, 1);
	if (!err && owner != t->task) {
		uint32_t h;
		/* the owner task holds its thread too, so it lives as long as the task */
		err = handle_install(&owner->handles, &nt->obj, RIGHT_ALL, 0, &h);
	}
	obj_put(&nt->obj);
	return err;
}

static int thread_arg(struct thread *t, struct thread **out)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), OBJ_THREAD, RIGHT_CONTROL, &h);

	if (!err)
		*out = (struct thread *)h->obj;
	return err;
}

int sys_thread_resume(struct thread *t)
{
	struct thread *target;
	int err = thread_arg(t, &target);

	if (!err)
		thread_resume(target);
	return err;
}

int sys_thread_suspend(struct thread *t)
{
	struct thread *target;
	int err = thread_arg(t, &target);

	if (!err)
		thread_suspend(target);
	return err;
}

int sys_thread_regs(struct thread *t)
{
	struct thread *target;
	struct thread_regs r;
	int err = thread_arg(t, &target);

	if (err)
		return err;
	if (ARG(t, 2) == REGS_GET) {
		arch_regs_get(target, &r);
		return aspace_copy_out(t->task->aspace, ARG(t, 1), &r, sizeof(r));
	}
	if (ARG(t, 2) != REGS_SET)
		return ERR_INVAL;
	err = aspace_copy_in(t->task->aspace, ARG(t, 1), &r, sizeof(r));
	if (!err)
		arch_regs_set(target, &r);
	return err;
}

int sys_thread_interrupt(struct thread *t)
{
	struct thread *target;
	int err = thread_arg(t, &target);

	if (err)
		return err;
	if (target->state == TS_DEAD)
		return ERR_DEAD;
	target->interrupt_pending = 1;
	if (target->state != TS_RUNNABLE && target->state != TS_INACTIVE && !target->in_exception)
		thread_wake(target, ERR_INTR);
	return 0;
}

int sys_thread_handler(struct thread *t)
{
	struct thread *target;
	struct handle *eh = NULL;
	int err = thread_arg(t, &target);

	if (!err && ARG(t, 1))
		err = lookup(t, ARG(t, 1), OBJ_ENDPOINT, RIGHT_SEND, &eh);
	if (err)
		return err;
	if (target->exc_ep)
		obj_put(&target->exc_ep->obj);
	target->exc_ep = eh ? (struct endpoint *)eh->obj : NULL;
	if (eh)
		obj_get(eh->obj);
	target->exc_badge = ARG(t, 2);
	return 0;
}

int sys_thread_ipcbuf(struct thread *t)
{
	struct thread *target;
	uint64_t va = ARG(t, 1), pa;
	int err = thread_arg(t, &target);

	if (err)
		return err;
	if (va & 4095)
		return ERR_INVAL;
	if (va && aspace_translate(target->task->aspace, va, 1, &pa))
		return ERR_FAULT;
	target->ipcbuf = va;
	return 0;
}
