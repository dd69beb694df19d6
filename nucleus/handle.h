/*
 * handle.h: a task's handle table.
 *
 * A handle is a task-local name for (object, rights, badge).  Its value
 * holds the slot index and a generation count, so a handle that was
 * closed is refused even after its slot is reused.  Handle 0 is never
 * valid.  Tables grow by doubling, charged to the task's budget.
 */
#ifndef LICHEN_HANDLE_H
#define LICHEN_HANDLE_H

#include <stdint.h>

struct object;
struct budget;

struct handle {
	struct object *obj;      /* NULL: free slot */
	uint64_t badge;          /* endpoints: what receivers see */
	uint32_t rights;
	uint32_t value;          /* the handle's value while live, 0 when free */
	uint32_t gen;            /* bumped at each close */
	uint32_t unused;         /* 32 bytes: slots are indexed by a shift */
};

struct htable {
	struct handle *slots;
	uint32_t cap, used;
	uint32_t free_hint;          /* no free slot below this index */
	struct budget *budget;
};

#define HANDLE_MAX_SLOTS 0x10000

/* handle_value: the value naming slot index at generation gen. */
static inline uint32_t handle_value(uint32_t index, uint32_t gen)
{
	return ((gen & 0x7fff) << 16) | (index + 1);
}

/* handle_slot: the live entry h names in t, or NULL (a value past 32
 * bits names none).  Inline because the IPC fast path looks up a handle
 * on every call. */
static inline struct handle *handle_slot(const struct htable *t, uint64_t h)
{
	uint32_t index = (uint32_t)(h & 0xffff) - 1;

	if (index >= t->cap)            /* h & 0xffff == 0 wraps to a huge index */
		return 0;
	return t->slots[index].value == h ? &t->slots[index] : 0;
}

void htable_init(struct htable *t, struct budget *b);

/* htable_release: close every handle and free the table. */
void htable_release(struct htable *t);

/* handle_install: add a handle for obj (taking a new reference).
 * 0, ERR_FULL or ERR_BUDGET/ERR_NOMEM; *out gets the handle value. */
int handle_install(struct htable *t, struct object *obj, uint32_t rights,
		   uint64_t badge, uint32_t *out);

/* handle_get: the entry for h if it names an object of type (or any type
 * when type is 0) with every right in need.  ERR_BADH or ERR_RIGHTS. */
int handle_get(struct htable *t, uint32_t h, int type, uint32_t need,
	       struct handle **out);

/* handle_close: drop the handle and its reference.  0 or ERR_BADH. */
int handle_close(struct htable *t, uint32_t h);

#endif
