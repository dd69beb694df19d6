/*
 * tty.h: the byte-stream protocol of the console (the uart server).
 *
 * Replies carry a result in word 0: a count, or a negative Linux errno.
 *
 *   TTY_WRITE   word 0 seq, word 1 length (at most TTY_INLINE), words
 *               2-13 the bytes.  Reply: word 0 the length, word 1 seq.
 *               Each client numbers its writes with increasing seq; the
 *               server remembers, across its own restarts, the last seq
 *               of each client and how much of it reached the device, so
 *               a write retried after a restart is printed exactly once.
 *   TTY_READ    word 0 most bytes wanted (at most TTY_INLINE), word 1
 *               flags (TTY_NONBLOCK).  Reply: word 0 the count (-EAGAIN
 *               if there is nothing and TTY_NONBLOCK), words 1-12 the
 *               bytes.  Without TTY_NONBLOCK it waits for input (the
 *               server keeps the reply; it never blocks).
 *   TTY_POLL    word 1 flags (TTY_WAIT: wait until input is ready).
 *               Reply: word 0 the bytes ready to read.
 *   TTY_GETATTR Reply: word 1 baud rate, word 2 data bits, word 3 stop bits.
 *   TTY_SETATTR word 0 baud rate (from 110 to 921600).
 *
 * Retry rules: writes are safe to retry (same seq); reads are not
 * (input typed while the server restarts may be lost).
 */
#ifndef LICHEN_TTY_H
#define LICHEN_TTY_H

#include <stdint.h>
#include <stddef.h>

enum { TTY_WRITE = 1, TTY_READ, TTY_POLL, TTY_GETATTR, TTY_SETATTR };
#define TTY_INLINE   96
#define TTY_NONBLOCK 1
#define TTY_WAIT     2

/* The client side (ipc/lib/tty.c): looks "uart" up, retries writes
 * across restarts of the server.  Each returns a count or -errno. */
int64_t tty_write(const void *buf, size_t len);
int64_t tty_read(void *buf, size_t max, int nonblock);
int64_t tty_poll(int wait);

/* tty_attr: read (baud 0) or set the line's baud rate; *now gets it. */
int64_t tty_attr(uint64_t baud, uint64_t *now);

#endif
