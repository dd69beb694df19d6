/*
 * test_memmap.c: RAM minus reservations, and the conflicts boot reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "memmap.h"
#include "error.h"

#define MiB (1024ULL * 1024)
#define R(b, e) ((struct range){ (b), (e) })

static struct memmap mm;

static int setup(void **state)
{
	(void)state;
	memmap_init(&mm);
	return 0;
}

static void expect_usable(const struct range *want, int n)
{
	struct range got[16];

	assert_int_equal(memmap_usable(&mm, got, 16), n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(got[i].base, want[i].base);
		assert_int_equal(got[i].end, want[i].end);
	}
}

static void test_ram_merge_and_align(void **state)
{
	(void)state;
	assert_int_equal(memmap_add_ram(&mm, R(0x80000000, 0x90000000)), 0);
	assert_int_equal(memmap_add_ram(&mm, R(0x40000000, 0x50000000)), 0);
	assert_int_equal(memmap_add_ram(&mm, R(0x50000000, 0x60000000)), 0);  /* touches: merged */
	assert_int_equal(memmap_add_ram(&mm, R(0x70000123, 0x70002fff)), 0);  /* shrinks to pages */
	assert_int_equal(memmap_add_ram(&mm, R(0x10000100, 0x10000200)), ERR_INVAL);
	assert_int_equal(mm.nram, 3);
	assert_int_equal(mm.ram[0].base, 0x40000000);
	assert_int_equal(mm.ram[0].end, 0x60000000);
	assert_int_equal(mm.ram[1].base, 0x70001000);
	assert_int_equal(mm.ram[1].end, 0x70002000);
	assert_int_equal(mm.ram[2].base, 0x80000000);
	assert_int_equal(memmap_ram_bytes(&mm), 768 * MiB + 0x1000);
}

static void test_reservations_cut_ram(void **state)
{
	const struct range want[] = {
		R(0x40000000, 0x40200000), R(0x40300000, 0x48000000), R(0x48101000, 0x60000000),
	};

	(void)state;
	memmap_add_ram(&mm, R(0x40000000, 0x60000000));
	assert_int_equal(memmap_reserve(&mm, R(0x40200000, 0x40300000), 0, "image"), 0);
	assert_int_equal(memmap_reserve(&mm, R(0x48000000, 0x48100010), 0, "dtb"), 0);  /* grows */
	expect_usable(want, 3);
	assert_int_equal(mm.nconflicts, 0);
}

static void test_reservation_at_edges(void **state)
{
	const struct range want[] = { R(0x40001000, 0x40002000) };

	(void)state;
	memmap_add_ram(&mm, R(0x40000000, 0x40003000));
	memmap_reserve(&mm, R(0x40000000, 0x40001000), 0, "low");
	memmap_reserve(&mm, R(0x40002000, 0x40003000), 0, "high");
	expect_usable(want, 1);
	memmap_reserve(&mm, R(0x40001000, 0x40002000), 0, "middle");
	expect_usable(NULL, 0);
}

static void test_overlap_is_reported(void **state)
{
	const struct range want[] = { R(0x40000000, 0x40100000), R(0x40400000, 0x50000000) };

	(void)state;
	memmap_add_ram(&mm, R(0x40000000, 0x50000000));
	memmap_reserve(&mm, R(0x40100000, 0x40300000), 0, "first");
	memmap_reserve(&mm, R(0x40200000, 0x40400000), 0, "second");
	assert_int_equal(mm.nconflicts, 1);
	assert_int_equal(mm.conflicts[0].kind, CONFLICT_OVERLAP);
	assert_string_equal(mm.conflicts[0].what, "second");
	assert_string_equal(mm.conflicts[0].other_what, "first");
	assert_int_equal(mm.conflicts[0].other.base, 0x40100000);
	expect_usable(want, 2);   /* the union stays reserved */
}

static void test_outside_ram_is_reported(void **state)
{
	(void)state;
	memmap_add_ram(&mm, R(0x40000000, 0x50000000));
	memmap_reserve(&mm, R(0x4ff00000, 0x50100000), 0, "straddle");
	memmap_reserve(&mm, R(0x10000000, 0x10001000), 0, "away");
	assert_int_equal(mm.nconflicts, 2);
	assert_int_equal(mm.conflicts[0].kind, CONFLICT_OUTSIDE_RAM);
	assert_int_equal(mm.conflicts[1].kind, CONFLICT_OUTSIDE_RAM);
	assert_int_equal(memmap_reserve(&mm, R(5, 5), 0, "empty"), ERR_INVAL);
}

static void test_nomap_only_hides_from_direct_map(void **state)
{
	struct range got[4];

	(void)state;
	memmap_add_ram(&mm, R(0x40000000, 0x50000000));
	memmap_reserve(&mm, R(0x41000000, 0x42000000), 1, "secure firmware");
	memmap_reserve(&mm, R(0x43000000, 0x44000000), 0, "image");
	assert_int_equal(memmap_mappable(&mm, got, 4), 2);
	assert_int_equal(got[0].end, 0x41000000);
	assert_int_equal(got[1].base, 0x42000000);
	assert_int_equal(memmap_usable(&mm, got, 4), 3);
}

static void test_tables_are_bounded(void **state)
{
	int err = 0;

	(void)state;
	for (int i = 0; i < MEMMAP_MAX + 4 && !err; i++)
		err = memmap_add_ram(&mm, R(0x40000000 + (uint64_t)i * 0x200000,
					    0x40000000 + (uint64_t)i * 0x200000 + 0x100000));
	assert_int_equal(err, ERR_FULL);
	assert_int_equal(mm.nram, MEMMAP_MAX);
	for (int i = 0; i < MEMMAP_MAX_CONFLICTS + 3; i++)
		memmap_reserve(&mm, R(0x10000000, 0x10001000), 0, "again");
	assert_int_equal(mm.nconflicts, MEMMAP_MAX_CONFLICTS);
	assert_true(mm.lost_conflicts > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ram_merge_and_align, setup),
		cmocka_unit_test_setup(test_reservations_cut_ram, setup),
		cmocka_unit_test_setup(test_reservation_at_edges, setup),
		cmocka_unit_test_setup(test_overlap_is_reported, setup),
		cmocka_unit_test_setup(test_outside_ram_is_reported, setup),
		cmocka_unit_test_setup(test_nomap_only_hides_from_direct_map, setup),
		cmocka_unit_test_setup(test_tables_are_bounded, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
