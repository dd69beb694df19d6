/*
 * esr.c: exception syndrome names (ARM ARM D17.2.37, ESR_EL1), shared by
 * the crash reports of the nucleus and its host unit tests.
 */
#include "esr.h"

#include <stddef.h>

struct name {
	unsigned code;
	const char *text;
};

static const struct name classes[] = {
	{ 0x00, "unknown reason (undefined instruction)" },
	{ 0x01, "WFI or WFE trapped" },
	{ 0x07, "FP/SIMD access trapped" },
	{ 0x0e, "illegal execution state" },
	{ 0x15, "SVC from AArch64" },
	{ 0x16, "HVC from AArch64" },
	{ 0x17, "SMC from AArch64" },
	{ 0x18, "system register access trapped" },
	{ 0x19, "SVE access trapped" },
	{ 0x20, "instruction abort from a lower level" },
	{ 0x21, "instruction abort at the same level" },
	{ 0x22, "PC alignment fault" },
	{ 0x24, "data abort from a lower level" },
	{ 0x25, "data abort at the same level" },
	{ 0x26, "SP alignment fault" },
	{ 0x2c, "floating-point exception" },
	{ 0x2f, "SError interrupt" },
	{ 0x30, "breakpoint from a lower level" },
	{ 0x31, "breakpoint at the same level" },
	{ 0x32, "software step from a lower level" },
	{ 0x33, "software step at the same level" },
	{ 0x34, "watchpoint from a lower level" },
	{ 0x35, "watchpoint at the same level" },
	{ 0x3c, "BRK instruction" },
};

static const struct name faults[] = {
	{ 0x00, "address size fault, level 0" },
	{ 0x04, "translation fault, level 0" },
	{ 0x05, "translation fault, level 1" },
	{ 0x06, "translation fault, level 2" },
	{ 0x07, "translation fault, level 3" },
	{ 0x09, "access flag fault, level 1" },
	{ 0x0a, "access flag fault, level 2" },
	{ 0x0b, "access flag fault, level 3" },
	{ 0x0d, "permission fault, level 1" },
	{ 0x0e, "permission fault, level 2" },
	{ 0x0f, "permission fault, level 3" },
	{ 0x10, "synchronous external abort" },
	{ 0x21, "alignment fault" },
	{ 0x30, "TLB conflict abort" },
};

static const char *lookup(const struct name *t, size_t n, unsigned code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].text;
	return NULL;
}

const char *esr_class_name(unsigned ec)
{
	const char *s = lookup(classes, sizeof(classes) / sizeof(classes[0]), ec);

	return s ? s : "reserved or unhandled class";
}

const char *esr_fault_name(uint64_t esr)
{
	unsigned ec = ESR_EC(esr);
	const char *s;

	if (ec != EC_IABT_LOWER && ec != EC_IABT_SAME &&
	    ec != EC_DABT_LOWER && ec != EC_DABT_SAME)
		return NULL;
	s = lookup(faults, sizeof(faults) / sizeof(faults[0]), esr & 0x3f);
	return s ? s : "other fault";
}
