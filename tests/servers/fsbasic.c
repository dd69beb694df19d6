/*
 * fsbasic.c: files written and read through fat32fs (on blk) with the
 * protocol of lichen/fs.h; the host then checks the disk with fsck.fat
 * and mtools (tests/system/servers/fs-check.sh).  With CRASHES, blk is
 * crashed in the middle of the large write: the file must be intact.
 * With FS_RESTARTS, fat32fs itself is crashed right after it has done a
 * create, a rename and four of the large writes (before it could answer
 * them): the client library sends them again, fat32fs answers from what
 * it kept, and the disk ends up exactly as without the crashes.
 */
#include "tlib.h"
#include "lichen/fs.h"
#include "lichen/server.h"

#include <string.h>

#ifndef CRASHES
#define CRASHES 0
#endif
#ifndef FS_RESTARTS
#define FS_RESTARTS 0
#endif
#define BUF_VA   0x0000007000000000UL
#define BUF      (256 * 1024)
#define BIG      (4 << 20)

static struct fs_client fs;
static uint8_t *buf;

static int64_t req(unsigned op, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
		   uint64_t f, struct lc_msg *m)
{
	const uint64_t w[6] = { a, b, c, d, e, f };

	return fs_call(&fs, op, w, m);
}

/* name: put a name at buffer offset off; returns its length. */
static uint64_t name(uint64_t off, const char *s)
{
	memcpy(buf + off, s, strlen(s));
	return strlen(s);
}

/* crash_fs: with FS_RESTARTS, fat32fs crashes once it has served the
 * next n requests, before answering the last (server_served). */
static void crash_fs(uint64_t n)
{
	if (FS_RESTARTS)
		CHECK_EQ(name_inject("fat32fs", n), 0);
}

static uint64_t create(uint64_t dir, const char *n, int is_dir)
{
	struct lc_msg m;

	CHECK_EQ(req(FS_CREATE, dir, 0, name(0, n), is_dir ? FS_DIR : 0, 0, 0, &m), 0);
	return m.w[1];
}

static void write_big(uint64_t id)
{
	struct lc_msg m;

	for (uint64_t off = 0; off < BIG; off += BUF) {
		for (int i = 0; i < BUF; i++)
			buf[i] = (uint8_t)('A' + (off + (uint64_t)i) % 26);
		if (CRASHES && off % (BIG / 4) == 0)
			CHECK_EQ(name_inject("blk", 2), 0);
		if (off % (BIG / 4) == BUF)
			crash_fs(1);
		CHECK_EQ(req(FS_WRITE, id, off, BUF, 0, 0, 0, &m), BUF);
	}
}

static void check_big(uint64_t id)
{
	struct lc_msg m;

	for (uint64_t off = 0; off < BIG; off += BUF) {
		memset(buf, 0, BUF);
		CHECK_EQ(req(FS_READ, id, off, BUF, 0, 0, 0, &m), BUF);
		for (int i = 0; i < BUF; i++)
			CHECK_EQ(buf[i], 'A' + (off + (uint64_t)i) % 26);
	}
}

/* check_more: an unlinked open file stays usable until closed; truncate,
 * read-only attribute, times and statfs. */
static void check_more(uint64_t dir)
{
	struct lc_msg m;
	uint64_t t = create(dir, "scratch.tmp", 0);

	CHECK_EQ(req(FS_WRITE, t, 0, name(0, "still here"), 0, 0, 0, &m), 10);
	CHECK_EQ(req(FS_OPEN, t, 0, 0, 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_UNLINK, dir, 0, name(0, "scratch.tmp"), 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_LOOKUP, dir, 0, name(0, "scratch.tmp"), 0, 0, 0, &m), -2);
	memset(buf, 0, 16);
	CHECK_EQ(req(FS_READ, t, 0, 10, 0, 0, 0, &m), 10);
	CHECK(memcmp(buf, "still here", 10) == 0);
	CHECK_EQ(req(FS_WRITE, t, 10, name(0, "!"), 0, 0, 0, &m), 1);
	CHECK_EQ(req(FS_CLOSE, t, 0, 0, 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_CLOSE, t, 0, 0, 0, 0, 0, &m), -9);          /* -EBADF */
	t = create(dir, "short.txt", 0);
	CHECK_EQ(req(FS_WRITE, t, 0, name(0, "0123456789"), 0, 0, 0, &m), 10);
	CHECK_EQ(req(FS_TRUNCATE, t, 4, 0, 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_SETTIMES, t, 1000000000, 1700000000, 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_CHMOD, t, 1, 0, 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_STAT, t, 0, 0, 0, 0, 0, &m), 0);
	CHECK_EQ(m.w[2], 4);
	CHECK_EQ(m.w[1] & 0222, 0);                                    /* read-only */
	CHECK_EQ(m.w[3], 1700000000);
	CHECK_EQ(req(FS_STATFS, 0, 0, 0, 0, 0, 0, &m), 0);
	CHECK(m.w[3] > 0 && m.w[3] < m.w[2]);
	tsay("fs: an unlinked open file stays usable until its close; truncate, read-only, "
	     "times and statfs work\n");
}

