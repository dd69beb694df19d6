/*
 * printk.h: the nucleus's console output.
 */
#ifndef LICHEN_PRINTK_H
#define LICHEN_PRINTK_H

/* kprintf: format (see lib/fmt.h) to the early console.  Silently drops
 * output while there is no console yet. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
