/*
 * log.c: init's output, through the nucleus's debug console.  Formatting
 * is the nucleus's own fmt.c, compiled for user space: it needs no libc,
 * so the runtime handler thread (which has no musl thread state) can use
 * it too.
 */
#include "init.h"
#include "fmt.h"
#include "lichen/sys.h"

#include <stdarg.h>

struct line {
	char buf[256];
	size_t n;
};

static void out(void *ctx, char c)
{
	struct line *l = ctx;

	l->buf[l->n++] = c;
	if (l->n == sizeof(l->buf)) {
		lc_debug_write(l->buf, l->n);
		l->n = 0;
	}
}

void say(const char *fmt, ...)
{
	struct line l = { .n = 0 };
	va_list ap;

	va_start(ap, fmt);
	fmt_vformat(out, &l, fmt, ap);
	va_end(ap);
	if (l.n)
		lc_debug_write(l.buf, l.n);
}
