/*
 * sys_misc.c: native calls for time, interrupts, budgets, the debug
 * console and power.
 */
#include "syscall.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "irq.h"
#include "endpoint.h"
#include "notify.h"
#include "aspace.h"
#include "budget.h"
#include "sched.h"
#include "printk.h"
#include "arch.h"
#include "error.h"

#define DEBUG_WRITE_MAX 256

static int debug_console = 1;

void syscall_debug_console(int on)
{
	debug_console = on;
}

int sys_debug_write(struct thread *t)
{
	char buf[DEBUG_WRITE_MAX];
	uint64_t len = ARG(t, 1);
	int err;

	if (!debug_console)
		return ERR_NOTSUP;
	if (len > DEBUG_WRITE_MAX)
		return ERR_INVAL;
	err = aspace_copy_in(t->task->aspace, ARG(t, 0), buf, len);
	if (err)
		return err;
	for (uint64_t i = 0; i < len; i++)
		arch_console_putc(buf[i]);
	return 0;
}

static int irq_arg(struct thread *t, struct irq **out)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), OBJ_IRQ, RIGHT_CONTROL, &h);

	if (!err)
		*out = (struct irq *)h->obj;
	return err;
}

int sys_irq_bind(struct thread *t)
{
	struct irq *irq;
	struct handle *nh;
	int err = irq_arg(t, &irq);

	if (!err)
		err = lookup(t, ARG(t, 1), OBJ_NOTIFY, RIGHT_SIGNAL, &nh);
	return err ? err : irq_bind(irq, (struct notify *)nh->obj, ARG(t, 2));
}

int sys_irq_ack(struct thread *t)
{
	struct irq *irq;
	int err = irq_arg(t, &irq);

	return err ? err : irq_ack(irq);
}

int sys_sleep(struct thread *t)
{
	if (!ARG(t, 0)) {
		sched_yield();
		return 0;
	}
	thread_block(t, TS_SLEEP, ARG(t, 0));
	return IPC_BLOCKED;
}

int sys_yield(struct thread *t)
{
	(void)t;
	sched_yield();
	return 0;
}

int sys_clock(struct thread *t)
{
	uint64_t now = arch_counter(), freq = arch_counter_freq();

	SET(t, 1, (now / freq) * 1000000000ULL + (now % freq) * 1000000000ULL / freq);
	SET(t, 2, now);
	SET(t, 3, freq);
	return 0;
}

int sys_budget(struct thread *t)
{
	struct budget *b = t->task->budget;

	if (ARG(t, 0)) {
		struct handle *h;
		int err = lookup(t, ARG(t, 0), OBJ_TASK, 0, &h);

		if (err)
			return err;
		b = ((struct task *)h->obj)->budget;
	}
	SET(t, 1, b->limit);
	SET(t, 2, b->used);
	return 0;
}

int sys_poweroff(struct thread *t)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), OBJ_SYSTEM, RIGHT_CONTROL, &h);

	if (err)
		return err;
	kprintf("nucleus: power off requested by %s\n", t->task->name);
	arch_poweroff();
}
