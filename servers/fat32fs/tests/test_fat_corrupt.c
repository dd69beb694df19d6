/*
 * test_fat_corrupt.c: corrupt images.  A bad boot sector refuses the
 * mount; chains that loop, leave the volume or are cross-linked, and sizes
 * beyond the chain, give -EIO on the affected file only, with a log line;
 * a long name with a bad checksum falls back to the short name.  The
 * affected clusters are never freed or reused (no write spreads damage).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fat_int.h"
#include "fat_test_util.h"

#define BASE "corrupt-base.img"

static uint32_t reserved, fatsz, nclusters;

static void patch(const char *img, off_t off, uint32_t val, int bytes)
{
	uint8_t b[4];
	int fd = open(img, O_RDWR);

	put32(b, val);
	assert_int_equal(pwrite(fd, b, (size_t)bytes, off), bytes);
	close(fd);
}

static uint32_t peek32(const char *img, off_t off)
{
	uint8_t b[4];
	int fd = open(img, O_RDONLY);

	assert_int_equal(pread(fd, b, 4, off), 4);
	close(fd);
	return le32(b);
}

/* set_fat writes FAT entry c in both FATs of img. */
static void set_fat(const char *img, uint32_t c, uint32_t val)
{
	for (uint32_t f = 0; f < 2; f++)
		patch(img, (off_t)(reserved + f * fatsz) * 512 + c * 4, val, 4);
}

static const char *copy_base(const char *name)
{
	const char *img = tpath(name);

	assert_int_equal(sh("cp %s %s", tpath(BASE), img), 0);
	return img;
}

static int group_setup(void **state)
{
	const char *img = tpath(BASE);
	uint8_t *buf = malloc(20480);

	(void)state;
	if (mkimg(BASE, 40, 512))
		return -1;
	fill_pattern(buf, 20480, 4);
	sh("mkdir -p %s/csrc", TMPDIR);
	FILE *f = fopen(TMPDIR "/csrc/big.bin", "wb");
	fwrite(buf, 1, 20480, f);
	fclose(f);
	f = fopen(TMPDIR "/csrc/a.txt", "wb");
	fwrite(buf, 1, 3000, f);
	fclose(f);
	f = fopen(TMPDIR "/csrc/b.txt", "wb");
	fwrite(buf + 5000, 1, 3000, f);
	fclose(f);
	f = fopen(TMPDIR "/csrc/A long file name.text", "wb");
	fwrite("long\n", 1, 5, f);
	fclose(f);
	free(buf);
	if (sh("cd %s/csrc && mcopy -i ../%s big.bin a.txt b.txt 'A long file name.text' ::/ && "
			"mmd -i ../%s ::/loopdir", TMPDIR, BASE, BASE))
		return -1;
	reserved = peek32(img, 14) & 0xffff;
	fatsz = peek32(img, 36);
	nclusters = (peek32(img, 32) - reserved - 2 * fatsz) / (peek32(img, 12) >> 8 & 0xff);
	return 0;
}

/* first_of returns the first cluster and the entry position of a file in the base image. */
static uint32_t first_of(const char *img, const char *path, uint64_t *pos)
{
	struct tvol t;
	struct fat_node *n;
	uint32_t c;

	assert_int_equal(tv_mount(&t, img, 0), 0);
	n = tv_walk(&t, path);
	assert_non_null(n);
	c = de_first(n->de);
	if (pos)
		*pos = n->pos;
	fat_put(t.v, n);
	tv_abort(&t);
	return c;
}

/* expect_eio reads the file at path and expects -EIO and a log line. */
static void expect_eio(struct tvol *t, const char *path)
{
	uint8_t buf[32768];
	struct fat_node *n = tv_walk(t, path);

	assert_non_null(n);
	assert_int_equal(fat_read(t->v, n, 0, buf, sizeof(buf)), -EIO);
	fat_put(t->v, n);
	assert_true(t->nlog > 0);
}

static void expect_ok(struct tvol *t, const char *path, long len)
{
	uint8_t buf[32768];
	struct fat_node *n = tv_walk(t, path);

	assert_non_null(n);
	assert_int_equal(fat_read(t->v, n, 0, buf, sizeof(buf)), len);
	fat_put(t->v, n);
}

