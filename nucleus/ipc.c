/*
 * ipc.c: copying messages between threads.
 *
 * Words 0-13 go register to register.  Longer messages continue in the
 * two threads' message buffers, which the nucleus reaches through the
 * direct map after looking them up in the threads' page tables: it never
 * touches a user address directly.  Handles named in the sender's buffer
 * are copied into the receiver's table.  A receiver without a usable
 * buffer gets the register part only, and MSG_TRUNCATED says so.
 */
#include "ipc.h"
#include "endpoint.h"
#include "thread.h"
#include "task.h"
#include "aspace.h"
#include "handle.h"
#include "arch.h"
#include "lichen/abi.h"

#include <string.h>

#define MSG_TRUNCATED (1u << 13)

struct ipc_buffer *ipc_buffer_of(struct thread *t, int write)
{
	uint64_t pa;

	if (!t->ipcbuf || aspace_translate(t->task->aspace, t->ipcbuf, write, &pa))
		return NULL;
	return arch_phys_to_virt(pa);
}

/* move_handles: copy n handles from 'from's send slots into 'to's table;
 * a handle that is gone or cannot be installed arrives as 0. */
static void move_handles(struct thread *from, struct thread *to, unsigned n,
			 struct ipc_buffer *fb, struct ipc_buffer *tb)
{
	for (unsigned i = 0; i < n; i++) {
		struct handle *h;
		uint32_t nh = 0;

		if (handle_get(&from->task->handles, fb->send_handles[i], 0, RIGHT_XFER, &h) == 0)
			handle_install(&to->task->handles, h->obj, h->rights, h->badge, &nh);
		tb->recv_handles[i] = nh;
	}
}

/* long_part: words 14.. and handles; returns the msginfo to deliver. */
static uint64_t long_part(struct thread *from, struct thread *to, uint64_t info)
{
	unsigned words = MSG_WORDS(info), nh = MSG_HANDLES(info);
	struct ipc_buffer *fb, *tb;

	if (words <= MSG_REG_WORDS && nh == 0)
		return info;
	fb = ipc_buffer_of(from, 0);
	tb = ipc_buffer_of(to, 1);
	if (!fb || !tb) {
		words = words < MSG_REG_WORDS ? words : MSG_REG_WORDS;
		return (info & ~0xfffULL) | MSG_TRUNCATED | words;
	}
	if (words > MSG_REG_WORDS)
		memcpy(&tb->words[MSG_REG_WORDS], &fb->words[MSG_REG_WORDS],
		       (words - MSG_REG_WORDS) * sizeof(uint64_t));
	move_handles(from, to, nh, fb, tb);
	return info;
}

static void deliver(struct thread *from, struct thread *to, uint64_t badge)
{
	const uint64_t *src = &from->ctx.x[2];
	uint64_t *dst = &to->ctx.x[2];

	for (int i = 0; i < MSG_REG_WORDS; i++)
		dst[i] = src[i];
	to->ctx.x[1] = long_part(from, to, from->ctx.x[1]) & ~(uint64_t)MSG_NONBLOCK;
	to->ctx.x[0] = 0;
	to->ctx.x[16] = badge;
}

void ipc_transfer(struct thread *from, struct thread *to, uint64_t badge)
{
	deliver(from, to, badge);
}

void ipc_transfer_reply(struct thread *from, struct thread *to)
{
	deliver(from, to, 0);
}

void ipc_build_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far)
{
	for (int i = 0; i <= 8; i++)
		t->exc_words[EXC_X0 + i] = t->ctx.x[i];
	t->exc_words[EXC_PC] = t->ctx.pc;
	t->exc_words[EXC_SP] = t->ctx.sp;
	t->exc_words[EXC_ESR] = esr;
	t->exc_words[EXC_FAR] = far;
	t->exc_kind = kind;
}

void ipc_transfer_exception(struct thread *t, struct thread *handler)
{
	for (int i = 0; i < EXC_WORDS; i++)
		handler->ctx.x[2 + i] = t->exc_words[i];
	handler->ctx.x[2 + EXC_WORDS] = 0;
	handler->ctx.x[0] = 0;
	handler->ctx.x[1] = MSGINFO(t->exc_kind, EXC_WORDS, 0);
	handler->ctx.x[16] = t->send_badge;
}

void ipc_transfer_exception_reply(struct thread *handler, struct thread *t)
{
	for (int i = 0; i <= 8; i++)
		t->ctx.x[i] = handler->ctx.x[2 + EXC_X0 + i];
	t->ctx.pc = handler->ctx.x[2 + EXC_PC];
	t->ctx.sp = handler->ctx.x[2 + EXC_SP];
}

int ipc_check_send(struct thread *t)
{
	uint64_t info = t->ctx.x[1];
	unsigned words = MSG_WORDS(info), nh = MSG_HANDLES(info);
	struct ipc_buffer *b;
	struct handle *h;

	if (words > MSG_MAX_WORDS || nh > MSG_MAX_HANDLES)
		return ERR_INVAL;
	if (words <= MSG_REG_WORDS && nh == 0)
		return 0;
	b = ipc_buffer_of(t, 0);
	if (!b)
		return ERR_FAULT;
	for (unsigned i = 0; i < nh; i++) {
		int err = handle_get(&t->task->handles, b->send_handles[i], 0, RIGHT_XFER, &h);

		if (err)
			return err;
	}
	return 0;
}
