/*
 * context.h: a thread's user register state, as the EL0 entry code in
 * vectors.S saves it (the offsets are used there: keep them in step).
 */
#ifndef LICHEN_CONTEXT_H
#define LICHEN_CONTEXT_H

#include <stdint.h>

struct context {
	uint64_t x[31];     /* offset 0 */
	uint64_t sp;        /* 248: sp_el0 */
	uint64_t pc;        /* 256: elr_el1 */
	uint64_t pstate;    /* 264: spsr_el1 */
	uint64_t tpidr;     /* 272: tpidr_el0 */
	uint64_t pad;
};

struct fp_context {
	__uint128_t q[32];
	uint64_t fpcr, fpsr;
};

_Static_assert(sizeof(struct context) == 288, "vectors.S context layout");

/* A fresh EL0 thread: AArch64 EL0t, interrupts unmasked. */
#define PSTATE_EL0 0x0

#endif
