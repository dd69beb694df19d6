/*
 * arch_switch.h: arch_switch_to inline, for the IPC fast path.
 *
 * The one piece of the architecture interface (arch.h) that portable
 * code may inline: the IPC fast path switches threads on every call, and
 * a function call there costs as much as the switch itself.  user.c's
 * arch_switch_to is this same code, for everyone else.  On the host (unit
 * tests) it is the fake arch_switch_to of host_nucleus.c.
 */
#ifndef LICHEN_ARCH_SWITCH_H
#define LICHEN_ARCH_SWITCH_H

#include "arch.h"
#include "thread.h"

#ifdef LICHEN_HOST
#define arch_switch_inline arch_switch_to
#else
#include "sysreg.h"

#define CPACR_FP_EL1_ONLY  (1UL << 20)     /* FPEN 01: EL0's FP/SIMD use traps */
#define CPACR_FP_ALL       (3UL << 20)     /* FPEN 11: no traps */

/* What the CPU's user-facing registers hold now (user.c owns it): the
 * comparisons skip writes, and above all the barriers after them. */
struct user_cpu {
	uint64_t ttbr;                  /* TTBR0_EL1: address space and ASID */
	uint64_t cpacr;                 /* CPACR_EL1: FP/SIMD trapped or not */
	struct thread *fp_owner;        /* whose values the FP/SIMD registers hold */
};
extern struct user_cpu user_cpu;

/* arch_set_cpacr: FP/SIMD trapped at EL0 or not (v: CPACR_FP_*). */
static inline void arch_set_cpacr(uint64_t v)
{
	if (v != user_cpu.cpacr) {
		sysreg_write(cpacr_el1, v);
		isb();
		user_cpu.cpacr = v;
	}
}

/* arch_switch_inline: t runs when the nucleus next returns to user:
 * its address space, its context (TPIDR_EL1 tells vectors.S where it
 * is), and FP/SIMD trapped unless the registers already hold t's. */
static inline void arch_switch_inline(struct thread *t)
{
	uint64_t ttbr = t->ttbr;

	if (ttbr != user_cpu.ttbr) {
		sysreg_write(ttbr0_el1, ttbr);
		isb();
		user_cpu.ttbr = ttbr;
	}
	sysreg_write(tpidr_el1, (uint64_t)&t->ctx);
	if (user_cpu.fp_owner == t)
		arch_set_cpacr(CPACR_FP_ALL);
	else
		arch_set_cpacr(CPACR_FP_EL1_ONLY);
}
#endif

#endif
