/*
 * test_bootargs.c: the kernel command line, parsed as Linux documents it
 * (Documentation/admin-guide/kernel-parameters.rst): words split at
 * spaces, KEY=VALUE, double quotes around values with spaces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "bootargs.h"
#include "error.h"

static void test_flags(void **state)
{
	const char *line = "console=ttyAMA0 quiet  selftest\tloglevel=3";

	(void)state;
	assert_true(bootargs_flag(line, "selftest"));
	assert_true(bootargs_flag(line, "quiet"));
	assert_false(bootargs_flag(line, "self"));
	assert_false(bootargs_flag(line, "selftests"));
	assert_false(bootargs_flag(line, "console"));   /* has a value: not a flag */
	assert_false(bootargs_flag("", "selftest"));
	assert_false(bootargs_flag("   ", "selftest"));
	assert_false(bootargs_flag("noselftest", "selftest"));
}

static void test_values(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(bootargs_value("console=ttyAMA0 init=/bin/sh", "init", buf, sizeof(buf)), 7);
	assert_string_equal(buf, "/bin/sh");
	assert_int_equal(bootargs_value("console=ttyAMA0", "init", buf, sizeof(buf)), ERR_NOENT);
	assert_int_equal(bootargs_value("init=", "init", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* the last one wins, as for Linux's init= */
	assert_int_equal(bootargs_value("init=/a init=/bb", "init", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "/bb");
	/* only the first '=' splits */
	assert_int_equal(bootargs_value("opt=a=b", "opt", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "a=b");
}

static void test_quotes(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(bootargs_value("init=\"/bin/sh -x\" quiet", "init", buf, sizeof(buf)), 10);
	assert_string_equal(buf, "/bin/sh -x");
	assert_int_equal(bootargs_value("\"init=/bin/sh -x\" quiet", "init", buf, sizeof(buf)), 10);
	assert_string_equal(buf, "/bin/sh -x");
	assert_true(bootargs_flag("init=\"a selftest b\" quiet", "quiet"));
	assert_false(bootargs_flag("init=\"a selftest b\"", "selftest"));
	/* an unterminated quote runs to the end of the line */
	assert_int_equal(bootargs_value("x=\"a b", "x", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "a b");
}

static void test_truncation(void **state)
{
	char buf[4];

	(void)state;
	assert_int_equal(bootargs_value("init=/sbin/init", "init", buf, sizeof(buf)), 10);
	assert_string_equal(buf, "/sb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
