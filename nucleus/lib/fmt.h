/*
 * fmt.h: printf-style formatting for the nucleus, with no libc.
 *
 * Supports %d %i %u %x %X %o %c %s %p %% with the flags '-' and '0', a width
 * and a precision (also '*'), and the length modifiers l, ll and z.  Output
 * goes through a callback, so the same code writes to the console and, in
 * host unit tests, into a buffer.
 */
#ifndef LICHEN_FMT_H
#define LICHEN_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_out_fn)(void *ctx, char c);

/* fmt_vformat: format into out(); returns the number of characters sent. */
size_t fmt_vformat(fmt_out_fn out, void *ctx, const char *f, va_list ap);

/* fmt_snprintf: like snprintf: always NUL-terminates when size > 0 and
 * returns the length the whole output would have had. */
size_t fmt_snprintf(char *buf, size_t size, const char *f, ...)
	__attribute__((format(printf, 3, 4)));

#endif
