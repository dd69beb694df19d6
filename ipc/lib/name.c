/*
 * name.c: the client side of the name service, and request counting
 * with fault injection for servers (see lichen/server.h).
 */
#include "lichen/server.h"
#include "lichen/sys.h"
#include "lichen/startinfo.h"

#include <errno.h>
#include <string.h>

static void put_name(struct lc_msg *m, const char *name)
{
	memset(m->w, 0, NAME_WORDS * 8);
	strncpy((char *)m->w, name, NAME_WORDS * 8 - 1);
}

static int64_t ask(struct lc_msg *m)
{
	if (!startinfo()->name_ep || lc_call(startinfo()->name_ep, m, 0))
		return -EIO;
	return (int64_t)m->w[0];
}

int64_t name_lookup(const char *name, int wait)
{
	struct lc_msg m;
	int64_t r;

	put_name(&m, name);
	m.w[NAME_WORDS] = wait ? NAME_WAIT : 0;
	m.info = MSGINFO(NAME_LOOKUP, NAME_WORDS + 1, 0);
	r = ask(&m);
	if (r < 0)
		return r;
	if (MSG_HANDLES(m.info) != 1)
		return -EIO;
	return ((struct ipc_buffer *)IPCBUF_ADDR)->recv_handles[0];
}

int name_register(const char *name, uint32_t ep)
{
	struct lc_msg m;

	put_name(&m, name);
	((struct ipc_buffer *)IPCBUF_ADDR)->send_handles[0] = ep;
	m.info = MSGINFO(NAME_REGISTER, NAME_WORDS, 1);
	return (int)ask(&m);
}

int name_inject(const char *name, uint64_t n)
{
	struct lc_msg m;

	put_name(&m, name);
	m.w[NAME_WORDS] = n;
	m.info = MSGINFO(NAME_INJECT, NAME_WORDS + 1, 0);
	return (int)ask(&m);
}

int name_status(const char *name, uint64_t *restarts, uint64_t *state, uint64_t *served)
{
	struct lc_msg m;
	int64_t r;

	put_name(&m, name);
	m.info = MSGINFO(NAME_STATUS, NAME_WORDS, 0);
	r = ask(&m);
	*restarts = m.w[1];
	*state = m.w[2];
	*served = m.w[3];
	return (int)r;
}

void server_served(void)
{
	volatile struct server_status *s = server_status();

	s->served++;
	if (s->crash_armed && s->served >= s->crash_after) {
		s->crash_armed = 0;
		*(volatile int *)0 = 0;          /* a genuine fault, not an exit */
	}
}

static uint32_t relay_ep, relay_note;

static void irq_relay(void)
{
	struct lc_msg m;
	uint64_t bits;

	for (;;) {
		if (lc_notify_wait(relay_note, 0, &bits))
			continue;
		m.info = MSGINFO(IRQ_LABEL, 0, 0);
		lc_call(relay_ep, &m, 0);
	}
}

int irq_relay_start(uint32_t ep, uint32_t irq, void *stack, uint64_t size)
{
	uint32_t th;

	relay_ep = ep;
	if (lc_notify_create(&relay_note) ||
	    lc_sys(SYS_irq_bind, irq, relay_note, 1, 0, 0, 0).err ||
	    lc_thread_create(startinfo()->self_task, (uint64_t)irq_relay,
			     (uint64_t)stack + size, 0, 32, &th) ||
	    lc_thread_resume(th))
		return -EIO;
	return 0;
}
