/*
 * object.c: reference counting and destruction of nucleus objects.
 */
#include "object.h"
#include "budget.h"
#include "kmem.h"
#include "error.h"
#include "panic.h"

static void system_destroy(struct object *o)
{
	(void)o;
}

static void (*const destroyers[OBJ_TYPES])(struct object *) = {
	[OBJ_TASK] = task_destroy,
	[OBJ_ASPACE] = aspace_destroy,
	[OBJ_THREAD] = thread_destroy,
	[OBJ_ENDPOINT] = endpoint_destroy,
	[OBJ_NOTIFY] = notify_destroy,
	[OBJ_REGION] = region_destroy,
	[OBJ_IRQ] = irq_destroy,
	[OBJ_REPLY] = reply_destroy,
	[OBJ_SYSTEM] = system_destroy,
};

int obj_alloc(struct budget *b, int type, size_t size, struct object **out)
{
	struct object *o;
	int err = kmem_alloc(b, size, (void **)&o);

	if (err)
		return err;
	o->type = (uint8_t)type;
	o->refs = 1;
	o->budget = b;
	o->size = size;
	budget_get(b);
	*out = o;
	return 0;
}

void obj_get(struct object *o)
{
	KASSERT(o->refs > 0);
	o->refs++;
}

void obj_put(struct object *o)
{
	struct budget *b;

	KASSERT(o->refs > 0);
	if (--o->refs)
		return;
	destroyers[o->type](o);
	b = o->budget;
	kmem_free(b, o, o->size);
	budget_put(b);
}
