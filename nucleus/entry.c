/*
 * entry.c: the nucleus's side of every entry from user space (entry.h).
 *
 * Native calls go to the dispatcher only from native tasks and only with
 * the native immediate; every other svc, like every fault, becomes an
 * exception message to the thread's handler.  That is the whole of the
 * "foreign ABI": the nucleus never interprets a Linux system call.
 */
#include "entry.h"
#include "thread.h"
#include "task.h"
#include "endpoint.h"
#include "ipc.h"
#include "sched.h"
#include "syscall.h"
#include "fastpath.h"
#include "lichen/sys_numbers.h"
#include "arch.h"
#include "error.h"
#include "lichen/abi.h"

void entry_svc(struct thread *t, unsigned imm, uint64_t esr)
{
	if (!(t->task->flags & TASK_FOREIGN) && imm == LICHEN_SVC_IMM)
		syscall_dispatch(t);
	else
		entry_exception(t, EXC_SYSCALL, esr, 0);
}

void entry_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far)
{
	/* the fast path switches from the running thread to the handler */
	if (t == sched_current() && fastpath_exception(t, kind, esr, far))
		return;
	ipc_build_exception(t, kind, esr, far);
	if (ipc_exception(t, kind, esr, far) == ERR_DEAD)
		task_exception_unhandled(t);
}

void entry_exit(void)
{
	for (;;) {
		struct thread *t = sched_pick();

		if (!t) {
			arch_timer_set(sched_next_event());
			arch_idle();
			continue;
		}
		if (t->interrupt_pending) {
			t->interrupt_pending = 0;
			if (t->exc_ep) {
				entry_exception(t, EXC_INTERRUPT, 0, 0);
				continue;
			}
		}
		arch_switch_to(t);
		arch_timer_set(sched_next_event());
		return;
	}
}

void entry_timer(uint64_t now)
{
	sched_tick(now);
}
