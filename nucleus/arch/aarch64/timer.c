/*
 * timer.c: the periodic tick from the EL1 virtual timer (CNTV).
 *
 * The virtual counter runs at CNTFRQ_EL0 (62.5 MHz on QEMU; under
 * -icount shift=0 one tick is 16 instructions).  Each tick is programmed
 * as an absolute compare value, the previous one plus the interval, so
 * ticks do not drift; if the CPU was away so long that the next compare
 * value is already past, the lost ticks are counted, not replayed.
 */
#include "arch.h"
#include "gic.h"
#include "sysreg.h"
#include "platform.h"
#include "error.h"

#define CNTV_CTL_ENABLE  (1 << 0)

static uint64_t interval, next_deadline, missed;
static void (*on_tick)(void);

uint64_t arch_counter(void)
{
	isb();
	return sysreg_read(cntvct_el0);
}

uint64_t arch_counter_freq(void)
{
	return sysreg_read(cntfrq_el0);
}

uint64_t arch_timer_missed(void)
{
	return missed;
}

static void timer_irq(void)
{
	uint64_t now = arch_counter();

	next_deadline += interval;
	if (next_deadline <= now) {
		uint64_t behind = (now - next_deadline) / interval + 1;

		missed += behind;
		next_deadline += behind * interval;
	}
	sysreg_write(cntv_cval_el0, next_deadline);
	if (on_tick)
		on_tick();
}

int arch_timer_start(const struct platform *plat, unsigned hz, void (*tick_handler)(void))
{
	uint64_t freq = arch_counter_freq();

	if (!plat->timer_irq || !freq || !hz)
		return ERR_NOENT;
	interval = freq / hz;
	on_tick = tick_handler;
	next_deadline = arch_counter() + interval;
	sysreg_write(cntv_cval_el0, next_deadline);
	sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	return gic_enable(plat->timer_irq, timer_irq);
}
