/*
 * soak.c: make soak's workload (not part of make test): the disk
 * written and verified over and over while blk and uart are crashed
 * 1,000 times in all at pseudo-random points (seed printed), then one
 * summary line.
 */
#include "tlib.h"
#include "lichen/blk.h"
#include "lichen/tty.h"
#include "lichen/server.h"

#include <stdio.h>
#include <string.h>

#define BUF_VA  0x0000007000000000UL
#define CHUNK   256
#define CRASHES 1000
#define SEED    20261125

static uint64_t rng = SEED;

static void fill(uint8_t *p, uint64_t sector, uint64_t count, uint64_t round)
{
	for (uint64_t s = 0; s < count; s++)
		for (int i = 0; i < 512; i += 8)
			*(uint64_t *)(p + s * 512 + i) = ((sector + s) << 20) | (round << 10) | (uint64_t)i;
}

int main(void)
{
	static uint8_t expect[CHUNK * 512];
	struct blk_client c;
	uint64_t injected_blk = 0, injected_uart = 0, bytes = 0, errors = 0, round = 0;
	char line[96];

	if (SI->instance == 1)
		exit(0);
	CHECK_EQ(blk_open(&c, 32, BUF_VA), 0);
	tsay("soak: seed %d, %d crashes to inject, disk of %lu sectors\n", SEED, CRASHES,
	     (unsigned long)c.capacity);
	while (injected_blk + injected_uart < CRASHES) {
		for (uint64_t s = 0; s + CHUNK <= c.capacity; s += CHUNK) {
			if (trand(&rng) % 4 == 0 && trestarts("blk") == injected_blk &&
			    injected_blk + injected_uart < CRASHES) {
				name_inject("blk", 1 + trand(&rng) % 3);
				injected_blk++;
			}
			if (trand(&rng) % 8 == 0 && trestarts("uart") == injected_uart &&
			    injected_blk + injected_uart < CRASHES) {
				name_inject("uart", 1);
				injected_uart++;
			}
			fill(c.buf, s, CHUNK, round);
			errors += blk_write(&c, s, CHUNK, 0) != 0;
			memset(c.buf, 0, CHUNK * 512);
			errors += blk_read(&c, s, CHUNK, 0) != 0;
			fill(expect, s, CHUNK, round);
			errors += memcmp(c.buf, expect, CHUNK * 512) != 0;
			bytes += CHUNK * 512;
			snprintf(line, sizeof(line), "soak: round %lu sector %lu\n",
				 (unsigned long)round, (unsigned long)s);
			if (s % (64 * CHUNK) == 0)
				errors += tty_write(line, strlen(line)) < 0;
		}
		round++;
	}
	/* leave the disk holding the last round's pattern, checked by the host */
	while (trestarts("blk") < injected_blk || trestarts("uart") < injected_uart) {
		errors += blk_read(&c, 0, 1, 0) != 0;
		errors += tty_write("soak: settling\n", 15) < 0;
	}
	CHECK_EQ(blk_flush(&c), 0);
	tsay("soak: crashes injected %lu (blk %lu, uart %lu), restarts seen %lu, "
	     "bytes written and verified %lu, errors seen by the workload %lu, rounds %lu\n",
	     (unsigned long)(injected_blk + injected_uart), (unsigned long)injected_blk,
	     (unsigned long)injected_uart, (unsigned long)(trestarts("blk") + trestarts("uart")),
	     (unsigned long)bytes, (unsigned long)errors, (unsigned long)round);
	exit(errors ? 1 : 0);
}
