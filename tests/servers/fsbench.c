/*
 * fsbench.c: fat.qemu.seqread.mbps: a 32 MiB file read through fat32fs
 * and blk in 256 KiB requests (written first).  Wall time in the guest:
 * run without -icount (a wait for the disk is not time under icount).
 */
#include "tlib.h"
#include "lichen/fs.h"
#include "lichen/server.h"

#include <string.h>

#define BUF_VA 0x0000007000000000UL
#define BUF    (256 * 1024)
#define SIZE   (32 << 20)

static struct fs_client fs;

static int64_t req(unsigned op, uint64_t a, uint64_t b, uint64_t c, uint64_t d, struct lc_msg *m)
{
	const uint64_t w[6] = { a, b, c, d, 0, 0 };

	return fs_call(&fs, op, w, m);
}

int main(void)
{
	struct lc_msg m;
	uint64_t id, t0, t1, freq = lc_sys(SYS_clock, 0, 0, 0, 0, 0, 0).r3;

	if (SI->instance == 1)
		exit(0);
	CHECK_EQ(fs_connect(&fs, BUF / 4096, BUF_VA), 0);
	memcpy((void *)BUF_VA, "bench.bin", 9);
	CHECK_EQ(req(FS_CREATE, FS_ROOT, 0, 9, 0, &m), 0);
	id = m.w[1];
	memset((void *)BUF_VA, 'x', BUF);
	for (uint64_t off = 0; off < SIZE; off += BUF)
		CHECK_EQ(req(FS_WRITE, id, off, BUF, 0, &m), BUF);
	CHECK_EQ(req(FS_SYNC, 0, 0, 0, 0, &m), 0);
	t0 = tcounter();
	for (uint64_t off = 0; off < SIZE; off += BUF)
		CHECK_EQ(req(FS_READ, id, off, BUF, 0, &m), BUF);
	t1 = tcounter();
	tsay("bench fat.qemu.seqread.mbps %lu MB/s\n",
	     (unsigned long)((uint64_t)SIZE * freq / (t1 - t0) / 1000000));
	exit(0);
}
