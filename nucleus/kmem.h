/*
 * kmem.h: memory for nucleus objects.
 *
 * Small objects come from size classes (64 bytes to one page) carved out
 * of frames; bigger ones (handle tables, mapping arrays) from contiguous
 * frames.  Every allocation is charged to a budget at its rounded size,
 * and memory is always zeroed.
 */
#ifndef LICHEN_KMEM_H
#define LICHEN_KMEM_H

#include <stddef.h>
#include <stdint.h>

struct budget;
struct frame_pool;

/* kmem_init: take frames from this pool, reach them with phys_to_virt. */
void kmem_init(struct frame_pool *fp, void *(*phys_to_virt)(uint64_t),
	       uint64_t (*virt_to_phys)(const void *));

/* kmem_alloc: size bytes, zeroed, charged to b.  0, ERR_BUDGET (the
 * budget is spent) or ERR_NOMEM (the machine is out of frames). */
int kmem_alloc(struct budget *b, size_t size, void **out);

/* kmem_free: give back what kmem_alloc(b, size) returned. */
void kmem_free(struct budget *b, void *p, size_t size);

/* kmem_charged: the bytes an allocation of size is charged. */
size_t kmem_charged(size_t size);

/* kmem_alloc_frame / kmem_free_frame: one zeroed frame for a page table
 * or a region, charged to b; its physical address in *pa. */
int kmem_alloc_frame(struct budget *b, uint64_t *pa);
void kmem_free_frame(struct budget *b, uint64_t pa);

#endif
