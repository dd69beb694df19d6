/*
 * fastpath.c: the fast path of exceptions: a thread's exception (a Linux
 * system call, above all) delivered to a handler already waiting in recv.
 * (The handler's answer takes the fast path of fastpath_ipc.c.)
 *
 * An exception message is not the thread's registers as they stand: it
 * is made of its x0-x8, pc, sp and syndrome, and the thread's registers
 * must stay readable while it waits (thread_regs, for a signal or an
 * execve).  So this path goes through the contexts in memory: vectors.S
 * has saved every register when it calls here, and returns to the
 * handler with all of its registers from its context.  The conditions
 * are those of fastpath_ipc.c; anything else returns 0 having changed
 * nothing, for the general path (endpoint.c).
 */
#include "fastpath.h"
#include "fastpath_steps.h"

int fastpath_svc(struct thread *t, unsigned imm, uint64_t esr)
{
	if (imm == LICHEN_SVC_IMM && !(t->task->flags & TASK_FOREIGN))
		return 0;                /* a native call: fastpath_ipc.c had its chance */
	return fastpath_exception(t, EXC_SYSCALL, esr, 0);
}

int fastpath_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far)
{
	struct endpoint *ep = t->exc_ep;
	struct thread *h;
	uint64_t *w;

	if (!ep || !(h = waiting_receiver(ep)))
		return 0;
	take_receiver(ep, h);
	h->ctx.x[0] = 0;
	h->ctx.x[1] = MSGINFO(kind, EXC_WORDS, 0);
	w = &h->ctx.x[2];
	__builtin_memcpy(&w[EXC_X0], &t->ctx.x[0], 9 * sizeof(uint64_t));
	w[EXC_PC] = t->ctx.pc;
	w[EXC_SP] = t->ctx.sp;
	w[EXC_ESR] = esr;
	w[EXC_FAR] = far;
	h->ctx.x[15] = 0;
	h->ctx.x[16] = t->exc_badge;
	/* what task_exception_unhandled reports if the handler dies */
	t->exc_kind = kind;
	t->exc_words[EXC_PC] = t->ctx.pc;
	t->exc_words[EXC_ESR] = esr;
	t->exc_words[EXC_FAR] = far;
	t->send_badge = t->exc_badge;
	t->state = TS_REPLY;
	t->in_exception = 1;
	t->reply_by_thread = h;
	h->reply_to = t;
	switch_to(h);
	return 1;
}
