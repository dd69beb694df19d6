/*
 * irq.h: interrupt lines as objects, for user-space drivers.
 *
 * An IRQ object names one shared interrupt (SPI) of the GIC.  Bound to a
 * notification, each interrupt masks the line and signals the bits; the
 * driver does its work and acknowledges (irq_ack), which unmasks it.
 */
#ifndef LICHEN_IRQ_H
#define LICHEN_IRQ_H

#include <stdint.h>
#include "object.h"

struct notify;

struct irq {
	struct object obj;
	unsigned intid;
	struct notify *notify;       /* holds a reference */
	uint64_t bits;
	int enabled;
};

int irq_create(struct budget *b, unsigned intid, struct irq **out);
int irq_bind(struct irq *irq, struct notify *n, uint64_t bits);
int irq_ack(struct irq *irq);

#endif
