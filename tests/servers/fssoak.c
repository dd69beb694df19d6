/*
 * fssoak.c: make soak's file-system workload (not part of make test):
 * files in /soak created, written, truncated, renamed and unlinked at
 * pseudo-random (seed printed), against a model of what each holds,
 * while fat32fs is crashed hundreds of times, each time right after it
 * did a request and before its answer, and blk now and then too.  Every
 * answer is checked against the model as it comes; at the end every file
 * is read back whole, and one line per file ("fssoak: file NAME SIZE
 * CKSUM", the POSIX cksum of its bytes) lets the host check the disk with
 * mtools (tools/soak.sh).  Files unlinked while open are left out: they
 * do not survive a restart of fat32fs (docs/fat32.md).
 */
#include "tlib.h"
#include "lichen/fs.h"
#include "lichen/server.h"

#include <stdio.h>
#include <string.h>

#define BUF_VA     0x0000007000000000UL
#define BUF        (64 * 1024)
#define MAX_SIZE   (256 * 1024)
#define FILES      16
#define STEPS      3000
#define FS_CRASHES 300
#define SEED       20261126

struct file {
	int exists, renamed;        /* renamed: called g%02d.dat, else f%02d.dat */
	uint64_t id, size, seed;
};

static struct fs_client fs;
static struct file files[FILES];
static uint64_t dir, rng = SEED, injected_fs, injected_blk, errors;

/* byte: what a file of this seed holds at offset o. */
static uint8_t byte(uint64_t seed, uint64_t o)
{
	return (uint8_t)(seed * 131 + o * 7 + (o >> 9));
}

static int64_t req(unsigned op, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
		   uint64_t f, struct lc_msg *m)
{
	const uint64_t w[6] = { a, b, c, d, e, f };

	return fs_call(&fs, op, w, m);
}

/* name_of: put file i's current name at buffer offset off; its length. */
static uint64_t name_of(int i, int renamed, uint64_t off)
{
	return (uint64_t)snprintf((char *)fs.buf + off, 16, "%c%02d.dat", renamed ? 'g' : 'f', i);
}

/* expect: an answer the model predicts; a difference is counted. */
static void expect(const char *what, int i, int64_t got, int64_t want)
{
	if (got != want) {
		tsay("fssoak: %s of file %d: %ld, expected %ld\n", what, i, (long)got, (long)want);
		errors++;
	}
}

/* maybe_crash: now and then, fat32fs (or blk) crashes after its next
 * few requests; one crash at a time, the last one seen through first. */
static void maybe_crash(void)
{
	if (injected_fs < FS_CRASHES && trand(&rng) % 8 == 0 &&
	    trestarts("fat32fs") == injected_fs) {
		CHECK_EQ(name_inject("fat32fs", 1 + trand(&rng) % 3), 0);
		injected_fs++;
	} else if (trand(&rng) % 64 == 0 && trestarts("blk") == injected_blk) {
		CHECK_EQ(name_inject("blk", 1 + trand(&rng) % 4), 0);
		injected_blk++;
	}
}

static void step_create(int i, struct file *f)
{
	struct lc_msg m;

	expect("create", i, req(FS_CREATE, dir, 0, name_of(i, 0, 0), 0, 0, 0, &m), 0);
	*f = (struct file){ 1, 0, m.w[1], 0, trand(&rng) };
}

static void step_write(int i, struct file *f)
{
	struct lc_msg m;
	uint64_t off = trand(&rng) % (f->size < MAX_SIZE ? f->size + 1 : MAX_SIZE);
	uint64_t room = MAX_SIZE - off, len = 1 + trand(&rng) % (room < BUF ? room : BUF);

	for (uint64_t k = 0; k < len; k++)
		fs.buf[k] = byte(f->seed, off + k);
	expect("write", i, req(FS_WRITE, f->id, off, len, 0, 0, 0, &m), (int64_t)len);
	if (off + len > f->size)
		f->size = off + len;
}

static void step_truncate(int i, struct file *f)
{
	struct lc_msg m;
	uint64_t size = trand(&rng) % (f->size + 1);

	expect("truncate", i, req(FS_TRUNCATE, f->id, size, 0, 0, 0, 0, &m), 0);
	f->size = size;
}

