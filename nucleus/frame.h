/*
 * frame.h: the physical frame allocator.
 *
 * Manages the usable RAM of the memory map in 4 KiB frames, with one bit
 * per frame (1 = in use).  The bitmaps live in the managed RAM itself,
 * reached through a phys_to_virt function (the direct map on the nucleus;
 * a plain buffer in host unit tests).  Single frames come from a rotating
 * cursor; contiguous, aligned runs (for DMA) from a first-fit scan.
 */
#ifndef LICHEN_FRAME_H
#define LICHEN_FRAME_H

#include <stdint.h>
#include <stddef.h>
#include "range.h"

#define FRAME_MAX_ZONES  32
#define FRAME_POISON     0x5a      /* freed frames are filled with it */

struct frame_zone {
	uint64_t base;          /* physical address of frame 0 */
	uint64_t nframes;
	uint64_t *bitmap;       /* nframes bits, 1 = in use */
};

struct frame_pool {
	struct frame_zone zone[FRAME_MAX_ZONES];
	int nzones;
	uint64_t total;         /* frames managed, bitmaps excluded */
	uint64_t free;
	int cursor_zone;        /* where the next single allocation looks first */
	uint64_t cursor;
	int poison;             /* fill freed frames with FRAME_POISON */
	struct range bitmaps;   /* the frames holding the bitmaps */
	void *(*phys_to_virt)(uint64_t pa);
};

/*
 * frame_pool_init: manage the n usable ranges (page aligned, sorted, not
 * overlapping).  The bitmaps are carved from the start of the first range
 * big enough to hold them all.  Returns 0, ERR_INVAL for unaligned or
 * overlapping ranges, ERR_FULL for too many ranges, ERR_NOMEM when no
 * range can hold the bitmaps.
 */
int frame_pool_init(struct frame_pool *fp, const struct range *usable, int n,
		    void *(*phys_to_virt)(uint64_t pa), int poison);

/* frame_alloc: one frame; *pa gets its address.  0 or ERR_NOMEM. */
int frame_alloc(struct frame_pool *fp, uint64_t *pa);

/* frame_alloc_contig: n physically contiguous frames whose first address
 * is a multiple of align (a power of two, at least PAGE_SIZE).
 * 0, ERR_INVAL or ERR_NOMEM. */
int frame_alloc_contig(struct frame_pool *fp, uint64_t n, uint64_t align, uint64_t *pa);

/* frame_free / frame_free_contig: give frames back.  Refuses (ERR_RANGE)
 * frames it does not manage and (ERR_INVAL) frames that are not in use,
 * changing nothing: a double free is reported, never absorbed. */
int frame_free(struct frame_pool *fp, uint64_t pa);
int frame_free_contig(struct frame_pool *fp, uint64_t pa, uint64_t n);

/* frame_in_use: 1 in use, 0 free, ERR_RANGE not managed. */
int frame_in_use(const struct frame_pool *fp, uint64_t pa);

#endif
