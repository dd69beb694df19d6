/*
 * irq.c: IRQ objects (see irq.h).
 */
#include "irq.h"
#include "notify.h"
#include "arch.h"
#include "error.h"

static void irq_fired(void *arg)
{
	struct irq *irq = arg;

	arch_irq_mask(irq->intid);
	if (irq->notify)
		notify_signal(irq->notify, irq->bits);
}

int irq_create(struct budget *b, unsigned intid, struct irq **out)
{
	struct irq *irq;
	int err = obj_alloc(b, OBJ_IRQ, sizeof(*irq), (struct object **)&irq);

	if (err)
		return err;
	irq->intid = intid;
	*out = irq;
	return 0;
}

int irq_bind(struct irq *irq, struct notify *n, uint64_t bits)
{
	int err;

	if (!bits)
		return ERR_INVAL;
	if (!irq->enabled) {
		err = arch_irq_attach(irq->intid, irq_fired, irq);
		if (err)
			return err;
		irq->enabled = 1;
	}
	if (irq->notify)
		obj_put(&irq->notify->obj);
	obj_get(&n->obj);
	irq->notify = n;
	irq->bits = bits;
	arch_irq_unmask(irq->intid);
	return 0;
}

int irq_ack(struct irq *irq)
{
	if (!irq->enabled)
		return ERR_STATE;
	arch_irq_unmask(irq->intid);
	return 0;
}

void irq_destroy(struct object *o)
{
	struct irq *irq = (struct irq *)o;

	if (irq->enabled) {
		arch_irq_mask(irq->intid);
		arch_irq_detach(irq->intid);
	}
	if (irq->notify)
		obj_put(&irq->notify->obj);
}
