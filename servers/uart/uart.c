/*
 * uart.c: the console server: an interrupt-driven PL011 driver speaking
 * the protocol of lichen/tty.h.
 *
 * One thread serves every request in turn, so nothing is shared without
 * order: the interrupt relay (irq_relay_start, ipc/lib/name.c) only turns
 * the line's notification into a message to the same endpoint.  Received bytes go into a ring buffer;
 * a read finding it empty keeps its reply (reply_save) until input
 * comes, so the server never blocks on a client.  Writes go to the
 * transmit FIFO, waiting only while it is full.  What each client's last
 * write was, and how far it got, lives in the status page that init
 * keeps across restarts: a write retried after a crash is finished, not
 * repeated.
 */
#include "lichen/sys.h"
#include "lichen/startinfo.h"
#include "lichen/server.h"
#include "lichen/tty.h"

#include <errno.h>
#include <string.h>

#define UART_VA     0x0000002000000000UL
#define DR          0x000
#define FR          0x018
#define IBRD        0x024
#define FBRD        0x028
#define LCRH        0x02c
#define CR          0x030
#define IMSC        0x038
#define ICR         0x044
#define FR_RXFE     (1u << 4)
#define FR_TXFF     (1u << 5)
#define RX_INTS     ((1u << 4) | (1u << 6))     /* receive, receive timeout */
#define UART_CLOCK  24000000u                   /* QEMU's virt: apb_pclk */

#define RING        4096
#define READERS     16
#define CLIENTS     64

struct write_state {                 /* per client, in the status page */
	uint64_t seq;                    /* its last write */
	uint64_t done;                   /* bytes of it already on the device */
};

struct reader {
	uint32_t reply;                  /* saved reply; 0: free */
	uint64_t max;
	int poll;                        /* waits for readiness, takes nothing */
};

static uint8_t ring[RING];
static unsigned head, tail;
static struct reader readers[READERS];
static uint32_t ep, irq;
static uint32_t baud = 115200;
static uint8_t irq_stack[8192] __attribute__((aligned(16)));

static volatile uint32_t *reg(unsigned off)
{
	return (volatile uint32_t *)(UART_VA + off);
}

/* state_of: the client's write state in the status page: volatile, so
 * that each byte's count is stored as the byte goes out (a crash in the
 * middle of a write resumes at the right byte), in order with the
 * device writes. */
static volatile struct write_state *state_of(uint64_t badge)
{
	return &((volatile struct write_state *)server_status()->keep)[badge % CLIENTS];
}

static void put(uint8_t c)
{
	while (*reg(FR) & FR_TXFF)
		;
	*reg(DR) = c;
}

/* tty_write_op: finish (or skip) the client's write, byte by byte. */
static int64_t tty_write_op(struct lc_msg *m)
{
	volatile struct write_state *st = state_of(m->badge);
	uint64_t seq = m->w[0], len = m->w[1];
	const uint8_t *bytes = (const uint8_t *)&m->w[2];

	if (len > TTY_INLINE)
		return -EINVAL;
	if (seq < st->seq || (seq == st->seq && st->done >= len))
		return (int64_t)len;                 /* already printed: acknowledge again */
	if (seq > st->seq) {
		st->seq = seq;
		st->done = 0;
	}
	while (st->done < len) {
		put(bytes[st->done]);
		st->done++;                      /* after the byte: at worst a byte twice, never lost */
	}
	return (int64_t)len;
}

static unsigned ready(void)
{
	return (head - tail) % RING;
}

static int64_t take(struct lc_msg *m, uint64_t max)
{
	uint8_t *out = (uint8_t *)&m->w[1];
	uint64_t n = 0;

	while (n < max && ready()) {
		out[n++] = ring[tail];
		tail = (tail + 1) % RING;
	}
	return (int64_t)n;
}

/* keep_reader: wait for input with the caller's reply kept. */
static int64_t keep_reader(uint64_t max, int poll, int *kept)
{
	for (int i = 0; i < READERS; i++) {
		if (!readers[i].reply) {
			struct lc_ret r = LC0(reply_save);

			if (r.err)
				return -EIO;
			readers[i] = (struct reader){ (uint32_t)r.r1, max, poll };
			*kept = 1;
			return 0;
		}
	}
	return -EAGAIN;
}

