/*
 * elf.h: reading static AArch64 ELF executables, for the nucleus (init)
 * and for init (the servers).  Only what loading needs: the entry point
 * and the PT_LOAD segments, every field checked against the file's size
 * and the user address range.
 */
#ifndef LICHEN_ELF_H
#define LICHEN_ELF_H

#include <stdint.h>

#define ELF_MAX_SEGMENTS 8
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

struct elf_segment {
	uint64_t vaddr, memsz;       /* where it goes, and how big in memory */
	uint64_t offset, filesz;     /* what of the file it holds */
	unsigned flags;              /* ELF_PF_* */
};

struct elf_image {
	uint64_t entry;
	int nsegments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];   /* sorted by vaddr */
	uint64_t lo, hi;             /* page-aligned span of all segments */
};

/* elf_parse: check file (size bytes) and describe it.  0, or a negative
 * code: -1 not an AArch64 static executable, -2 a header or segment
 * outside the file, -3 segments overlapping or outside [min_va, max_va),
 * -4 too many segments, -5 the entry point is not in an executable
 * segment. */
int elf_parse(const void *file, uint64_t size, uint64_t min_va, uint64_t max_va,
	      struct elf_image *out);

/* A run of pages to map with one set of rights (see elf_page_plan). */
struct elf_pages {
	uint64_t lo, hi;             /* page aligned */
	unsigned flags;              /* ELF_PF_* */
};

#define ELF_MAX_PAGE_RUNS (2 * ELF_MAX_SEGMENTS)

/* elf_page_plan: the page runs that hold img's segments, in order and
 * not overlapping; a page shared by two segments gets both's rights.
 * Returns the number of runs written to out. */
int elf_page_plan(const struct elf_image *img, struct elf_pages *out);

#endif
