/*
 * task.c: tasks (see task.h).
 */
#include "task.h"
#include "thread.h"
#include "aspace.h"
#include "notify.h"
#include "budget.h"
#include "printk.h"
#include "error.h"

#include <string.h>

struct list task_list = LIST_INIT(task_list);

int task_create(struct budget *parent, uint64_t bytes, unsigned flags, const char *name,
		struct task **out)
{
	struct budget *b;
	struct task *t;
	int err = budget_create(parent, bytes, &b);

	if (err)
		return err;
	err = obj_alloc(b, OBJ_TASK, sizeof(*t), (struct object **)&t);
	if (err)
		goto out_budget;
	t->budget = b;      /* the creation reference becomes the task's */
	htable_init(&t->handles, b);
	list_init(&t->threads);
	list_push_back(&task_list, &t->all_link);
	t->flags = flags;
	t->state = TASK_RUNNING;
	for (size_t i = 0; i + 1 < sizeof(t->name) && name[i]; i++)
		t->name[i] = name[i];
	err = aspace_create(b, &t->aspace);
	if (err) {
		obj_put(&t->obj);
		return err;
	}
	*out = t;
	return 0;
out_budget:
	budget_put(b);
	return err;
}

/* teardown: stop every thread, close every handle, tell the watcher. */
static void teardown(struct task *t, int state)
{
	struct list *pos, *tmp;

	t->state = state;
	list_for_each_safe(pos, tmp, &t->threads)
		thread_kill(list_entry(pos, struct thread, task_link));
	htable_release(&t->handles);
	if (t->watch) {
		notify_signal(t->watch, t->watch_bits);
		obj_put(&t->watch->obj);
		t->watch = NULL;
	}
}

void task_kill(struct task *t, int state)
{
	if (t->state != TASK_RUNNING)
		return;
	obj_get(&t->obj);              /* closing handles may drop the last other reference */
	teardown(t, state);
	obj_put(&t->obj);
}

void task_exception_unhandled(struct thread *th)
{
	struct task *t = th->task;

	if (t->state != TASK_RUNNING)
		return;          /* the task is being torn down: nothing to report */
	t->cause = th->exc_kind;
	t->esr = th->exc_words[EXC_ESR];
	t->far = th->exc_words[EXC_FAR];
	t->pc = th->exc_words[EXC_PC];
	kprintf("nucleus: task %s died: exception %u (esr %lx, far %lx, pc %lx) with no handler\n",
		t->name, t->cause, (unsigned long)t->esr, (unsigned long)t->far, (unsigned long)t->pc);
	task_kill(t, TASK_FAULTED);
}

void task_destroy(struct object *o)
{
	struct task *t = (struct task *)o;

	if (t->state == TASK_RUNNING)
		teardown(t, TASK_KILLED);
	if (list_linked(&t->all_link))
		list_remove(&t->all_link);
	if (t->aspace)
		obj_put(&t->aspace->obj);
	budget_put(t->budget);
}
