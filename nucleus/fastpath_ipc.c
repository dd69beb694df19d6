/*
 * fastpath_ipc.c: the fast path of call and reply_recv, with the message
 * kept in the CPU's registers from the sender to the receiver.
 *
 * The common case of IPC: a client's call to a server already waiting in
 * recv, or a server's reply_recv answering its caller with nobody queued
 * to send: no handles moved, at most 14 words, no timeout, and the thread
 * woken is the one the scheduler would pick anyway.  Then the message
 * never goes through memory.  vectors.S enters here for "svc #0x4c"
 * with x16 naming call or reply_recv, having saved every register of the
 * thread but x2-x15, the message words; this file is compiled so that it never touches x2-x15
 * (-ffixed-x2 ... -ffixed-x15 in rules.mk) and calls no function
 * (tools/check-fastpath.sh checks its object code for both), so they
 * still hold the sender's words when vectors.S returns to the receiver.
 * The receiver's x0 (0), x1 (the info word) and x16 (the badge) are
 * written into its saved context, which the exit loads as usual.
 *
 * The handler's reply_recv answering an exception (the result of a
 * Linux system call, above all) goes the same way: the reply words
 * x2-x12 are the thread's new x0-x8, pc and sp, and vectors.S moves them
 * there, register to register, as it returns to the thread.
 *
 * Anything else returns 0, having changed nothing, and vectors.S
 * saves x2-x15 and takes the general path (with fastpath.c first, for
 * exceptions).  test_fastpath.c checks both against the general path.
 *
 * The registers x2-x15 of a thread waiting after a call or reply_recv
 * taken here are not in its saved context: its message has gone on.  An
 * IPC call that ends in an error leaves x1-x16 unspecified (docs/abi.md).
 */
#include "fastpath.h"
#include "fastpath_steps.h"
#include "lichen/sys_numbers.h"

/* fastpath_call: t's call goes straight to a waiting receiver. */
struct context *fastpath_call(struct context *ctx)
{
	struct thread *t = thread_of_ctx(ctx);
	uint64_t badge;
	struct endpoint *ep;
	struct thread *r;

	if ((t->task->flags & TASK_FOREIGN) || !simple_message(ctx) ||
	    !(ep = endpoint_of(t, RIGHT_SEND, &badge)) || !(r = waiting_receiver(ep)))
		return 0;
	take_receiver(ep, r);
	r->ctx.x[0] = 0;
	r->ctx.x[1] = ctx->x[1];
	r->ctx.x[16] = badge;
	t->send_badge = badge;
	t->state = TS_REPLY;
	t->reply_by_thread = r;
	r->reply_to = t;
	switch_to(r);
	return &r->ctx;
}

/* fastpath_reply_recv: t answers its caller and waits on its endpoint
 * again.  An exception's answer is made of t's x2-x12 (the caller's new
 * x0-x8, pc and sp), which vectors.S moves there on the way out
 * (kernel_exit_answer); another caller simply gets the message. */
uintptr_t fastpath_reply_recv(struct context *ctx)
{
	struct thread *t = thread_of_ctx(ctx);
	struct endpoint *ep;
	struct thread *c;
	uintptr_t to;

	if ((t->task->flags & TASK_FOREIGN) || !(c = reply_partner(t, &ep)))
		return 0;
	if (c->in_exception) {
		c->in_exception = 0;
		to = (uintptr_t)&c->ctx | FASTPATH_ANSWER;
	} else {
		c->ctx.x[0] = 0;
		c->ctx.x[1] = ctx->x[1];
		c->ctx.x[16] = 0;
		to = (uintptr_t)&c->ctx;
	}
	replied_and_waits(t, c, ep);
	return to;
}

_Static_assert(LICHEN_SVC_IMM == 0x4c, "vectors.S: ESR_NATIVE_SVC");
_Static_assert(SYS_call == 6 && SYS_reply_recv == 9, "vectors.S: SVC_CALL, SVC_REPLY_RECV");
