/*
 * trap.c: what the nucleus does with exceptions taken at EL1.
 *
 * IRQs go to the GIC's dispatcher.  A synchronous exception in the
 * nucleus is a nucleus bug (user tasks do not exist yet; when they do,
 * their exceptions become messages), so it is reported in full, with the
 * syndrome decoded, and the nucleus stops.  The one exception to that is a
 * self-check's deliberate "brk", announced with trap_expect_brk().
 */
#include "trap.h"
#include "esr.h"
#include "gic.h"
#include "sysreg.h"
#include "printk.h"
#include "panic.h"
#include "context.h"
#include "thread.h"
#include "entry.h"
#include "fastpath.h"
#include "arch.h"
#include "lichen/abi.h"

static const char *const kinds[16] = {
	"sync (EL1, SP_EL0)", "IRQ (EL1, SP_EL0)", "FIQ (EL1, SP_EL0)", "SError (EL1, SP_EL0)",
	"sync (EL1)", "IRQ (EL1)", "FIQ (EL1)", "SError (EL1)",
	"sync (EL0)", "IRQ (EL0)", "FIQ (EL0)", "SError (EL0)",
	"sync (EL0 AArch32)", "IRQ (EL0 AArch32)", "FIQ (EL0 AArch32)", "SError (EL0 AArch32)",
};

static int brk_expected = -1;
static uint64_t *brk_esr;

void trap_expect_brk(unsigned imm, uint64_t *esr)
{
	brk_expected = (int)imm;
	brk_esr = esr;
}

static void report(const struct trap_frame *tf, const char *kind)
{
	uint64_t esr = sysreg_read(esr_el1), far = sysreg_read(far_el1);
	const char *fault = esr_fault_name(esr);

	kprintf("trap: unexpected %s exception\n", kind);
	kprintf("trap:   ESR %08lx: class %02lx, %s%s%s\n", (unsigned long)esr,
		(unsigned long)ESR_EC(esr), esr_class_name(ESR_EC(esr)),
		fault ? ": " : "", fault ? fault : "");
	kprintf("trap:   FAR %016lx  ELR %016lx  SPSR %08lx\n", (unsigned long)far,
		(unsigned long)tf->elr, (unsigned long)tf->spsr);
	for (int i = 0; i < 30; i += 3)
		kprintf("trap:   x%-2d %016lx  x%-2d %016lx  x%-2d %016lx\n",
			i, (unsigned long)tf->x[i], i + 1, (unsigned long)tf->x[i + 1],
			i + 2, (unsigned long)tf->x[i + 2]);
	kprintf("trap:   x30 %016lx  sp_el0 %016lx\n", (unsigned long)tf->x[30],
		(unsigned long)tf->sp_el0);
}

void trap_el1_sync(struct trap_frame *tf)
{
	uint64_t esr = sysreg_read(esr_el1);

	if (ESR_EC(esr) == EC_BRK64 && brk_expected >= 0 &&
	    (ESR_ISS(esr) & 0xffff) == (unsigned)brk_expected) {
		*brk_esr = esr;
		brk_expected = -1;
		tf->elr += 4;   /* resume after the brk */
		return;
	}
	report(tf, kinds[4]);
	panic("exception in the nucleus");
}

void trap_el1_irq(struct trap_frame *tf)
{
	(void)tf;
	gic_dispatch();
}

void trap_unexpected(struct trap_frame *tf, unsigned kind)
{
	report(tf, kinds[kind & 15]);
	panic("unexpected exception");
}

#define EC_FP_TRAP   0x07
#define EC_SVE_TRAP  0x19
#define DFSC_ALIGN   0x21

/* exc_kind_of: what a user thread's exception is, for its handler. */
static unsigned exc_kind_of(uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case EC_IABT_LOWER:
	case EC_DABT_LOWER:
		return (esr & 0x3f) == DFSC_ALIGN ? EXC_ALIGNMENT : EXC_PAGE_FAULT;
	case EC_UNKNOWN:
	case EC_SVE_TRAP:
		return EXC_UNDEFINED;
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		return EXC_ALIGNMENT;
	case EC_BRK64:
	case 0x30: case 0x32: case 0x34:
		return EXC_BREAKPOINT;
	default:
		return EXC_OTHER;
	}
}

/* trap_el0_fast: every synchronous exception from EL0 that
 * fastpath_ipc.c did not take comes here next, with all registers saved:
 * the fast path of exceptions.  1 if it did all, 0 for trap_el0_sync. */
int trap_el0_fast(struct context *ctx, uint64_t esr)
{
	struct thread *t = thread_of_ctx(ctx);

	if (ESR_EC(esr) == EC_SVC64)
		return fastpath_svc(t, (unsigned)(esr & 0xffff), esr);
	if (ESR_EC(esr) == EC_FP_TRAP)
		return 0;
	return fastpath_exception(t, exc_kind_of(esr), esr, sysreg_read(far_el1));
}

/* trap_el0_sync: the general path for what trap_el0_fast left. */
void trap_el0_sync(struct context *ctx)
{
	struct thread *t = thread_of_ctx(ctx);
	uint64_t esr = sysreg_read(esr_el1), far;

	if (ESR_EC(esr) == EC_SVC64)
		entry_svc(t, (unsigned)(esr & 0xffff), esr);
	else if (ESR_EC(esr) == EC_FP_TRAP)
		arch_fp_claim(t);
	else {
		far = sysreg_read(far_el1);
		entry_exception(t, exc_kind_of(esr), esr, far);
	}
	entry_exit();
}

void trap_el0_irq(struct context *ctx)
{
	(void)ctx;
	gic_dispatch();
	entry_exit();
}
