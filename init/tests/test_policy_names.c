/*
 * test_policy_names.c: the supervisor's restart policy and the name
 * service's table, as policy.h and names.h state them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"
#include "names.h"

static void test_progress_restarts_at_once(void **state)
{
	struct restart_policy p = { 0 };

	(void)state;
	for (int i = 0; i < 1000; i++)            /* injected crashes after real work */
		assert_int_equal(policy_on_death(&p, 1 + (uint64_t)i % 7), 0);
	assert_int_equal(p.restarts, 1000);
	assert_false(p.failed);
}

static void test_crash_loop_backs_off_then_fails(void **state)
{
	struct restart_policy p = { 0 };
	int64_t expect = (int64_t)POLICY_FIRST_DELAY_NS;

	(void)state;
	for (int i = 0; i < POLICY_CRASH_LOOPS; i++) {
		assert_int_equal(policy_on_death(&p, 0), expect);
		expect *= 2;
	}
	assert_int_equal(policy_on_death(&p, 0), POLICY_FAILED);
	assert_true(p.failed);
	assert_int_equal(policy_on_death(&p, 5), POLICY_FAILED);   /* failed stays failed */
	assert_int_equal(p.restarts, POLICY_CRASH_LOOPS);
}

static void test_progress_resets_the_loop(void **state)
{
	struct restart_policy p = { 0 };

	(void)state;
	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < POLICY_CRASH_LOOPS; i++)
			assert_true(policy_on_death(&p, 0) > 0);
		assert_int_equal(policy_on_death(&p, 3), 0);   /* it served: forgiven */
	}
	assert_false(p.failed);
}

static void test_delay_is_capped(void **state)
{
	struct restart_policy p = { 0 };
	int64_t d = 0;

	(void)state;
	for (int i = 0; i < POLICY_CRASH_LOOPS; i++)
		d = policy_on_death(&p, 0);
	assert_true(d <= (int64_t)POLICY_MAX_DELAY_NS);
}

static void test_names(void **state)
{
	static struct names n;
	uint32_t old;
	uint64_t client;

	(void)state;
	memset(&n, 0, sizeof(n));
	assert_true(names_valid("blk"));
	assert_false(names_valid(""));
	assert_false(names_valid("with space"));
	assert_false(names_valid("0123456789012345678901234567890123"));
	assert_non_null(names_register(&n, "blk", 11, &old));
	assert_int_equal(old, 0);
	assert_int_equal(names_find(&n, "blk")->endpoint, 11);
	assert_int_equal(names_unregister(&n, "blk"), 11);
	assert_int_equal(names_find(&n, "blk")->endpoint, 0);
	/* lookups wait while blk restarts, and are answered in turn */
	assert_int_equal(names_wait(&n, "blk", 100, 1), 0);
	assert_int_equal(names_wait(&n, "uart", 101, 2), 0);
	assert_int_equal(names_wait(&n, "blk", 102, 3), 0);
	assert_non_null(names_register(&n, "blk", 12, &old));
	assert_int_equal(names_find(&n, "blk")->generation, 2);
	assert_int_equal(names_take_waiter(&n, "blk", &client), 100);
	assert_int_equal(client, 1);
	assert_int_equal(names_take_waiter(&n, "blk", &client), 102);
	assert_int_equal(names_take_waiter(&n, "blk", &client), 0);
	assert_int_equal(names_take_waiter(&n, "uart", &client), 101);
	for (int i = 0; i < WAITERS_MAX; i++)
		assert_int_equal(names_wait(&n, "x", 200 + (uint32_t)i, 0), 0);
	assert_int_equal(names_wait(&n, "x", 999, 0), -1);
	for (int i = 0; i < NAMES_MAX - 1; i++) {
		char name[8] = { 'n', (char)('a' + i / 26), (char)('a' + i % 26), 0 };

		assert_non_null(names_register(&n, name, 1, &old));
	}
	assert_null(names_register(&n, "one-too-many", 1, &old));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_restarts_at_once),
		cmocka_unit_test(test_crash_loop_backs_off_then_fails),
		cmocka_unit_test(test_progress_resets_the_loop),
		cmocka_unit_test(test_delay_is_capped),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
