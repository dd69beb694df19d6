/*
 * trap.h: the saved register state of an exception, as vectors.S lays it
 * out, and the C handlers the vectors call.
 */
#ifndef LICHEN_TRAP_H
#define LICHEN_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint64_t x[31];     /* x0 - x30 */
	uint64_t sp_el0;
	uint64_t elr;       /* where the exception was taken */
	uint64_t spsr;      /* the interrupted PSTATE */
};

_Static_assert(sizeof(struct trap_frame) == 34 * 8, "vectors.S FRAME_SIZE");

#include <stdint.h>

struct context;
int trap_el0_fast(struct context *ctx, uint64_t esr);
void trap_el0_sync(struct context *ctx);
void trap_el0_irq(struct context *ctx);
void trap_el1_sync(struct trap_frame *tf);
void trap_el1_irq(struct trap_frame *tf);
__attribute__((noreturn)) void trap_unexpected(struct trap_frame *tf, unsigned kind);

/*
 * trap_expect_brk: the next "brk #imm" at EL1 with this immediate is a
 * self-check of the vector path: the sync handler records its syndrome in
 * *esr and resumes after it instead of reporting a crash.
 */
void trap_expect_brk(unsigned imm, uint64_t *esr);

#endif
