/*
 * handle.c: handle tables (see handle.h).
 *
 * A handle's value is (gen << 16) | (index + 1), gen taken modulo 2^15 so
 * that values stay positive as 32-bit integers.  A live slot keeps its
 * value, so that a lookup is one comparison.
 */
#include "handle.h"
#include "object.h"
#include "kmem.h"
#include "error.h"
#include "endpoint.h"
#include "lichen/abi.h"

#include <string.h>

#define INITIAL_SLOTS 32

/* receivers_changed: endpoints count the handles that can receive. */
static void receivers_changed(struct object *o, uint32_t rights, int delta)
{
	if (o->type == OBJ_ENDPOINT && (rights & RIGHT_RECV))
		endpoint_handle_changed((struct endpoint *)o, delta);
}

void htable_init(struct htable *t, struct budget *b)
{
	memset(t, 0, sizeof(*t));
	t->budget = b;
}

void htable_release(struct htable *t)
{
	for (uint32_t i = 0; i < t->cap; i++) {
		struct object *o = t->slots[i].obj;

		if (o) {
			t->slots[i].obj = NULL;
			t->slots[i].value = 0;
			receivers_changed(o, t->slots[i].rights, -1);
			obj_put(o);
		}
	}
	if (t->slots)
		kmem_free(t->budget, t->slots, t->cap * sizeof(struct handle));
	t->slots = NULL;
	t->cap = t->used = t->free_hint = 0;
}

static int grow(struct htable *t)
{
	uint32_t ncap = t->cap ? t->cap * 2 : INITIAL_SLOTS;
	struct handle *ns;
	int err;

	if (ncap > HANDLE_MAX_SLOTS)
		return ERR_FULL;
	err = kmem_alloc(t->budget, ncap * sizeof(struct handle), (void **)&ns);
	if (err)
		return err;
	if (t->slots) {
		memcpy(ns, t->slots, t->cap * sizeof(struct handle));
		kmem_free(t->budget, t->slots, t->cap * sizeof(struct handle));
	}
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

int handle_install(struct htable *t, struct object *obj, uint32_t rights,
		   uint64_t badge, uint32_t *out)
{
	uint32_t i;
	int err;

	if (t->used == t->cap && (err = grow(t)) != 0)
		return err;
	for (i = t->free_hint; t->slots[i].obj; i++)     /* slots below the hint are in use */
		;
	if (i + 1 > 0xffff)
		return ERR_FULL;      /* index + 1 must fit the value's 16 bits */
	t->free_hint = i + 1;
	t->slots[i].obj = obj;
	t->slots[i].rights = rights;
	t->slots[i].badge = badge;
	t->used++;
	obj_get(obj);
	receivers_changed(obj, rights, +1);
	t->slots[i].value = handle_value(i, t->slots[i].gen);
	*out = t->slots[i].value;
	return 0;
}

int handle_get(struct htable *t, uint32_t h, int type, uint32_t need,
	       struct handle **out)
{
	struct handle *s = handle_slot(t, h);

	if (!s || (type && s->obj->type != type))
		return ERR_BADH;
	if ((s->rights & need) != need)
		return ERR_RIGHTS;
	*out = s;
	return 0;
}

int handle_close(struct htable *t, uint32_t h)
{
	struct handle *s = handle_slot(t, h);
	struct object *o;

	if (!s)
		return ERR_BADH;
	o = s->obj;
	s->obj = NULL;
	s->gen++;
	s->value = 0;
	t->used--;
	if ((uint32_t)(s - t->slots) < t->free_hint)
		t->free_hint = (uint32_t)(s - t->slots);
	receivers_changed(o, s->rights, -1);
	obj_put(o);
	return 0;
}
