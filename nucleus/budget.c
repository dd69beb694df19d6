/*
 * budget.c: budgets (see budget.h).
 */
#include "budget.h"
#include "kmem.h"
#include "error.h"
#include "panic.h"

int budget_charge(struct budget *b, uint64_t bytes)
{
	if (bytes > b->limit - b->used)
		return ERR_BUDGET;
	b->used += bytes;
	return 0;
}

void budget_refund(struct budget *b, uint64_t bytes)
{
	KASSERT(bytes <= b->used);
	b->used -= bytes;
}

void budget_get(struct budget *b)
{
	b->refs++;
}

void budget_put(struct budget *b)
{
	struct budget *parent = b->parent;
	uint64_t limit = b->limit;     /* read before kmem_free poisons b */

	KASSERT(b->refs > 0);
	if (--b->refs)
		return;
	KASSERT(b->used == 0);
	kmem_free(parent, b, sizeof(*b));
	budget_refund(parent, limit);
	budget_put(parent);
}

int budget_create(struct budget *parent, uint64_t limit, struct budget **out)
{
	struct budget *b;
	int err = budget_charge(parent, limit);

	if (err)
		return err;
	err = kmem_alloc(parent, sizeof(*b), (void **)&b);
	if (err) {
		budget_refund(parent, limit);
		return err;
	}
	*b = (struct budget){ .limit = limit, .refs = 1, .parent = parent };
	budget_get(parent);
	*out = b;
	return 0;
}
