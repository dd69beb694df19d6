/*
 * panic.c: report a broken nucleus invariant and stop.
 */
#include "panic.h"
#include "printk.h"
#include "fmt.h"
#include "arch.h"

#include <stdarg.h>

static int poweroff_on_panic;

void panic_set_poweroff(int on)
{
	poweroff_on_panic = on;
}

static void console_out(void *ctx, char c)
{
	(void)ctx;
	arch_console_putc(c);
}

void panic_at(const char *func, const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	kprintf("nucleus panic in %s: ", func);
	va_start(ap, fmt);
	fmt_vformat(console_out, NULL, fmt, ap);
	va_end(ap);
	kprintf("\n");
	if (poweroff_on_panic)
		arch_poweroff();
	arch_halt();
}
