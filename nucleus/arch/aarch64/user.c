/*
 * user.c: the AArch64 side of running user threads: switching to a
 * thread (its address space by TTBR0 and ASID, its context by
 * TPIDR_EL1), lazy FP/SIMD switching, ASIDs and TLB maintenance, and the
 * full register set for thread_regs.
 *
 * FP/SIMD state is switched lazily: CPACR_EL1 traps EL0's first FP
 * instruction after a switch, and only then are the registers saved for
 * their previous owner and loaded for the new one.  Most IPC round trips
 * never touch FP, so they never pay for its 512 bytes.
 */
#include "arch.h"
#include "arch_switch.h"
#include "sysreg.h"
#include "layout.h"
#include "thread.h"
#include "task.h"
#include "aspace.h"
#include "error.h"

#include <string.h>

#define TCR_AS             (1UL << 36)     /* 16-bit ASIDs */
#define MAX_ASIDS          65536

void fp_save(struct fp_context *fp);
void fp_load(const struct fp_context *fp);
void kernel_exit(void);

struct user_cpu user_cpu = { .cpacr = CPACR_FP_ALL };
static unsigned asid_limit;
static uint64_t asid_map[MAX_ASIDS / 64];
static uint64_t empty_ttbr0;              /* a table with nothing: for no task */

void arch_user_init(uint64_t empty_table_pa)
{
	uint64_t tcr = sysreg_read(tcr_el1) & ~(uint64_t)TCR_EPD0;

	if (((sysreg_read(id_aa64mmfr0_el1) >> 4) & 0xf) == 2) {
		tcr |= TCR_AS;
		asid_limit = MAX_ASIDS;
	} else {
		asid_limit = 256;
	}
	empty_ttbr0 = empty_table_pa;
	/* EL0 may read the virtual counter (CNTKCTL_EL1.EL0VCTEN), as on
	 * Linux: time without a trap */
	sysreg_write(cntkctl_el1, sysreg_read(cntkctl_el1) | 2);
	sysreg_write(ttbr0_el1, empty_ttbr0);
	user_cpu.ttbr = empty_ttbr0;
	sysreg_write(tcr_el1, tcr);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
	asid_map[0] = 1;                      /* ASID 0: no task */
}

int arch_asid_alloc(uint16_t *asid)
{
	for (unsigned w = 0; w < asid_limit / 64; w++) {
		if (asid_map[w] == ~0ULL)
			continue;
		unsigned b = (unsigned)__builtin_ctzll(~asid_map[w]);

		asid_map[w] |= 1ULL << b;
		*asid = (uint16_t)(w * 64 + b);
		return 0;
	}
	return ERR_NOMEM;
}

void arch_asid_free(uint16_t asid)
{
	asid_map[asid / 64] &= ~(1ULL << (asid % 64));
}

void arch_tlb_flush(uint16_t asid, uint64_t va, uint64_t pages)
{
	uint64_t tag = (uint64_t)asid << 48;

	dsb(ishst);
	if (!pages || pages > 64) {
		__asm__ volatile("tlbi aside1is, %0" : : "r"(tag) : "memory");
	} else {
		for (uint64_t i = 0; i < pages; i++)
			__asm__ volatile("tlbi vae1is, %0"
					 : : "r"(tag | ((va >> 12) + i)) : "memory");
	}
	dsb(ish);
	isb();
}

/* arch_aspace_gone: its tables are about to be freed: the hardware must
 * not walk them any more. */
void arch_aspace_gone(uint16_t asid)
{
	if (user_cpu.ttbr >> 48 == asid) {
		sysreg_write(ttbr0_el1, empty_ttbr0);
		isb();
		user_cpu.ttbr = empty_ttbr0;
	}
}

void arch_thread_gone(struct thread *t)
{
	if (user_cpu.fp_owner == t)
		user_cpu.fp_owner = NULL;
}

void arch_switch_to(struct thread *t)
{
	arch_switch_inline(t);
}

/* arch_fp_claim: t used FP/SIMD after a switch: give it the registers. */
void arch_fp_claim(struct thread *t)
{
	arch_set_cpacr(CPACR_FP_ALL);
	if (user_cpu.fp_owner == t)
		return;
	if (user_cpu.fp_owner)
		fp_save(&user_cpu.fp_owner->fp);
	fp_load(&t->fp);
	user_cpu.fp_owner = t;
}

/* fp_sync: t's FP state, in memory, up to date. */
static void fp_sync(struct thread *t)
{
	if (user_cpu.fp_owner == t) {
		arch_set_cpacr(CPACR_FP_ALL);
		fp_save(&t->fp);
	}
}

void arch_regs_get(struct thread *t, struct thread_regs *r)
{
	memcpy(r->x, t->ctx.x, sizeof(r->x));
	r->sp = t->ctx.sp;
	r->pc = t->ctx.pc;
	r->pstate = t->ctx.pstate;
	r->tpidr = t->ctx.tpidr;
	fp_sync(t);
	memcpy(r->q, t->fp.q, sizeof(r->q));
	r->fpcr = t->fp.fpcr;
	r->fpsr = t->fp.fpsr;
}

/* arch_regs_set: only the flags of PSTATE may change: a thread cannot be
 * moved to another exception level or have its interrupts masked. */
void arch_regs_set(struct thread *t, const struct thread_regs *r)
{
	memcpy(t->ctx.x, r->x, sizeof(r->x));
	t->ctx.sp = r->sp;
	t->ctx.pc = r->pc;
	t->ctx.pstate = r->pstate & 0xf0000000UL;     /* N, Z, C, V */
	t->ctx.tpidr = r->tpidr;
	fp_sync(t);
	if (user_cpu.fp_owner == t)
		user_cpu.fp_owner = NULL;                      /* reload from memory on next use */
	memcpy(t->fp.q, r->q, sizeof(r->q));
	t->fp.fpcr = r->fpcr;
	t->fp.fpsr = r->fpsr;
}

void arch_idle(void)
{
	__asm__ volatile("msr daifclr, #2\n dsb sy\n wfi\n msr daifset, #2" : : : "memory");
}
