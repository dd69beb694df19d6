/*
 * region.h: memory regions: the memory that address spaces map.
 *
 *   REGION_RAM     frames from the frame allocator, zeroed when created
 *                  (so no frame reaches a new owner with old contents);
 *                  with REGION_CONTIG, physically contiguous (for DMA)
 *   REGION_DEVICE  a device's MMIO range, mapped as device memory
 *   REGION_IMAGE   read-only pages of the nucleus image (boot modules)
 *
 * A region lives while handles or mappings name it; its frames return to
 * the frame allocator with it.
 */
#ifndef LICHEN_REGION_H
#define LICHEN_REGION_H

#include <stdint.h>
#include "object.h"

enum region_kind { REGION_RAM, REGION_DEVICE, REGION_IMAGE };

struct region {
	struct object obj;
	enum region_kind kind;
	int contiguous;
	uint64_t pages;
	uint64_t base;           /* contiguous, device and image regions */
	uint64_t *frames;        /* scattered RAM: one physical address per page */
};

#define REGION_MAX_PAGES (1UL << 20)    /* 4 GiB */

/* region_create_ram: pages of zeroed RAM charged to b. */
int region_create_ram(struct budget *b, uint64_t pages, int contiguous, struct region **out);

/* region_create_fixed: a device or image region over [base, base+pages). */
int region_create_fixed(struct budget *b, enum region_kind kind, uint64_t base,
			uint64_t pages, struct region **out);

/* region_frame: the physical address of page i. */
static inline uint64_t region_frame(const struct region *r, uint64_t i)
{
	return r->frames ? r->frames[i] : r->base + i * 4096;
}

#endif
