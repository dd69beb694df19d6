/*
 * printk.c: kprintf, the formatter of lib/fmt.c writing to the console.
 */
#include "printk.h"
#include "fmt.h"
#include "arch.h"

#include <stdarg.h>

static void console_out(void *ctx, char c)
{
	(void)ctx;
	arch_console_putc(c);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vformat(console_out, NULL, fmt, ap);
	va_end(ap);
}
