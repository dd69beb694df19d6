/*
 * test_esr.c: the names in crash reports and the boot banner: exception
 * syndromes (values as the ARM ARM gives them) and CPU models (MIDR
 * values of the CPUs QEMU emulates).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "esr.h"
#include "cpu_names.h"

static void test_classes(void **state)
{
	(void)state;
	/* brk #0x4c1 at EL1, as the vectors self-check raises it */
	assert_int_equal(ESR_EC(0xf20004c1), EC_BRK64);
	assert_int_equal(ESR_ISS(0xf20004c1) & 0xffff, 0x4c1);
	assert_string_equal(esr_class_name(0x3c), "BRK instruction");
	assert_string_equal(esr_class_name(0x15), "SVC from AArch64");
	assert_string_equal(esr_class_name(0x00), "unknown reason (undefined instruction)");
	assert_string_equal(esr_class_name(0x3f), "reserved or unhandled class");
}

static void test_fault_status(void **state)
{
	(void)state;
	/* a data abort at EL1, translation fault level 3 (seen in a crash) */
	assert_string_equal(esr_fault_name(0x96000007), "translation fault, level 3");
	assert_string_equal(esr_fault_name(0x9600004f), "permission fault, level 3");
	assert_string_equal(esr_fault_name(0x86000006), "translation fault, level 2");
	assert_null(esr_fault_name(0xf20004c1));   /* not an abort */
}

static void test_cpu_names(void **state)
{
	char buf[64];

	(void)state;
	cpu_name_of(0x410fd083, buf, sizeof(buf));
	assert_string_equal(buf, "Cortex-A72 r0p3");
	cpu_name_of(0x411fd070, buf, sizeof(buf));
	assert_string_equal(buf, "Cortex-A57 r1p0");
	cpu_name_of(0x000f0510, buf, sizeof(buf));
	assert_string_equal(buf, "QEMU max r0p0");
	cpu_name_of(0x4e0f0000, buf, sizeof(buf));
	assert_string_equal(buf, "implementer 0x4e part 0x000 r0p0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_fault_status),
		cmocka_unit_test(test_cpu_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
