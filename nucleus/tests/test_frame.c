/*
 * test_frame.c: the frame allocator over a fake RAM buffer.
 *
 * "Physical" addresses start at FAKE_BASE; phys_to_virt points into the
 * buffer, so ASan catches any access the allocator makes outside it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frame.h"
#include "error.h"
#include "layout.h"

#define FAKE_BASE 0x40000000ULL
#define FAKE_SIZE (8ULL << 20)
#define NFRAMES   (FAKE_SIZE / PAGE_SIZE)

static uint8_t *ram;
static struct frame_pool fp;
/* Three zones with holes between them, as a device tree might give. */
static const struct range zones[] = {
	{ FAKE_BASE,              FAKE_BASE + 0x100000 },
	{ FAKE_BASE + 0x180000,   FAKE_BASE + 0x400000 },
	{ FAKE_BASE + 0x410000,   FAKE_BASE + FAKE_SIZE },
};

static void *fake_p2v(uint64_t pa)
{
	assert_true(pa >= FAKE_BASE && pa < FAKE_BASE + FAKE_SIZE);
	return ram + (pa - FAKE_BASE);
}

static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(PAGE_SIZE, FAKE_SIZE);
	memset(ram, 0xee, FAKE_SIZE);
	return frame_pool_init(&fp, zones, 3, fake_p2v, 1);
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static int in_zone(uint64_t pa)
{
	for (int i = 0; i < 3; i++)
		if (pa >= zones[i].base && pa + PAGE_SIZE <= zones[i].end)
			return 1;
	return 0;
}

static void test_init_counts(void **state)
{
	uint64_t frames = 0;

	(void)state;
	for (int i = 0; i < 3; i++)
		frames += range_size(zones[i]) / PAGE_SIZE;
	/* the bitmaps take one frame (a bit per frame of 8 MiB is 256 bytes) */
	assert_int_equal(fp.total, frames - 1);
	assert_int_equal(fp.free, fp.total);
	assert_int_equal(frame_in_use(&fp, FAKE_BASE), 1);
	assert_int_equal(frame_in_use(&fp, FAKE_BASE + PAGE_SIZE), 0);
	assert_int_equal(frame_in_use(&fp, FAKE_BASE + 0x100000), ERR_RANGE);   /* a hole */
}

static void test_alloc_everything_once(void **state)
{
	static uint8_t seen[NFRAMES];
	uint64_t pa, total = fp.total;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (uint64_t i = 0; i < total; i++) {
		assert_int_equal(frame_alloc(&fp, &pa), 0);
		assert_int_equal(pa % PAGE_SIZE, 0);
		assert_true(in_zone(pa));
		assert_false(range_overlaps((struct range){ pa, pa + PAGE_SIZE }, fp.bitmaps));
		assert_int_equal(seen[(pa - FAKE_BASE) / PAGE_SIZE]++, 0);
	}
	assert_int_equal(fp.free, 0);
	assert_int_equal(frame_alloc(&fp, &pa), ERR_NOMEM);
	for (uint64_t i = 0; i < NFRAMES; i++)
		if (seen[i])
			assert_int_equal(frame_free(&fp, FAKE_BASE + i * PAGE_SIZE), 0);
	assert_int_equal(fp.free, total);
}

static void test_bad_frees_change_nothing(void **state)
{
	uint64_t pa, before;

	(void)state;
	assert_int_equal(frame_alloc(&fp, &pa), 0);
	assert_int_equal(frame_free(&fp, pa), 0);
	before = fp.free;
	assert_int_equal(frame_free(&fp, pa), ERR_INVAL);                 /* double free */
	assert_int_equal(frame_free(&fp, pa + 8), ERR_RANGE);             /* unaligned */
	assert_int_equal(frame_free(&fp, FAKE_BASE + 0x100000), ERR_RANGE); /* a hole */
	assert_int_equal(frame_free(&fp, 0x1000), ERR_RANGE);             /* not RAM */
	assert_int_equal(frame_free(&fp, fp.bitmaps.base), ERR_RANGE);    /* the bitmaps */
	assert_int_equal(frame_free_contig(&fp, FAKE_BASE + 0xff000, 2), ERR_RANGE); /* past a zone */
	assert_int_equal(fp.free, before);
}

