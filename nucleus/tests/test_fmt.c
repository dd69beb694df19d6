/*
 * test_fmt.c: the nucleus's printf engine against what C's printf prints
 * for the same format (the host libc is the oracle).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"

/* same: fmt_snprintf and snprintf agree on output and length. */
#define same(...) do { \
	char a_[128], b_[128]; \
	size_t na_ = fmt_snprintf(a_, sizeof(a_), __VA_ARGS__); \
	int nb_ = snprintf(b_, sizeof(b_), __VA_ARGS__); \
	assert_string_equal(a_, b_); \
	assert_int_equal(na_, nb_); \
} while (0)

static void test_integers(void **state)
{
	(void)state;
	same("%d %d %d", 0, -1, 2147483647);
	same("%d", (int)-2147483647 - 1);
	same("%u %x %X %o", 4294967295u, 0xdeadbeefu, 0xabcu, 8u);
	same("%ld %lu %lx", -9000000000L, 18446744073709551615UL, 0xffffffffffffUL);
	same("%lld %llx", -1LL, 0x123456789abcdefULL);
	same("%zu %zx", (size_t)123456, (size_t)0xfff);
}

static void test_width_and_flags(void **state)
{
	(void)state;
	same("[%5d] [%-5d] [%05d]", 42, 42, 42);
	same("[%05d] [%-6d]", -42, -42);
	same("[%08lx] [%016lx]", 0x1234UL, 0xffffffffc0000000UL);
	same("[%-2d] [%3u]", 123, 7u);
	same("[%*d] [%-*d]", 6, 5, 6, 5);
	same("[%.3d]", 7);
}

static void test_strings(void **state)
{
	(void)state;
	same("[%s] [%10s] [%-10s]", "abc", "abc", "abc");
	same("[%.2s] [%.*s]", "abcdef", 4, "abcdef");
	same("[%c%c] [%3c]", 'o', 'k', 'x');
	same("100%% sure");
}

static void test_pointer(void **state)
{
	char buf[64];

	(void)state;
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0xffff000040000000UL);
	assert_string_equal(buf, "0xffff000040000000");
}

static void test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	assert_string_equal(buf, "0123456");
	assert_int_equal(fmt_snprintf(buf, 1, "abc"), 3);
	assert_string_equal(buf, "");
	assert_int_equal(fmt_snprintf(NULL, 0, "abc%d", 12), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
