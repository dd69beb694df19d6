/*
 * task.h: tasks: a handle table, a budget and an address space, shared
 * by the task's threads.
 *
 * A task runs until it is killed (task_kill, by whoever holds its handle
 * with CONTROL) or it takes an exception nobody handles.  Then all its
 * threads stop, callers waiting on them get ERR_DEAD, its handles are
 * closed (which frees what only it held), and the notification set with
 * task_watch is signalled: that is how init learns that a server died.
 */
#ifndef LICHEN_TASK_H
#define LICHEN_TASK_H

#include <stdint.h>
#include "object.h"
#include "handle.h"
#include "list.h"

struct aspace;
struct notify;
struct thread;

struct task {
	struct object obj;
	struct htable handles;
	struct aspace *aspace;       /* holds a reference */
	struct budget *budget;       /* its own budget (holds a reference) */
	struct list threads;
	struct list all_link;        /* on task_list, for debuggers (tools/gdb) */
	unsigned flags;              /* TASK_FOREIGN */
	int state;                   /* TASK_RUNNING, TASK_FAULTED, TASK_KILLED */
	unsigned cause;              /* EXC_* of a fatal exception */
	uint64_t esr, far, pc;
	struct notify *watch;        /* holds a reference */
	uint64_t watch_bits;
	char name[16];
};

/* Every live task, for debuggers (the lichen-tasks gdb command). */
extern struct list task_list;

/* task_create: a task with a budget of 'bytes' taken from parent. */
int task_create(struct budget *parent, uint64_t bytes, unsigned flags, const char *name,
		struct task **out);

/* task_kill: stop the task for good with the given state. */
void task_kill(struct task *t, int state);

/* task_exception_unhandled: t took an exception that no handler will
 * answer: its task dies as TASK_FAULTED, the fault recorded. */
void task_exception_unhandled(struct thread *t);

#endif
