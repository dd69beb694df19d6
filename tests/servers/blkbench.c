/*
 * blkbench.c: blk's figures (make bench, tools/bench-blk.sh).
 *   blk.seqread.mbps  the whole disk read in 64 KiB requests
 *   blk.restart.ms    from a crash of blk (injected, on a BLK_INFO
 *                     request) to the answer of the restarted blk to the
 *                     same request retried, averaged over 10
 * Time comes from the guest counter: under -icount shift=0,sleep=off it
 * counts instructions (the restart waits for no device, so guest time is
 * meaningful there; the read throughput is measured without icount).
 */
#include "tlib.h"
#include "lichen/blk.h"
#include "lichen/server.h"

#define BUF_VA 0x0000007000000000UL
#define REQ    128                         /* sectors: 64 KiB */
#define RESTARTS 10

int main(void)
{
	struct blk_client c;
	uint64_t t0, t1, freq = lc_sys(SYS_clock, 0, 0, 0, 0, 0, 0).r3, total = 0;

	if (SI->instance == 1)
		exit(0);
	CHECK_EQ(blk_open(&c, 16, BUF_VA), 0);
	t0 = tcounter();
	for (uint64_t s = 0; s + REQ <= c.capacity; s += REQ)
		CHECK_EQ(blk_read(&c, s, REQ, 0), 0);
	t1 = tcounter();
	tsay("bench blk.seqread.mbps %lu MB/s\n",
	     (unsigned long)(c.capacity * 512 * freq / (t1 - t0) / 1000000));
	for (int i = 0; i < RESTARTS; i++) {
		CHECK_EQ(name_inject("blk", 1), 0);
		t0 = tcounter();
		CHECK_EQ(blk_info(&c), 0);            /* crashes blk, retried on the new one */
		t1 = tcounter();
		total += t1 - t0;
	}
	tsay("bench blk.restart.ms %lu.%03lu ms\n",
	     (unsigned long)(total * 1000 / freq / RESTARTS),
	     (unsigned long)(total * 1000000 / freq / RESTARTS % 1000));
	exit(0);
}
