/*
 * psci.c: power control through PSCI (ARM DEN 0022), by hvc or smc as the
 * device tree's /psci node says: hvc when QEMU starts us at EL1 (QEMU
 * itself answers at "EL2"), smc with virtualization=on (we are the EL2
 * owner then, and QEMU answers at "EL3").
 */
#include "arch.h"
#include "platform.h"

#define PSCI_VERSION     0x84000000
#define PSCI_SYSTEM_OFF  0x84000008

static enum psci_method method;

static int64_t psci_call(uint64_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	if (method == PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else if (method == PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else
		return -1;   /* NOT_SUPPORTED */
	return (int64_t)x0;
}

void arch_psci_init(const struct platform *plat)
{
	method = plat->psci;
}

/* arch_psci_version: major << 16 | minor, or a negative PSCI error. */
int arch_psci_version(void)
{
	return (int)psci_call(PSCI_VERSION);
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf");
	for (;;)
		__asm__ volatile("wfi");
}

void arch_poweroff(void)
{
	psci_call(PSCI_SYSTEM_OFF);
	arch_halt();   /* no PSCI, or it refused */
}