static void test_poison_on_free(void **state)
{
	uint64_t pa;
	uint8_t *p;

	(void)state;
	assert_int_equal(frame_alloc(&fp, &pa), 0);
	p = fake_p2v(pa);
	memset(p, 0, PAGE_SIZE);
	assert_int_equal(frame_free(&fp, pa), 0);
	for (int i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(p[i], FRAME_POISON);
}

static void test_contiguous_runs(void **state)
{
	uint64_t pa, pb;

	(void)state;
	assert_int_equal(frame_alloc_contig(&fp, 16, 0x10000, &pa), 0);
	assert_int_equal(pa % 0x10000, 0);
	for (int i = 0; i < 16; i++)
		assert_int_equal(frame_in_use(&fp, pa + (uint64_t)i * PAGE_SIZE), 1);
	/* a run never crosses a hole: 0x281 frames fit only in the last zone */
	assert_int_equal(frame_alloc_contig(&fp, 0x281, PAGE_SIZE, &pb), 0);
	assert_true(pb >= zones[2].base && pb + 0x281 * PAGE_SIZE <= zones[2].end);
	assert_int_equal(frame_alloc_contig(&fp, 3, 3 * PAGE_SIZE, &pb), ERR_INVAL);
	assert_int_equal(frame_alloc_contig(&fp, 0, PAGE_SIZE, &pb), ERR_INVAL);
	assert_int_equal(frame_alloc_contig(&fp, fp.free + 1, PAGE_SIZE, &pb), ERR_NOMEM);
	assert_int_equal(frame_free_contig(&fp, pa, 16), 0);
}

static void test_fragmented_pool_refuses_runs(void **state)
{
	uint64_t pa, total = fp.total;

	(void)state;
	for (uint64_t i = 0; i < total; i++)
		assert_int_equal(frame_alloc(&fp, &pa), 0);
	/* free every other frame: plenty free, no two adjacent */
	for (uint64_t a = FAKE_BASE; a < FAKE_BASE + FAKE_SIZE; a += 2 * PAGE_SIZE)
		if (frame_in_use(&fp, a) == 1 && !range_overlaps((struct range){ a, a + 1 }, fp.bitmaps))
			assert_int_equal(frame_free(&fp, a), 0);
	assert_true(fp.free > 100);
	assert_int_equal(frame_alloc_contig(&fp, 2, PAGE_SIZE, &pa), ERR_NOMEM);
	assert_int_equal(frame_alloc_contig(&fp, 1, PAGE_SIZE, &pa), 0);
}

static void test_init_rejects_bad_ranges(void **state)
{
	struct frame_pool p2;
	const struct range unaligned[] = { { FAKE_BASE + 1, FAKE_BASE + 0x10000 } };
	const struct range overlap[] = { { FAKE_BASE, FAKE_BASE + 0x20000 },
					 { FAKE_BASE + 0x10000, FAKE_BASE + 0x30000 } };
	const struct range tiny[] = { { FAKE_BASE, FAKE_BASE + PAGE_SIZE } };

	(void)state;
	assert_int_equal(frame_pool_init(&p2, unaligned, 1, fake_p2v, 0), ERR_INVAL);
	assert_int_equal(frame_pool_init(&p2, overlap, 2, fake_p2v, 0), ERR_INVAL);
	assert_int_equal(frame_pool_init(&p2, tiny, 1, fake_p2v, 0), ERR_NOMEM);
	assert_int_equal(frame_pool_init(&p2, zones, FRAME_MAX_ZONES + 1, fake_p2v, 0), ERR_FULL);
}

/* test_random_against_model: 20,000 random allocations and frees (fixed
 * seed) checked against a plain array of what is allocated. */
static void test_random_against_model(void **state)
{
	static uint64_t held[NFRAMES];
	uint64_t nheld = 0, total = fp.total, pa;

	(void)state;
	srand(1234);
	for (int step = 0; step < 20000; step++) {
		if (nheld && (rand() % 3 == 0 || nheld == total)) {
			uint64_t k = (uint64_t)rand() % nheld;

			assert_int_equal(frame_free(&fp, held[k]), 0);
			held[k] = held[--nheld];
		} else if (rand() % 8 == 0) {
			uint64_t n = 1 + (uint64_t)rand() % 8;

			if (frame_alloc_contig(&fp, n, PAGE_SIZE, &pa) == 0)
				for (uint64_t i = 0; i < n; i++)
					held[nheld++] = pa + i * PAGE_SIZE;
		} else {
			assert_int_equal(frame_alloc(&fp, &pa), 0);
			held[nheld++] = pa;
		}
		assert_int_equal(fp.free, total - nheld);
	}
	for (uint64_t i = 0; i < nheld; i++)
		assert_int_equal(frame_in_use(&fp, held[i]), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_everything_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poison_on_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contiguous_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fragmented_pool_refuses_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_rejects_bad_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
