/*
 * range.h: a half-open physical address range [base, end), the unit in
 * which the device tree, the memory map and the frame allocator talk.
 */
#ifndef LICHEN_RANGE_H
#define LICHEN_RANGE_H

#include <stdint.h>

struct range {
	uint64_t base;
	uint64_t end;      /* first byte after the range */
};

static inline int range_overlaps(struct range a, struct range b)
{
	return a.base < b.end && b.base < a.end;
}

static inline uint64_t range_size(struct range r)
{
	return r.end - r.base;
}

#endif
