/*
 * selftest_arch.h: self-checks that only the architecture code can do.
 * Each returns 0 (ok) or -1 with the reason in detail.
 */
#ifndef LICHEN_SELFTEST_ARCH_H
#define LICHEN_SELFTEST_ARCH_H

#include <stddef.h>

/* The live nucleus tables give text R-X, rodata R--, data RW-, direct map
 * RW- and devices device memory; guard addresses are unmapped. */
int arch_selftest_pagetable(char *detail, size_t size);

/* A deliberate brk reaches the sync vector with the right syndrome and
 * execution resumes after it. */
int arch_selftest_vectors(char *detail, size_t size);

/* A read of an unmapped nucleus address: never returns (the data abort
 * is reported and the nucleus panics). */
void arch_selftest_crash(void);

#endif
