/*
 * test_pgtable.c: AArch64 translation tables built by pgtable.c, then
 * walked back: every mapping, its block size and its descriptor bits
 * (ARM ARM D8.3) are checked, and nothing unexpected may be mapped.
 *
 * Table pages come from a small fake pool with made-up physical
 * addresses, so the tables are real memory that ASan watches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pgtable.h"
#include "layout.h"
#include "error.h"

#define POOL      64
#define POOL_PA   0x10000000ULL
#define GiB       (1ULL << 30)
#define MiB       (1ULL << 20)

static uint8_t *pool;
static int used, limit;
static struct pgtable pt;

static int fake_alloc(void *ctx, uint64_t *pa)
{
	(void)ctx;
	if (used >= limit)
		return ERR_NOMEM;
	memset(pool + (size_t)used * PAGE_SIZE, 0, PAGE_SIZE);
	*pa = POOL_PA + (uint64_t)used++ * PAGE_SIZE;
	return 0;
}

static void *fake_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	assert_true(pa >= POOL_PA && pa < POOL_PA + (uint64_t)used * PAGE_SIZE);
	return pool + (pa - POOL_PA);
}

static int setup(void **state)
{
	(void)state;
	pool = aligned_alloc(PAGE_SIZE, POOL * PAGE_SIZE);
	used = 0;
	limit = POOL;
	pt = (struct pgtable){ .alloc_table = fake_alloc, .table_va = fake_va };
	return pt_init(&pt);
}

static int teardown(void **state)
{
	(void)state;
	free(pool);
	return 0;
}

/* The layout the nucleus builds, in miniature. */
struct expect {
	uint64_t va, pa, size;
	unsigned prot;
	uint64_t leaf;   /* the leaf size this range must use */
};

static const struct expect layout[] = {
	{ KERNEL_VBASE,            0x40200000, 3 * PAGE_SIZE, PT_READ | PT_EXEC,  PAGE_SIZE },
	{ KERNEL_VBASE + 0x3000,   0x40203000, 2 * PAGE_SIZE, PT_READ,            PAGE_SIZE },
	{ KERNEL_VBASE + 0x5000,   0x40205000, 5 * PAGE_SIZE, PT_READ | PT_WRITE, PAGE_SIZE },
	{ DIRECT_MAP_BASE + 0x40000000, 0x40000000, 128 * MiB, PT_READ | PT_WRITE, 2 * MiB },
	{ DIRECT_MAP_BASE + 0x80000000, 0x80000000, 1 * GiB,   PT_READ | PT_WRITE, GiB },
	{ DEVICE_WINDOW,           0x09000000, PAGE_SIZE, PT_READ | PT_WRITE | PT_DEVICE, PAGE_SIZE },
	{ 0x400000,                0x50000000, 4 * PAGE_SIZE, PT_READ | PT_EXEC | PT_USER, PAGE_SIZE },
};
#define NLAYOUT (sizeof(layout) / sizeof(layout[0]))

static void map_layout(void)
{
	for (size_t i = 0; i < NLAYOUT; i++)
		assert_int_equal(pt_map(&pt, layout[i].va, layout[i].pa, layout[i].size,
					layout[i].prot, 0), 0);
}

struct seen {
	uint64_t bytes[NLAYOUT];
	int stray;
};

/* check_leaf: every leaf must lie inside one expected range, with its pa,
 * size and rights. */
static void check_leaf(void *arg, const struct pt_leaf *leaf)
{
	struct seen *s = arg;

	for (size_t i = 0; i < NLAYOUT; i++) {
		const struct expect *e = &layout[i];

		if (leaf->va < e->va || leaf->va >= e->va + e->size)
			continue;
		assert_int_equal(leaf->pa, e->pa + (leaf->va - e->va));
		assert_int_equal(leaf->size, e->leaf);
		assert_int_equal(leaf->prot, e->prot);
		s->bytes[i] += leaf->size;
		return;
	}
	s->stray++;
}

