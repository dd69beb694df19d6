/*
 * memmap.h: the physical memory map: RAM, minus what is already in use.
 *
 * Boot fills it from the device tree (RAM ranges, reserved ranges) and
 * with what the nucleus itself occupies (its image, the device tree); the
 * frame allocator then manages exactly the usable remainder.  Reservations
 * that overlap each other or lie outside RAM are recorded as conflicts, so
 * boot can print a clear message instead of trusting a broken tree.
 */
#ifndef LICHEN_MEMMAP_H
#define LICHEN_MEMMAP_H

#include <stdint.h>
#include <stddef.h>
#include "range.h"

#define MEMMAP_MAX            32
#define MEMMAP_MAX_CONFLICTS  8
#define MEMMAP_WHAT           40

enum conflict_kind {
	CONFLICT_OVERLAP,      /* a reservation overlaps an earlier one */
	CONFLICT_OUTSIDE_RAM,  /* a reservation is (partly) not in RAM */
};

struct conflict {
	enum conflict_kind kind;
	struct range r;
	char what[MEMMAP_WHAT];
	struct range other;              /* CONFLICT_OVERLAP: the earlier one */
	char other_what[MEMMAP_WHAT];
};

struct reservation {
	struct range r;                  /* page aligned outwards */
	int nomap;                       /* not to be mapped at all */
	char what[MEMMAP_WHAT];
};

struct memmap {
	struct range ram[MEMMAP_MAX];    /* sorted, merged, page aligned inwards */
	int nram;
	struct reservation resv[MEMMAP_MAX];
	int nresv;
	struct conflict conflicts[MEMMAP_MAX_CONFLICTS];
	int nconflicts;
	int lost_conflicts;              /* conflicts beyond the table */
};

void memmap_init(struct memmap *mm);

/* memmap_add_ram: add a RAM range (merged with its neighbours).  Returns 0,
 * ERR_INVAL for an empty or sub-page range, ERR_FULL when the table is. */
int memmap_add_ram(struct memmap *mm, struct range r);

/* memmap_reserve: mark r as in use, named what.  Overlaps with earlier
 * reservations and parts outside RAM are recorded as conflicts; the union
 * stays reserved.  Returns 0, ERR_INVAL or ERR_FULL. */
int memmap_reserve(struct memmap *mm, struct range r, int nomap, const char *what);

/* memmap_usable: RAM minus every reservation, sorted; writes at most max
 * ranges to out and returns how many there are in all. */
int memmap_usable(const struct memmap *mm, struct range *out, int max);

/* memmap_mappable: RAM minus the no-map reservations (what the direct map
 * covers); same convention as memmap_usable. */
int memmap_mappable(const struct memmap *mm, struct range *out, int max);

uint64_t memmap_ram_bytes(const struct memmap *mm);

#endif
