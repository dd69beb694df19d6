/*
 * cpu.c: which CPU we run on, from MIDR_EL1, for the boot banner.
 */
#include "arch.h"
#include "sysreg.h"
#include "cpu_names.h"

uint64_t arch_cpu_id(void)
{
	return sysreg_read(midr_el1);
}

void arch_cpu_name(uint64_t midr, char *buf, size_t size)
{
	cpu_name_of(midr, buf, size);
}