static void test_walk_matches_layout(void **state)
{
	struct seen s;

	(void)state;
	map_layout();
	memset(&s, 0, sizeof(s));
	pt_walk(&pt, 0, check_leaf, &s);
	/* the walk reports upper-half VAs only when asked: redo for them */
	memset(&s, 0, sizeof(s));
	pt_walk(&pt, 1, check_leaf, &s);
	for (size_t i = 0; i < NLAYOUT; i++)
		if (layout[i].va >= DIRECT_MAP_BASE)
			assert_int_equal(s.bytes[i], layout[i].size);
	assert_int_equal(s.stray, 4);   /* the user (low-half) pages, seen high */
	memset(&s, 0, sizeof(s));
	pt_walk(&pt, 0, check_leaf, &s);
	assert_int_equal(s.bytes[NLAYOUT - 1], layout[NLAYOUT - 1].size);
}

static int in_layout(uint64_t va)
{
	for (size_t i = 0; i < NLAYOUT; i++)
		if (va >= layout[i].va && va < layout[i].va + layout[i].size)
			return 1;
	return 0;
}

static void test_lookup_every_page(void **state)
{
	struct pt_leaf leaf;

	(void)state;
	map_layout();
	for (size_t i = 0; i < NLAYOUT; i++) {
		const struct expect *e = &layout[i];

		for (uint64_t off = 0; off < e->size; off += PAGE_SIZE) {
			assert_int_equal(pt_lookup(&pt, e->va + off + 0x123, &leaf), 0);
			assert_int_equal(leaf.pa + (e->va + off - leaf.va), e->pa + off);
			assert_int_equal(leaf.prot, e->prot);
		}
		if (!in_layout(e->va - PAGE_SIZE))
			assert_int_equal(pt_lookup(&pt, e->va - PAGE_SIZE, &leaf), ERR_NOENT);
		if (!in_layout(e->va + e->size))
			assert_int_equal(pt_lookup(&pt, e->va + e->size, &leaf), ERR_NOENT);
	}
}

static void test_descriptor_bits(void **state)
{
	struct pt_leaf l;

	(void)state;
	map_layout();
	pt_lookup(&pt, KERNEL_VBASE, &l);               /* text */
	assert_int_equal(l.raw & 3, 3);                 /* level-3 page */
	assert_true(l.raw & PTE_AF);
	assert_true(l.raw & PTE_AP_RO);
	assert_false(l.raw & PTE_AP_EL0);
	assert_false(l.raw & PTE_PXN);
	assert_true(l.raw & PTE_UXN);
	assert_false(l.raw & PTE_NG);
	assert_int_equal((l.raw >> 2) & 7, MT_NORMAL);
	assert_int_equal(l.raw & PTE_SH_INNER, PTE_SH_INNER);
	pt_lookup(&pt, KERNEL_VBASE + 0x5000, &l);      /* data: RW, never executable */
	assert_false(l.raw & PTE_AP_RO);
	assert_true((l.raw & PTE_PXN) && (l.raw & PTE_UXN));
	pt_lookup(&pt, DIRECT_MAP_BASE + 0x40000000, &l);
	assert_int_equal(l.raw & 3, 1);                 /* a block */
	assert_int_equal(l.level, 2);
	pt_lookup(&pt, DIRECT_MAP_BASE + 0x80000000, &l);
	assert_int_equal(l.level, 1);
	pt_lookup(&pt, DEVICE_WINDOW, &l);              /* device */
	assert_int_equal((l.raw >> 2) & 7, MT_DEVICE_nGnRE);
	assert_true((l.raw & PTE_PXN) && (l.raw & PTE_UXN));
	pt_lookup(&pt, 0x400000, &l);                   /* user code */
	assert_true(l.raw & PTE_AP_EL0);
	assert_true(l.raw & PTE_AP_RO);
	assert_true(l.raw & PTE_NG);
	assert_true(l.raw & PTE_PXN);                   /* the nucleus never runs user code */
	assert_false(l.raw & PTE_UXN);
}