/* tty_read_op: answer now, or keep the reply until input comes. */
static int64_t tty_read_op(struct lc_msg *m, int *kept)
{
	uint64_t max = m->w[0] < TTY_INLINE ? m->w[0] : TTY_INLINE;

	if (ready() || !max)
		return take(m, max);
	if (m->w[1] & TTY_NONBLOCK)
		return -EAGAIN;
	return keep_reader(max, 0, kept);
}

/* tty_poll_op: bytes ready; with TTY_WAIT, wait until there are some. */
static int64_t tty_poll_op(struct lc_msg *m, int *kept)
{
	if (ready() || !(m->w[1] & TTY_WAIT))
		return ready();
	return keep_reader(0, 1, kept);
}

/* serve_readers: give waiting readers what has come in. */
static void serve_readers(void)
{
	struct lc_msg m;

	for (int i = 0; i < READERS && ready(); i++) {
		if (!readers[i].reply)
			continue;
		m.w[0] = readers[i].poll ? ready() : (uint64_t)take(&m, readers[i].max);
		m.info = MSGINFO(0, 13, 0);
		lc_reply(readers[i].reply, &m);
		readers[i].reply = 0;
	}
}

static void on_irq(void)
{
	while (!(*reg(FR) & FR_RXFE)) {
		uint8_t c = (uint8_t)*reg(DR);

		if (ready() < RING - 1) {
			ring[head] = c;
			head = (head + 1) % RING;
		}
	}
	*reg(ICR) = RX_INTS;
	lc_sys(SYS_irq_ack, irq, 0, 0, 0, 0, 0);
	serve_readers();
}

static void set_baud(uint32_t b)
{
	uint32_t div64 = (uint32_t)(((uint64_t)UART_CLOCK * 4 + b / 2) / b);

	*reg(CR) = 0;
	*reg(IBRD) = div64 >> 6;
	*reg(FBRD) = div64 & 63;
	*reg(LCRH) = 0x70;                          /* 8 bits, FIFOs on */
	*reg(CR) = 0x301;                           /* enable, TX, RX */
	baud = b;
}

static int64_t handle(struct lc_msg *m, int *kept)
{
	switch (MSG_LABEL(m->info)) {
	case TTY_WRITE:   return tty_write_op(m);
	case TTY_READ:    return tty_read_op(m, kept);
	case TTY_POLL:    return tty_poll_op(m, kept);
	case TTY_GETATTR:
		m->w[1] = baud;
		m->w[2] = 8;
		m->w[3] = 1;
		return 0;
	case TTY_SETATTR:
		if (m->w[0] < 110 || m->w[0] > 921600)
			return -EINVAL;
		set_baud((uint32_t)m->w[0]);
		return 0;
	default:
		return -ENOSYS;
	}
}


static int setup(void)
{
	const struct startinfo *si = startinfo();

	if (si->ndevices < 1 || !si->devices[0].irq ||
	    lc_map(si->self_aspace, si->devices[0].region, UART_VA, 0, 1, RIGHT_READ | RIGHT_WRITE) ||
	    lc_endpoint_create(&ep))
		return -1;
	irq = si->devices[0].irq;
	if (irq_relay_start(ep, irq, irq_stack, sizeof(irq_stack)))
		return -1;
	*reg(IMSC) = RX_INTS;
	return name_register("uart", ep);
}

int main(void)
{
	struct lc_msg m;
	int kept = 1;

	if (setup())
		return 1;
	for (;;) {
		int err = kept ? lc_recv(ep, &m, 0) : lc_reply_recv(ep, &m, 0);

		kept = 0;
		if (err) {
			kept = 1;
			continue;
		}
		if (MSG_LABEL(m.info) == IRQ_LABEL && m.badge == 0) {
			on_irq();
			m.info = MSGINFO(0, 0, 0);
			continue;
		}
		m.w[0] = (uint64_t)handle(&m, &kept);
		m.info = MSGINFO(0, 13, 0);
		server_served();
	}
}
