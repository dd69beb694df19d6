/*
 * timer.c: the EL1 virtual timer (CNTV), one shot at a time.
 *
 * The virtual counter runs at CNTFRQ_EL0 (62.5 MHz on QEMU; under
 * -icount shift=0 one tick is 16 instructions).  The nucleus keeps the
 * timer set to its next event, an absolute counter value (the scheduler's
 * next 10 ms slice boundary or the earliest timeout); at each interrupt
 * the handler runs and sets the next one.  Reprogramming is skipped when
 * the next event has not moved.
 */
#include "arch.h"
#include "gic.h"
#include "sysreg.h"
#include "platform.h"
#include "error.h"

#define CNTV_CTL_ENABLE  (1 << 0)

static uint64_t programmed;
static void (*on_fire)(uint64_t now);

uint64_t arch_counter(void)
{
	isb();
	return sysreg_read(cntvct_el0);
}

uint64_t arch_counter_freq(void)
{
	return sysreg_read(cntfrq_el0);
}

void arch_timer_set(uint64_t deadline)
{
	if (deadline == programmed)
		return;
	programmed = deadline;
	sysreg_write(cntv_cval_el0, deadline);
	isb();
}

static void timer_irq(void *arg)
{
	(void)arg;
	programmed = 0;
	sysreg_write(cntv_cval_el0, UINT64_MAX);      /* quiet until set again */
	on_fire(arch_counter());
}

int arch_timer_start(const struct platform *plat, void (*fire)(uint64_t now))
{
	if (!plat->timer_irq || !arch_counter_freq())
		return ERR_NOENT;
	on_fire = fire;
	sysreg_write(cntv_cval_el0, UINT64_MAX);
	sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	return gic_enable(plat->timer_irq, timer_irq, NULL);
}
