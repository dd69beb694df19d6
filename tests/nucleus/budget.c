/*
 * budget.c: a task that creates without end is stopped by its budget
 * (ERR_BUDGET) while everything else runs on; and 10,000 cycles of
 * creating and destroying objects leave its budget exactly where it was.
 */
#include "tlib.h"

#define MAX_REGIONS 4096

static uint32_t regions[MAX_REGIONS];

static uint64_t used(void)
{
	return LC0(budget).r2;
}

int main(void)
{
	uint64_t start, n = 0;
	uint32_t h, h2;
	int err = 0;

	if (SI->instance == 1)
		exit(0);
	start = used();
	while (n < MAX_REGIONS && (err = lc_region_create(64, 0, &regions[n])) == 0)
		n++;
	CHECK_EQ(err, ERR_BUDGET);
	tsay("  ERR_BUDGET after %lu regions of 256 KiB (budget %lu KiB)\n", (unsigned long)n,
	     (unsigned long)(LC0(budget).r1 >> 10));
	CHECK_EQ(lc_handle_close(regions[--n]), 0);
	CHECK_EQ(lc_endpoint_create(&h), 0);          /* room again, and the nucleus runs on */
	CHECK_EQ(lc_handle_close(h), 0);
	while (n)
		CHECK_EQ(lc_handle_close(regions[--n]), 0);
	/* all back but the handle table, which grew for the regions' handles */
	CHECK(used() >= start && used() - start <= 8192);
	start = used();
	for (int i = 0; i < 10000; i++) {
		CHECK_EQ(lc_endpoint_create(&h), 0);
		CHECK_EQ(lc_notify_create(&h2), 0);
		CHECK_EQ(lc_handle_close(h), 0);
		CHECK_EQ(lc_handle_close(h2), 0);
		CHECK_EQ(lc_region_create(1, 0, &h), 0);
		CHECK_EQ(lc_handle_close(h), 0);
	}
	CHECK_EQ(used(), start);
	tsay("  10000 create/destroy cycles: budget use back to %lu bytes exactly\n",
	     (unsigned long)start);
	exit(0);
}