int main(void)
{
	struct lc_msg m;
	uint64_t dir, hello, big, restarts, state, served;

	if (SI->instance == 1)
		exit(0);
	CHECK_EQ(fs_connect(&fs, BUF / 4096, BUF_VA), 0);
	buf = fs.buf;

	CHECK_EQ(req(FS_LOOKUP, FS_ROOT, 0, name(0, "bin"), 0, 0, 0, &m), 0);
	CHECK_EQ(req(FS_LOOKUP, m.w[1], 0, name(0, "BusyBox"), 0, 0, 0, &m), 0);  /* any case */
	CHECK(m.w[3] > 100000);
	tsay("fs: /bin/busybox found, %lu bytes, mode %lo\n", (unsigned long)m.w[3],
	     (unsigned long)m.w[2]);
	CHECK_EQ(req(FS_LOOKUP, FS_ROOT, 0, name(0, "missing"), 0, 0, 0, &m), -2);
	CHECK_EQ(req(FS_CREATE, FS_ROOT, 0, name(0, "bad:name"), 0, 0, 0, &m), -22);
	CHECK_EQ(req(FS_READ, m.w[1], 0, 16, BUF - 8, 0, 0, &m), -14);      /* past the buffer */
	CHECK_EQ(req(FS_LOOKUP, FS_ROOT, BUF, 4, 0, 0, 0, &m), -14);       /* name outside it */
	CHECK_EQ(req(FS_STAT, 0x7fffffff, 0, 0, 0, 0, 0, &m) < 0, 1);     /* no such id */
	CHECK_EQ(name_register("fat32fs", SI->test_ep), -1);               /* -EPERM: not a server */
	CHECK_EQ(name_lookup("no-such-name", 0), -2);                      /* -ENOENT */

	crash_fs(1);
	dir = create(FS_ROOT, "lichen", 1);
	hello = create(dir, "hello.txt", 0);
	CHECK_EQ(req(FS_WRITE, hello, 0, name(0, "hello from lichen\n"), 0, 0, 0, &m), 18);
	crash_fs(1);
	CHECK_EQ(req(FS_RENAME, dir, 0, name(0, "hello.txt"), dir, 64, name(64, "Greeting.txt"), &m), 0);
	big = create(dir, "big.bin", 0);
	write_big(big);
	check_big(big);
	CHECK_EQ(req(FS_STAT, big, 0, 0, 0, 0, 0, &m), 0);
	CHECK_EQ(m.w[2], BIG);
	check_more(dir);
	CHECK_EQ(req(FS_READDIR, dir, 0, 0, 4096, 0, 0, &m), 3);
	CHECK_EQ(req(FS_RMDIR, FS_ROOT, 0, name(0, "lichen"), 0, 0, 0, &m), -39);   /* not empty */
	CHECK_EQ(name_status("blk", &restarts, &state, &served), 0);
	CHECK_EQ(restarts, CRASHES ? 4 : 0);
	if (FS_RESTARTS) {
		CHECK_EQ(name_status("fat32fs", &restarts, &state, &served), 0);
		CHECK_EQ(restarts, 6);
		CHECK_EQ(fs.reconnects, 6);
		tsay("fs: fat32fs crashed 6 times before answering (a create, a rename, four "
		     "writes); each was answered once it was back, none done twice\n");
	}
	CHECK_EQ(req(FS_UNMOUNT, 0, 0, 0, 0, 0, 0, &m), 0);
	tsay("fs: /lichen/Greeting.txt and a 4 MiB /lichen/big.bin written and read back; "
	     "blk restarted %lu times meanwhile\n", (unsigned long)(CRASHES ? 4 : 0));
	exit(0);
}