static void step_rename(int i, struct file *f)
{
	struct lc_msg m;

	expect("rename", i, req(FS_RENAME, dir, 0, name_of(i, f->renamed, 0), dir, 64,
				name_of(i, !f->renamed, 64), &m), 0);
	f->renamed = !f->renamed;
	expect("lookup", i, req(FS_LOOKUP, dir, 0, name_of(i, f->renamed, 0), 0, 0, 0, &m), 0);
	f->id = m.w[1];                 /* an id names a directory entry: it moved */
}

static void step_unlink(int i, struct file *f)
{
	struct lc_msg m;

	expect("unlink", i, req(FS_UNLINK, dir, 0, name_of(i, f->renamed, 0), 0, 0, 0, &m), 0);
	f->exists = 0;
}

/* cksum: the POSIX cksum of a file's bytes (what the host's cksum says). */
static uint32_t cksum(const struct file *f)
{
	uint32_t crc = 0;
	uint64_t n = f->size;

	for (uint64_t o = 0; o < f->size + 8 && (o < f->size || n); o++) {
		uint8_t b = o < f->size ? byte(f->seed, o) : (uint8_t)n;

		if (o >= f->size)
			n >>= 8;
		crc ^= (uint32_t)b << 24;
		for (int k = 0; k < 8; k++)
			crc = crc & 0x80000000u ? (crc << 1) ^ 0x04c11db7u : crc << 1;
	}
	return ~crc;
}

/* check_all: every file read back whole; one line each for the host. */
static void check_all(void)
{
	struct lc_msg m;

	for (int i = 0; i < FILES; i++) {
		struct file *f = &files[i];

		if (!f->exists) {
			expect("lookup of a removed", i,
			       req(FS_LOOKUP, dir, 0, name_of(i, 0, 0), 0, 0, 0, &m), -2);
			continue;
		}
		expect("stat", i, req(FS_STAT, f->id, 0, 0, 0, 0, 0, &m), 0);
		expect("size", i, (int64_t)m.w[2], (int64_t)f->size);
		for (uint64_t off = 0; off < f->size; off += BUF) {
			uint64_t len = f->size - off < BUF ? f->size - off : BUF;

			expect("read", i, req(FS_READ, f->id, off, len, 0, 0, 0, &m), (int64_t)len);
			for (uint64_t k = 0; k < len; k++)
				if (fs.buf[k] != byte(f->seed, off + k)) {
					expect("byte", i, fs.buf[k], byte(f->seed, off + k));
					break;
				}
		}
		name_of(i, f->renamed, 0);
		tsay("fssoak: file %s %lu %u\n", (char *)fs.buf, (unsigned long)f->size, cksum(f));
	}
}

int main(void)
{
	struct lc_msg m;

	if (SI->instance == 1)
		exit(0);
	CHECK_EQ(fs_connect(&fs, BUF / 4096, BUF_VA), 0);
	memcpy(fs.buf, "soak", 4);
	CHECK_EQ(req(FS_CREATE, FS_ROOT, 0, 4, FS_DIR, 0, 0, &m), 0);
	dir = m.w[1];
	tsay("fssoak: seed %d, %d steps on %d files, %d crashes of fat32fs to inject\n",
	     SEED, STEPS, FILES, FS_CRASHES);
	for (int s = 0; s < STEPS; s++) {
		int i = (int)(trand(&rng) % FILES);
		struct file *f = &files[i];
		uint64_t what = trand(&rng) % 10;

		maybe_crash();
		if (!f->exists)
			step_create(i, f);
		else if (what < 5)
			step_write(i, f);
		else if (what < 7)
			step_truncate(i, f);
		else if (what < 9)
			step_rename(i, f);
		else
			step_unlink(i, f);
	}
	while (trestarts("fat32fs") < injected_fs || trestarts("blk") < injected_blk)
		req(FS_STATFS, 0, 0, 0, 0, 0, 0, &m);          /* let the last crashes happen */
	check_all();
	expect("unmount", -1, req(FS_UNMOUNT, 0, 0, 0, 0, 0, 0, &m), 0);
	tsay("fssoak: crashes injected %lu (fat32fs %lu, blk %lu), restarts seen %lu, "
	     "fat32fs reconnections %lu, errors seen by the workload %lu\n",
	     (unsigned long)(injected_fs + injected_blk), (unsigned long)injected_fs,
	     (unsigned long)injected_blk,
	     (unsigned long)(trestarts("fat32fs") + trestarts("blk")),
	     (unsigned long)fs.reconnects, (unsigned long)errors);
	exit(errors ? 1 : 0);
}
