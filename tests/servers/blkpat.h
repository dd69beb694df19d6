/*
 * blkpat.h: the disk pattern of the blk tests: every 512-byte sector is
 * 32 records of 16 bytes, "S" + the sector number in 14 digits + "\n",
 * so that the host can check the image with ordinary tools
 * (tests/system/servers/blk-check.sh).  Both instances run at once, each
 * on its half of the disk, so blk has requests from two clients in
 * flight together.  With crashes > 0, instance 0 makes the blk server
 * crash for real that many times, after a pseudo-random number of
 * requests each time (fixed seed).
 */
#include "tlib.h"
#include "lichen/blk.h"
#include "lichen/server.h"

#include <stdio.h>
#include <string.h>

#define BUF_PAGES 32                       /* 128 KiB: 256 sectors */
#define BUF_VA    0x0000007000000000UL
#define CHUNK     256

static void fill(uint8_t *p, uint64_t sector, uint64_t count)
{
	char rec[32];

	for (uint64_t s = 0; s < count; s++) {
		snprintf(rec, sizeof(rec), "S%014lu\n", (unsigned long)(sector + s));
		for (int r = 0; r < 32; r++)
			memcpy(p + s * 512 + r * 16, rec, 16);
	}
}

static uint64_t rng = 12345;

static uint64_t next_rand(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng >> 33;
}

/* crashes_seen: restarts of blk so far (an injection is armed only when
 * the previous one has happened, so none overwrites another). */
static uint64_t crashes_seen(void)
{
	uint64_t restarts = 0, state, served;

	name_status("blk", &restarts, &state, &served);
	return restarts;
}

static int run_pattern(int crashes)
{
	static uint8_t expect[CHUNK * 512];
	struct blk_client c;
	uint64_t restarts, state, served, chunks, first, last;
	int injected = 0, me = (int)SI->instance;

	CHECK_EQ(blk_open(&c, BUF_PAGES, BUF_VA), 0);
	CHECK(c.capacity > 0);
	if (me == 0)
		tsay("blk: disk of %lu sectors, %lu per request\n", (unsigned long)c.capacity,
		     (unsigned long)c.max_sectors);
	chunks = (c.capacity + CHUNK - 1) / CHUNK;
	first = me ? chunks / 2 : 0;
	last = me ? chunks : chunks / 2;
	if (me)
		crashes = 0;                      /* instance 0 alone injects */
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t k = first; k < last; k++) {
			uint64_t sector = k * CHUNK, n = c.capacity - sector < CHUNK ? c.capacity - sector : CHUNK;

			if (injected < crashes && next_rand() % (2 * chunks / (uint64_t)crashes + 1) == 0 &&
			    crashes_seen() == (uint64_t)injected) {
				CHECK_EQ(name_inject("blk", 1 + next_rand() % 3), 0);
				injected++;
			}
			if (pass == 0) {
				fill(c.buf, sector, n);
				CHECK_EQ(blk_write(&c, sector, n, 0), 0);
			} else {
				memset(c.buf, 0, n * 512);
				CHECK_EQ(blk_read(&c, sector, n, 0), 0);
				fill(expect, sector, n);
				CHECK(memcmp(c.buf, expect, n * 512) == 0);
			}
		}
	}
	/* the rest, on reads of the first chunk, each once the last has fired */
	while (injected < crashes || crashes_seen() < (uint64_t)injected) {
		if (injected < crashes && crashes_seen() == (uint64_t)injected) {
			CHECK_EQ(name_inject("blk", 1), 0);
			injected++;
		}
		CHECK_EQ(blk_read(&c, 0, CHUNK, 0), 0);
		fill(expect, 0, CHUNK);
		CHECK(memcmp(c.buf, expect, CHUNK * 512) == 0);
	}
	CHECK_EQ(blk_flush(&c), 0);
	if (me) {
		tsay("blk: the second client's half (%lu sectors) written and verified\n",
		     (unsigned long)(c.capacity - first * CHUNK));
		exit(0);
	}
	CHECK_EQ(blk_read(&c, c.capacity, 1, 0), -34);          /* -ERANGE */
	CHECK_EQ(blk_read(&c, 0, 1, 100), -22);                 /* -EINVAL: misaligned */
	CHECK_EQ(blk_read(&c, 0, CHUNK + 1, 0), -22);           /* -EINVAL: too many */
	CHECK_EQ(name_status("blk", &restarts, &state, &served), 0);
	CHECK_EQ(restarts, (uint64_t)crashes);
	tsay("blk: the first client's half (%lu sectors) written and verified; %d crashes "
	     "injected, %lu restarts, %lu requests retried, 0 errors\n",
	     (unsigned long)(last * CHUNK), crashes,
	     (unsigned long)restarts, (unsigned long)c.retries);
	exit(0);
}