static void test_overlap_changes_nothing(void **state)
{
	struct pt_leaf l;
	int before;

	(void)state;
	map_layout();
	before = used;
	assert_int_equal(pt_map(&pt, KERNEL_VBASE + 0x2000, 0x1000000, 2 * PAGE_SIZE,
				PT_READ, 0), ERR_EXIST);
	assert_int_equal(pt_map(&pt, DIRECT_MAP_BASE + 0x47f00000, 0, 4 * MiB,
				PT_READ, 0), ERR_EXIST);
	assert_int_equal(used, before);
	pt_lookup(&pt, KERNEL_VBASE + 0x3000, &l);
	assert_int_equal(l.pa, 0x40203000);
	assert_int_equal(l.prot, PT_READ);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x1001, 0x2000, PAGE_SIZE, PT_READ, 0), ERR_INVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x2001, PAGE_SIZE, PT_READ, 0), ERR_INVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x2000, 100, PT_READ, 0), ERR_INVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x2000, 0, PT_READ, 0), ERR_INVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x2000, PAGE_SIZE, PT_WRITE, 0), ERR_INVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x2000, PAGE_SIZE,
				PT_READ | PT_EXEC | PT_DEVICE, 0), ERR_INVAL);
	assert_int_equal(pt_map(&pt, 0xfffffffff000, 0, 2 * PAGE_SIZE, PT_READ, 0), ERR_INVAL);
	assert_int_equal(used, 1);   /* only the root: nothing was built */
}

static void test_nomem_rolls_back(void **state)
{
	struct pt_leaf l;

	(void)state;
	limit = 3;   /* root + two tables: not enough for a level-3 table */
	assert_int_equal(pt_map(&pt, 0x40000000, 0x40000000, 2 * MiB + PAGE_SIZE,
				PT_READ, 0), ERR_NOMEM);
	assert_int_equal(pt_lookup(&pt, 0x40000000, &l), ERR_NOENT);
	limit = POOL;
	assert_int_equal(pt_map(&pt, 0x40000000, 0x40000000, 2 * MiB + PAGE_SIZE,
				PT_READ, 0), 0);
}

static void test_unmap(void **state)
{
	struct pt_leaf l;

	(void)state;
	map_layout();
	/* half of a 2 MiB block cannot be unmapped without a split */
	assert_int_equal(pt_unmap(&pt, DIRECT_MAP_BASE + 0x40000000, MiB), ERR_INVAL);
	assert_int_equal(pt_lookup(&pt, DIRECT_MAP_BASE + 0x40000000, &l), 0);
	assert_int_equal(pt_unmap(&pt, DIRECT_MAP_BASE + 0x40000000, 2 * MiB), 0);
	assert_int_equal(pt_lookup(&pt, DIRECT_MAP_BASE + 0x40000000, &l), ERR_NOENT);
	assert_int_equal(pt_lookup(&pt, DIRECT_MAP_BASE + 0x40200000, &l), 0);
	assert_int_equal(pt_unmap(&pt, KERNEL_VBASE + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(pt_lookup(&pt, KERNEL_VBASE + PAGE_SIZE, &l), ERR_NOENT);
	assert_int_equal(pt_lookup(&pt, KERNEL_VBASE, &l), 0);
	assert_int_equal(pt_map(&pt, KERNEL_VBASE + PAGE_SIZE, 0x7000000, PAGE_SIZE,
				PT_READ | PT_WRITE, 0), 0);
	pt_lookup(&pt, KERNEL_VBASE + PAGE_SIZE, &l);
	assert_int_equal(l.pa, 0x7000000);
}

static void count_leaves(void *arg, const struct pt_leaf *leaf)
{
	(void)leaf;
	(*(int *)arg)++;
}

static void test_pages_only(void **state)
{
	int n = 0;

	(void)state;
	assert_int_equal(pt_map(&pt, 0x200000, 0x40000000, 2 * MiB, PT_READ | PT_USER,
				PT_PAGES_ONLY), 0);
	pt_walk(&pt, 0, count_leaves, &n);
	assert_int_equal(n, 512);
}

static void test_encode_decode_round_trip(void **state)
{
	(void)state;
	for (unsigned p = 0; p < 32; p++) {
		if (!(p & PT_READ) || ((p & PT_DEVICE) && (p & PT_EXEC)))
			continue;
		assert_int_equal(pt_decode(pt_encode(p)), p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk_matches_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_every_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nomem_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encode_decode_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
