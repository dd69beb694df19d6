/*
 * object.h: what every nucleus object has in common.
 *
 * An object is counted by references: one per handle that names it, one
 * per mapping (regions), one per queue or pointer that must keep it alive.
 * When the count reaches zero the object's destroy function runs and its
 * memory returns to the budget it was charged to.
 */
#ifndef LICHEN_OBJECT_H
#define LICHEN_OBJECT_H

#include <stdint.h>
#include <stddef.h>

struct budget;

struct object {
	uint8_t type;            /* OBJ_* (lichen/abi.h) */
	uint32_t refs;
	struct budget *budget;   /* paid for this object; holds a reference */
	size_t size;             /* bytes charged, for kmem_free */
};

/* obj_alloc: a zeroed object of size bytes, one reference, charged to b. */
int obj_alloc(struct budget *b, int type, size_t size, struct object **out);

void obj_get(struct object *o);

/* obj_put: drop a reference; the last one destroys the object. */
void obj_put(struct object *o);

/* Each object kind's destroy function, called by the last obj_put: it
 * releases what the object holds, not the object's own memory. */
void task_destroy(struct object *o);
void aspace_destroy(struct object *o);
void thread_destroy(struct object *o);
void endpoint_destroy(struct object *o);
void notify_destroy(struct object *o);
void region_destroy(struct object *o);
void irq_destroy(struct object *o);
void reply_destroy(struct object *o);

#endif