static void test_bad_bpb(void **state)
{
	static const struct { off_t off; uint32_t val; int bytes; } bad[] = {
		{ 11, 0, 2 }, { 11, 513, 2 }, { 13, 3, 1 }, { 13, 128, 1 }, { 14, 0, 2 },
		{ 16, 0, 1 }, { 17, 512, 2 }, { 22, 1, 2 }, { 36, 0, 4 }, { 36, 1, 4 },
		{ 32, 0xfffffff0u, 4 }, { 44, 0, 4 }, { 44, 0x0fffffffu, 4 }, { 42, 1, 2 },
		{ 510, 0, 2 }, { 0, 0, 1 },
	};
	struct tvol t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *img = copy_base("bpb.img");
		patch(img, bad[i].off, bad[i].val, bad[i].bytes);
		assert_int_equal(tv_mount(&t, img, 0), -EIO);
		assert_non_null(strstr(t.log, "not a valid FAT32 volume"));
	}
}

/* fat_bytes reads n FAT entries from c for comparing before and after. */
static void fat_bytes(const char *img, uint32_t c, uint32_t n, uint32_t *out)
{
	for (uint32_t i = 0; i < n; i++)
		out[i] = peek32(img, (off_t)reserved * 512 + (c + i) * 4);
}

static void test_loop(void **state)
{
	const char *img = copy_base("loop.img");
	uint32_t c = first_of(img, "/big.bin", NULL), before[40], after[40];
	struct fat_node *r, *n;
	struct tvol t;

	(void)state;
	set_fat(img, c + 39, c + 5);
	fat_bytes(img, c, 40, before);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	expect_eio(&t, "/big.bin");
	assert_non_null(strstr(t.log, "loops"));
	expect_ok(&t, "/a.txt", 3000);
	assert_int_equal(fat_get(t.v, FAT_ROOT_ID, &r), 0);
	assert_int_equal(fat_unlink(t.v, r, "big.bin"), -EIO);
	n = tv_walk(&t, "/big.bin");
	assert_int_equal(fat_truncate(t.v, n, 0), -EIO);
	assert_int_equal(fat_truncate(t.v, n, 100), -EIO);
	assert_int_equal(fat_write(t.v, n, 0, "x", 1), -EIO);
	fat_put(t.v, n);
	assert_int_equal(tv_put_file(&t, "/new.txt", "new file", 8), 0);
	fat_put(t.v, r);
	assert_int_equal(tv_unmount(&t), 0);
	fat_bytes(img, c, 40, after);
	assert_memory_equal(before, after, sizeof(before));
}

static void test_outside(void **state)
{
	const char *img = copy_base("outside.img");
	uint32_t c = first_of(img, "/big.bin", NULL), ca = first_of(img, "/a.txt", NULL);
	uint64_t pos;
	struct tvol t;

	(void)state;
	set_fat(img, c + 3, nclusters + 2);
	set_fat(img, ca + 1, 1);
	first_of(img, "/b.txt", &pos);
	patch(img, (off_t)pos + DE_CLUSLO, 0xfff0, 2);
	patch(img, (off_t)pos + DE_CLUSHI, 0x0fff, 2);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_non_null(strstr(t.log, "outside the volume"));
	expect_eio(&t, "/big.bin");
	expect_eio(&t, "/a.txt");
	expect_eio(&t, "/b.txt");
	expect_ok(&t, "/a long file name.text", 5);
	assert_int_equal(tv_unmount(&t), 0);
}

static void test_cross_link(void **state)
{
	const char *img = copy_base("cross.img");
	uint32_t ca = first_of(img, "/a.txt", NULL), cb = first_of(img, "/b.txt", NULL);
	uint32_t before[64], after[64];
	uint8_t *buf = malloc(100000);
	struct fat_node *r, *n;
	struct tvol t;

	(void)state;
	set_fat(img, ca + 2, cb + 1);
	fat_bytes(img, ca < cb ? ca : cb, 64, before);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	expect_eio(&t, "/a.txt");
	expect_eio(&t, "/b.txt");
	assert_non_null(strstr(t.log, "cross-linked"));
	assert_int_equal(fat_get(t.v, FAT_ROOT_ID, &r), 0);
	assert_int_equal(fat_unlink(t.v, r, "a.txt"), -EIO);
	n = tv_walk(&t, "/b.txt");
	assert_int_equal(fat_truncate(t.v, n, 0), -EIO);
	fat_put(t.v, n);
	assert_int_equal(fat_rename(t.v, r, "big.bin", r, "b.txt"), -EIO);
	fill_pattern(buf, 100000, 8);
	assert_int_equal(tv_put_file(&t, "/fresh.bin", buf, 100000), 0);
	fat_put(t.v, r);
	assert_int_equal(tv_unmount(&t), 0);
	fat_bytes(img, ca < cb ? ca : cb, 64, after);
	for (int i = 0; i < 64; i++)
		if (before[i] != 0)
			assert_int_equal(before[i], after[i]);
	free(buf);
}

