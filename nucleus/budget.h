/*
 * budget.h: who pays for nucleus memory.
 *
 * Every task has a budget: a limit, in bytes, on the nucleus memory held
 * on its behalf: its objects (threads, endpoints, notifications, replies,
 * its handle table), the page tables of its address space, and the frames
 * of the regions it creates.  A task that creates without end gets
 * ERR_BUDGET; the nucleus and everyone else run on.
 *
 * Budgets nest: task_create moves part of the creator's budget into the
 * new task's; when the new task and everything charged to it are gone,
 * the amount returns.  init's budget is all the RAM the nucleus does not
 * use itself.
 */
#ifndef LICHEN_BUDGET_H
#define LICHEN_BUDGET_H

#include <stdint.h>

struct budget {
	uint64_t limit;          /* bytes this budget may hold */
	uint64_t used;           /* bytes charged now */
	uint32_t refs;           /* the owning task + every charged object */
	struct budget *parent;   /* charged 'limit' bytes for this budget */
};

/* budget_charge: reserve bytes; 0 or ERR_BUDGET (nothing charged). */
int budget_charge(struct budget *b, uint64_t bytes);

/* budget_refund: return bytes charged earlier. */
void budget_refund(struct budget *b, uint64_t bytes);

/* budget_get / budget_put: references; the last put frees the budget and
 * refunds its limit to the parent. */
void budget_get(struct budget *b);
void budget_put(struct budget *b);

/* budget_create: a child of parent with the given limit, charged to the
 * parent (limit + the budget's own size).  0, ERR_BUDGET or ERR_NOMEM. */
int budget_create(struct budget *parent, uint64_t limit, struct budget **out);

#endif
