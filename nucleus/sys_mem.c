/*
 * sys_mem.c: native calls for memory: regions, mappings, and a pager's
 * copies in and out of another address space.
 */
#include "syscall.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "region.h"
#include "aspace.h"
#include "layout.h"
#include "arch.h"
#include "error.h"

#include <string.h>

int sys_region_create(struct thread *t)
{
	struct budget *payer = t->task->budget;
	struct region *r;
	uint64_t flags = ARG(t, 1);
	int err;

	if (flags & ~(uint64_t)REGION_CONTIG)
		return ERR_INVAL;
	if (ARG(t, 2)) {
		struct handle *h;

		err = lookup(t, ARG(t, 2), OBJ_TASK, RIGHT_CONTROL, &h);
		if (err)
			return err;
		payer = ((struct task *)h->obj)->budget;
	}
	err = region_create_ram(payer, ARG(t, 0), (flags & REGION_CONTIG) != 0, &r);
	if (err)
		return err;
	err = install(t, &r->obj, RIGHT_ALL, 0, 1);
	obj_put(&r->obj);
	return err;
}

int sys_region_info(struct thread *t)
{
	struct handle *h;
	struct region *r;
	int err = lookup(t, ARG(t, 0), OBJ_REGION, 0, &h);

	if (err)
		return err;
	r = (struct region *)h->obj;
	SET(t, 1, r->pages);
	SET(t, 2, (r->contiguous && (h->rights & RIGHT_PHYS)) ? r->base : 0);
	return 0;
}

static int aspace_arg(struct thread *t, uint32_t need, struct aspace **as)
{
	struct handle *h;
	int err = lookup(t, ARG(t, 0), OBJ_ASPACE, need, &h);

	if (!err)
		*as = (struct aspace *)h->obj;
	return err;
}

int sys_map(struct thread *t)
{
	struct aspace *as;
	struct handle *rh;
	uint64_t prot = ARG(t, 5);
	int err = aspace_arg(t, RIGHT_MAP, &as);

	if (!err)
		err = lookup(t, ARG(t, 1), OBJ_REGION, RIGHT_MAP, &rh);
	if (err)
		return err;
	if (prot & ~(uint64_t)MAP_RIGHTS)
		return ERR_INVAL;
	if ((prot & rh->rights) != prot)
		return ERR_RIGHTS;
	return aspace_map(as, (struct region *)rh->obj, ARG(t, 2), ARG(t, 3), ARG(t, 4),
			  (unsigned)prot, rh->rights & MAP_RIGHTS);
}

int sys_unmap(struct thread *t)
{
	struct aspace *as;
	int err = aspace_arg(t, RIGHT_MAP, &as);

	return err ? err : aspace_unmap(as, ARG(t, 1), ARG(t, 2));
}

int sys_protect(struct thread *t)
{
	struct aspace *as;
	int err = aspace_arg(t, RIGHT_MAP, &as);

	return err ? err : aspace_protect(as, ARG(t, 1), ARG(t, 2), (unsigned)ARG(t, 3));
}

/*
 * copy: move len bytes between the caller's buffer and another space,
 * a page piece at a time, each side looked up in its own page tables.
 * Stops at the first address that is not mapped (or not writable, for
 * the side written), and says which and where.
 */
static int copy(struct thread *t, int to_target)
{
	struct aspace *as, *mine = t->task->aspace;
	uint64_t there = ARG(t, 1), here = ARG(t, 2), len = ARG(t, 3), done = 0;
	int reason = MEM_DONE, err = aspace_arg(t, to_target ? RIGHT_WRITE : RIGHT_READ, &as);
	uint64_t stop = 0;

	if (err)
		return err;
	while (done < len) {
		uint64_t a = there + done, b = here + done, pa_t, pa_m;
		uint64_t na = PAGE_SIZE - (a & (PAGE_SIZE - 1)), nb = PAGE_SIZE - (b & (PAGE_SIZE - 1));
		uint64_t n = na < nb ? na : nb;

		if (n > len - done)
			n = len - done;
		err = aspace_translate(as, a, to_target, &pa_t);
		if (err) {
			reason = err == ERR_RIGHTS ? MEM_READONLY : MEM_UNMAPPED;
			stop = a;
			break;
		}
		if (aspace_translate(mine, b, !to_target, &pa_m)) {
			reason = MEM_BAD_BUFFER;
			stop = b;
			break;
		}
		if (to_target)
			memcpy(arch_phys_to_virt(pa_t), arch_phys_to_virt(pa_m), n);
		else
			memcpy(arch_phys_to_virt(pa_m), arch_phys_to_virt(pa_t), n);
		done += n;
	}
	SET(t, 1, done);
	SET(t, 2, reason);
	SET(t, 3, stop);
	return 0;
}

int sys_mem_read(struct thread *t)
{
	return copy(t, 0);
}

int sys_mem_write(struct thread *t)
{
	return copy(t, 1);
}
