/*
 * kmem.c: nucleus object memory (see kmem.h).
 *
 * Size classes are powers of two from 64 bytes to a page.  A class keeps a
 * free list threaded through its free objects; when empty it takes a
 * frame and cuts it up.  Frames given to a class stay with it (objects of
 * one size are usually made again); only frames and multi-page
 * allocations go back to the frame pool.
 */
#include "kmem.h"
#include "budget.h"
#include "frame.h"
#include "error.h"
#include "layout.h"

#include <string.h>

#define MIN_SHIFT 6
#define NCLASSES  (PAGE_SHIFT - MIN_SHIFT + 1)

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *free_lists[NCLASSES];
static struct frame_pool *pool;
static void *(*p2v)(uint64_t);
static uint64_t (*v2p)(const void *);

void kmem_init(struct frame_pool *fp, void *(*phys_to_virt)(uint64_t),
	       uint64_t (*virt_to_phys)(const void *))
{
	pool = fp;
	p2v = phys_to_virt;
	v2p = virt_to_phys;
	memset(free_lists, 0, sizeof(free_lists));
}

static int class_of(size_t size)
{
	int c = 0;

	while (((size_t)1 << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

static uint64_t pages_of(size_t size)
{
	return (size + PAGE_SIZE - 1) / PAGE_SIZE;
}

size_t kmem_charged(size_t size)
{
	if (size > PAGE_SIZE)
		return pages_of(size) * PAGE_SIZE;
	return (size_t)1 << (class_of(size) + MIN_SHIFT);
}

/* refill: cut a new frame into objects of class c. */
static int refill(int c)
{
	size_t sz = (size_t)1 << (c + MIN_SHIFT);
	uint64_t pa;
	uint8_t *page;

	if (frame_alloc(pool, &pa))
		return ERR_NOMEM;
	page = p2v(pa);
	for (size_t off = 0; off < PAGE_SIZE; off += sz) {
		struct free_obj *o = (struct free_obj *)(page + off);

		o->next = free_lists[c];
		free_lists[c] = o;
	}
	return 0;
}

int kmem_alloc(struct budget *b, size_t size, void **out)
{
	size_t charged = kmem_charged(size);
	uint64_t pa;
	int c, err = budget_charge(b, charged);

	if (err)
		return err;
	if (size > PAGE_SIZE) {
		err = frame_alloc_contig(pool, pages_of(size), PAGE_SIZE, &pa);
		if (err)
			goto refund;
		*out = p2v(pa);
	} else {
		c = class_of(size);
		if (!free_lists[c] && (err = refill(c)) != 0)
			goto refund;
		*out = free_lists[c];
		free_lists[c] = free_lists[c]->next;
	}
	memset(*out, 0, charged);
	return 0;
refund:
	budget_refund(b, charged);
	return ERR_NOMEM;
}

void kmem_free(struct budget *b, void *p, size_t size)
{
	size_t charged = kmem_charged(size);

	if (size > PAGE_SIZE) {
		frame_free_contig(pool, v2p(p), pages_of(size));
	} else {
		int c = class_of(size);
		struct free_obj *o = p;

		memset(p, FRAME_POISON, charged);
		o->next = free_lists[c];
		free_lists[c] = o;
	}
	budget_refund(b, charged);
}

int kmem_alloc_frame(struct budget *b, uint64_t *pa)
{
	int err = budget_charge(b, PAGE_SIZE);

	if (err)
		return err;
	if (frame_alloc(pool, pa)) {
		budget_refund(b, PAGE_SIZE);
		return ERR_NOMEM;
	}
	memset(p2v(*pa), 0, PAGE_SIZE);
	return 0;
}

void kmem_free_frame(struct budget *b, uint64_t pa)
{
	frame_free(pool, pa);
	budget_refund(b, PAGE_SIZE);
}
