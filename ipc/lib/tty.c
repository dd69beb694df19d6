/*
 * tty.c: the client side of the console protocol (see lichen/tty.h).
 * A write that fails because the server died waits for the name "uart"
 * to come back and is sent again with the same sequence number.
 */
#include "lichen/tty.h"
#include "lichen/server.h"
#include "lichen/sys.h"

#include <errno.h>
#include <string.h>

static uint32_t uart;
static uint64_t next_seq;

static int connect(void)
{
	int64_t h = name_lookup("uart", 1);

	if (h < 0)
		return (int)h;
	if (uart)
		lc_handle_close(uart);
	uart = (uint32_t)h;
	return 0;
}

/* call: one request; on a dead server, look it up again and retry (if
 * retry) or give up with -EIO. */
static int64_t call(struct lc_msg *m, int retry)
{
	struct lc_msg sent = *m;

	for (int attempt = 0; attempt < 1000; attempt++) {
		int err;

		if (!uart && connect())
			return -EIO;
		*m = sent;
		err = lc_call(uart, m, 0);
		if (err == 0)
			return (int64_t)m->w[0];
		if (err != ERR_DEAD || !retry)
			return -EIO;
		lc_handle_close(uart);
		uart = 0;
	}
	return -EIO;
}

int64_t tty_write(const void *buf, size_t len)
{
	const char *p = buf;
	struct lc_msg m;

	if (!next_seq)
		next_seq = lc_clock_ns();        /* increasing across this client's lives */
	for (size_t done = 0; done < len;) {
		size_t n = len - done < TTY_INLINE ? len - done : TTY_INLINE;
		int64_t r;

		m.info = MSGINFO(TTY_WRITE, 2 + (n + 7) / 8, 0);
		m.w[0] = next_seq++;
		m.w[1] = n;
		memcpy(&m.w[2], p + done, n);
		r = call(&m, 1);
		if (r < 0)
			return done ? (int64_t)done : r;
		done += n;
	}
	return (int64_t)len;
}

int64_t tty_read(void *buf, size_t max, int nonblock)
{
	struct lc_msg m;
	int64_t r;

	m.info = MSGINFO(TTY_READ, 2, 0);
	m.w[0] = max < TTY_INLINE ? max : TTY_INLINE;
	m.w[1] = nonblock ? TTY_NONBLOCK : 0;
	r = call(&m, 1);
	if (r > 0)
		memcpy(buf, &m.w[1], (size_t)r);
	return r;
}

int64_t tty_poll(int wait)
{
	struct lc_msg m;

	m.info = MSGINFO(TTY_POLL, 2, 0);
	m.w[1] = wait ? TTY_WAIT : 0;
	return call(&m, 1);
}

int64_t tty_attr(uint64_t baud, uint64_t *now)
{
	struct lc_msg m;
	int64_t r;

	if (baud) {
		m.info = MSGINFO(TTY_SETATTR, 1, 0);
		m.w[0] = baud;
		r = call(&m, 1);
		if (r < 0)
			return r;
	}
	m.info = MSGINFO(TTY_GETATTR, 0, 0);
	r = call(&m, 1);
	*now = m.w[1];
	return r;
}