static void test_bad_lfn_checksum(void **state)
{
	const char *img = copy_base("lfn.img");
	struct fat_node *r, *n;
	struct fat_dirent e;
	uint64_t pos, cookie = 0;
	struct tvol t;
	bool seen = false;

	(void)state;
	first_of(img, "/a long file name.text", &pos);
	for (uint64_t p = pos - 32; (peek32(img, (off_t)p + 8) >> 24 & 0x3f) == FAT_ATTR_LFN; p -= 32)
		patch(img, (off_t)p + 13, (peek32(img, (off_t)p + 12) >> 8 & 0xff) ^ 0x55, 1);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_int_equal(fat_get(t.v, FAT_ROOT_ID, &r), 0);
	while (fat_readdir(t.v, r, &cookie, &e) > 0)
		seen |= !strncmp(e.name, "ALONGF~", 7);
	assert_true(seen);
	assert_non_null(strstr(t.log, "bad checksum"));
	assert_int_equal(fat_lookup(t.v, r, "A long file name.text", &n), -ENOENT);
	assert_int_equal(fat_lookup(t.v, r, "alongf~1.tex", &n), 0);
	assert_int_equal(fat_size(n), 5);
	fat_put(t.v, n);
	fat_put(t.v, r);
	assert_int_equal(tv_unmount(&t), 0);
}

static void test_dir_loop(void **state)
{
	const char *img = copy_base("dirloop.img");
	uint32_t c = first_of(img, "/loopdir", NULL);
	struct fat_node *d;
	struct fat_dirent e;
	uint64_t cookie = 0;
	struct tvol t;

	(void)state;
	set_fat(img, c, c);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	d = tv_walk(&t, "/loopdir");
	assert_non_null(d);
	assert_int_equal(fat_readdir(t.v, d, &cookie, &e), -EIO);
	assert_int_equal(fat_create(t.v, d, "x", false, NULL), -EIO);
	fat_put(t.v, d);
	expect_ok(&t, "/a.txt", 3000);
	assert_int_equal(tv_unmount(&t), 0);
}

static void test_size_beyond_chain(void **state)
{
	const char *img = copy_base("size.img");
	uint8_t buf[4096];
	struct fat_node *n;
	uint64_t pos;
	struct tvol t;

	(void)state;
	first_of(img, "/a.txt", &pos);
	patch(img, (off_t)pos + DE_SIZE, 1 << 20, 4);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	n = tv_walk(&t, "/a.txt");
	assert_int_equal(fat_read(t.v, n, 0, buf, 3000), -EIO);
	assert_int_equal(fat_read(t.v, n, 500000, buf, 100), -EIO);
	assert_non_null(strstr(t.log, "6 clusters for 1048576 bytes"));
	assert_int_equal(fat_write(t.v, n, 1 << 20, "x", 1), -EIO);
	fat_put(t.v, n);
	assert_int_equal(tv_unmount(&t), 0);
}

static void test_fsinfo_fixed(void **state)
{
	const char *img = copy_base("fsinfo.img");
	struct tvol t;

	(void)state;
	patch(img, 512 + 488, 12345, 4);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_non_null(strstr(t.log, "FSInfo free count"));
	assert_int_equal(tv_unmount(&t), 0);
	assert_int_equal(fsck_clean(img), 0);
}

/* test_tiny_memory mounts with too little memory for the cluster map, and still works. */
static void test_tiny_memory(void **state)
{
	const char *img = copy_base("tinymem.img");
	struct tvol t;

	(void)state;
	assert_int_equal(tv_mount(&t, img, 100), -ENOMEM);
	assert_int_equal(tv_mount(&t, img, 24 * 1024), 0);
	assert_non_null(strstr(t.log, "cross-link checks"));
	expect_ok(&t, "/big.bin", 20480);
	assert_int_equal(tv_put_file(&t, "/x", "x", 1), 0);
	assert_int_equal(tv_unmount(&t), 0);
	assert_int_equal(fsck_clean(img), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_bpb),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_outside),
		cmocka_unit_test(test_cross_link),
		cmocka_unit_test(test_bad_lfn_checksum),
		cmocka_unit_test(test_dir_loop),
		cmocka_unit_test(test_size_beyond_chain),
		cmocka_unit_test(test_fsinfo_fixed),
		cmocka_unit_test(test_tiny_memory),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
