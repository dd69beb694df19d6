/*
 * test_fat_write.c: the FAT32 core writes, and mtools and fsck.fat agree.
 *
 * Each test starts from a fresh mkfs.fat image (512-byte or 4 KiB
 * clusters), changes it through the core, unmounts cleanly, and then
 * reads it back with mtype/mdir and checks it with fsck.fat -n, which
 * must report nothing.
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

#include "fat_test_util.h"

/* fresh makes image name (mib MiB, cluster bytes) and mounts it. */
static const char *fresh(struct tvol *t, const char *name, unsigned mib, unsigned cluster)
{
	const char *img = tpath(name);

	assert_int_equal(mkimg(name, mib, cluster), 0);
	assert_int_equal(tv_mount(t, img, 0), 0);
	return img;
}

/* done unmounts and requires fsck.fat -n to find nothing. */
static void done(struct tvol *t, const char *img)
{
	assert_int_equal(tv_unmount(t), 0);
	assert_int_equal(fsck_clean(img), 0);
}

/* mtype_equal checks with mtype that the image file path holds data. */
static void mtype_equal(const char *img, const char *path, const void *data, size_t len)
{
	size_t cap = len + 4096;
	char *out = malloc(cap);
	FILE *p;
	char cmd[1024];
	size_t n = 0, got;

	snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8 mtype -i %s '::%s'", img, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((got = fread(out + n, 1, cap - n, p)) > 0)
		n += got;
	assert_int_equal(pclose(p), 0);
	assert_int_equal(n, len);
	assert_memory_equal(out, data, len);
	free(out);
}

static struct fat_node *root(struct tvol *t)
{
	struct fat_node *r;

	assert_int_equal(fat_get(t->v, FAT_ROOT_ID, &r), 0);
	return r;
}

static void test_names(void **state)
{
	static const char *names[] = {
		"lower.txt", "UPPER.TXT", "Mixed.Txt", "a long file name.text", ".profile",
		"with space", "ünïcödé ✓.txt", "x.tar.gz", "Makefile",
	};
	char out[16384];
	struct tvol t;
	const char *img = fresh(&t, "names.img", 40, 512);

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char p[300];
		snprintf(p, sizeof(p), "/%s", names[i]);
		assert_int_equal(tv_put_file(&t, p, names[i], strlen(names[i])), 0);
	}
	for (int i = 0; i < 12; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/Long File Name %d.txt", i);
		assert_int_equal(tv_put_file(&t, p, p, strlen(p)), 0);
	}
	assert_int_equal(tv_put_file(&t, "/🙂emoji", "e", 1), 0);
	assert_int_equal(tv_put_file(&t, "/LOWER.TXT", "x", 1), -EEXIST);
	assert_int_equal(tv_put_file(&t, "/a LONG file name.TEXT", "x", 1), -EEXIST);
	done(&t, img);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char p[300];
		snprintf(p, sizeof(p), "/%s", names[i]);
		mtype_equal(img, p, names[i], strlen(names[i]));
	}
	assert_int_equal(sh_out(out, sizeof(out), "MTOOLS_SKIP_CHECK=1 mdir -i %s ::/", img), 0);
	assert_non_null(strstr(out, "lower    txt"));
	assert_non_null(strstr(out, "UPPER    TXT"));
	assert_non_null(strstr(out, "MIXED    TXT"));
	assert_non_null(strstr(out, "LONGFI~1 TXT"));
	assert_non_null(strstr(out, "LONGFI~9 TXT"));
	assert_non_null(strstr(out, "LONGF~10 TXT"));
	assert_non_null(strstr(out, "PROFIL~1"));
	assert_non_null(strstr(out, "MAKEFILE"));
	assert_non_null(strstr(out, "XTAR~1   GZ"));
	/* mtools knows no characters beyond the BMP: the core reads its own. */
	assert_int_equal(tv_mount(&t, img, 0), 0);
	struct fat_node *n = tv_walk(&t, "/🙂EMOJI");
	assert_non_null(n);
	assert_int_equal(fat_size(n), 1);
	fat_put(t.v, n);
	done(&t, img);
}

static void test_bad_names(void **state)
{
	static const char *bad[] = { "a\"b", "a*b", "a:b", "a<b", "a>b", "a?b", "a\\b",
		"a|b", "a\x01" "b", "", ".", "..", "...", "a/b", "\xff\xfe" };
	char longname[300];
	struct fat_node *r, *n;
	struct tvol t;
	const char *img = fresh(&t, "bad.img", 40, 512);

	(void)state;
	r = root(&t);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(fat_create(t.v, r, bad[i], false, NULL), -EINVAL);
	memset(longname, 'a', 256);
	longname[256] = 0;
	assert_int_equal(fat_create(t.v, r, longname, false, NULL), -ENAMETOOLONG);
	longname[255] = 0;
	assert_int_equal(fat_create(t.v, r, longname, false, &n), 0);
	assert_int_equal(fat_lookup(t.v, n, "x", &r), -ENOTDIR);
	fat_put(t.v, n);
	assert_int_equal(fat_lookup(t.v, r, "a*b", &n), -EINVAL);
	assert_int_equal(fat_create(t.v, r, "trailing...", false, NULL), 0);
	n = tv_walk(&t, "/trailing");
	assert_non_null(n);
	fat_put(t.v, n);
	fat_put(t.v, r);
	done(&t, img);
}

/* test_big_io writes a big file in odd pieces, overwrites, extends with a hole, reads back. */
static void check_big_io(unsigned cluster)
{
	const size_t len = 5 * 1024 * 1024 + 777, hole = 70000, total = len + hole + 4097;
	uint8_t *data = calloc(1, total), *back = malloc(total);
	struct fat_node *r, *f;
	struct tvol t;
	const char *img = fresh(&t, "big.img", cluster == 512 ? 40 : cluster == 4096 ? 300 : 2100,
		cluster);
	size_t off = 0, piece = 1;

	fill_pattern(data, len, 3);
	r = root(&t);
	assert_int_equal(fat_create(t.v, r, "big.bin", false, &f), 0);
	while (off < len) {
		size_t k = piece < len - off ? piece : len - off;
		assert_int_equal(fat_write(t.v, f, off, data + off, k), (long)k);
		off += k;
		piece = piece * 3 + 1;
		piece = piece > 1000000 ? 511 : piece;
	}
	fill_pattern(data + 1000, 100000, 9);
	assert_int_equal(fat_write(t.v, f, 1000, data + 1000, 100000), 100000);
	fill_pattern(data + len + hole, 4097, 11);
	assert_int_equal(fat_write(t.v, f, len + hole, data + len + hole, 4097), 4097);
	assert_int_equal(fat_size(f), total);
	assert_int_equal(fat_read(t.v, f, 0, back, total + 10), (long)total);
	assert_memory_equal(back, data, total);
	assert_int_equal(fat_read(t.v, f, total, back, 10), 0);
	assert_int_equal(fat_write(t.v, r, 0, "x", 1), -EISDIR);
	fat_put(t.v, f);
	fat_put(t.v, r);
	done(&t, img);
	mtype_equal(img, "/big.bin", data, total);
	free(data);
	free(back);
}

static void test_big_io_512(void **state)
{
	(void)state;
	check_big_io(512);
}

static void test_big_io_4k(void **state)
{
	(void)state;
	check_big_io(4096);
}

static void test_big_io_32k(void **state)
{
	(void)state;
	check_big_io(32768);
}

static void test_truncate(void **state)
{
	uint8_t buf[20000], back[20000];
	struct fat_statfs s0, s1;
	struct fat_node *r, *f;
	struct tvol t;
	const char *img = fresh(&t, "trunc.img", 300, 4096);

	(void)state;
	fill_pattern(buf, sizeof(buf), 5);
	r = root(&t);
	fat_statfs(t.v, &s0);
	assert_int_equal(fat_create(t.v, r, "t", false, &f), 0);
	assert_int_equal(fat_write(t.v, f, 0, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(fat_truncate(t.v, f, 5000), 0);
	fat_statfs(t.v, &s1);
	assert_int_equal(s0.free_clusters - s1.free_clusters, 2);
	assert_int_equal(fat_truncate(t.v, f, 13000), 0);
	memset(buf + 5000, 0, 8000);
	assert_int_equal(fat_read(t.v, f, 0, back, sizeof(back)), 13000);
	assert_memory_equal(back, buf, 13000);
	assert_int_equal(fat_truncate(t.v, f, 0), 0);
	fat_statfs(t.v, &s1);
	assert_int_equal(s1.free_clusters, s0.free_clusters);
	assert_int_equal(fat_truncate(t.v, f, 3), 0);
	assert_int_equal(fat_read(t.v, f, 0, back, 10), 3);
	assert_memory_equal(back, "\0\0\0", 3);
	fat_put(t.v, f);
	fat_put(t.v, r);
	done(&t, img);
	mtype_equal(img, "/t", "\0\0\0", 3);
}

static void test_dirs(void **state)
{
	struct fat_node *r, *d, *e;
	char out[8192];
	struct tvol t;
	const char *img = fresh(&t, "dirs.img", 40, 512);

	(void)state;
	r = root(&t);
	assert_int_equal(fat_create(t.v, r, "Docs", true, &d), 0);
	assert_int_equal(fat_create(t.v, d, "inner dir", true, &e), 0);
	fat_put(t.v, e);
	assert_int_equal(tv_put_file(&t, "/Docs/inner dir/note.txt", "note", 4), 0);
	assert_int_equal(fat_create(t.v, r, "docs", true, NULL), -EEXIST);
	assert_int_equal(fat_rmdir(t.v, r, "docs"), -ENOTEMPTY);
	assert_int_equal(fat_unlink(t.v, r, "docs"), -EISDIR);
	assert_int_equal(fat_rmdir(t.v, d, "inner dir/note.txt"), -EINVAL);
	assert_int_equal(fat_create(t.v, r, "gone", true, NULL), 0);
	assert_int_equal(fat_rmdir(t.v, r, "GONE"), 0);
	assert_int_equal(fat_rmdir(t.v, r, "gone"), -ENOENT);
	assert_int_equal(tv_put_file(&t, "/file", "f", 1), 0);
	assert_int_equal(fat_rmdir(t.v, r, "file"), -ENOTDIR);
	for (int i = 0; i < 200; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/Docs/entry number %d", i);
		assert_int_equal(tv_put_file(&t, p, p, strlen(p)), 0);
	}
	fat_put(t.v, d);
	fat_put(t.v, r);
	done(&t, img);
	mtype_equal(img, "/Docs/inner dir/note.txt", "note", 4);
	mtype_equal(img, "/Docs/entry number 199", "/Docs/entry number 199", 22);
	assert_int_equal(sh_out(out, sizeof(out), "MTOOLS_SKIP_CHECK=1 mdir -i %s ::/", img), 0);
	assert_null(strstr(out, "gone"));
}

static void test_rename(void **state)
{
	struct fat_node *r, *a, *b, *f;
	struct tvol t;
	const char *img = fresh(&t, "ren.img", 40, 512);
	uint8_t back[16];

	(void)state;
	r = root(&t);
	assert_int_equal(fat_create(t.v, r, "a", true, &a), 0);
	assert_int_equal(fat_create(t.v, a, "b", true, &b), 0);
	assert_int_equal(tv_put_file(&t, "/one", "1", 1), 0);
	assert_int_equal(tv_put_file(&t, "/two", "22", 2), 0);
	assert_int_equal(tv_put_file(&t, "/a/b/deep", "deep", 4), 0);
	assert_int_equal(fat_rename(t.v, r, "one", r, "One Renamed.txt"), 0);
	assert_int_equal(fat_rename(t.v, r, "one renamed.TXT", r, "ONE RENAMED.TXT"), 0);
	assert_int_equal(fat_rename(t.v, r, "two", b, "two moved"), 0);
	assert_int_equal(fat_rename(t.v, r, "ONE RENAMED.TXT", b, "two moved"), 0);
	assert_int_equal(fat_rename(t.v, r, "a", b, "loop"), -EINVAL);
	assert_int_equal(fat_rename(t.v, r, "a", a, "loop"), -EINVAL);
	assert_int_equal(fat_rename(t.v, r, "nothing", r, "x"), -ENOENT);
	assert_int_equal(fat_create(t.v, r, "emptydir", true, NULL), 0);
	assert_int_equal(fat_rename(t.v, b, "two moved", r, "emptydir"), -EISDIR);
	assert_int_equal(fat_rename(t.v, r, "emptydir", b, "two moved"), -ENOTDIR);
	assert_int_equal(fat_rename(t.v, r, "emptydir", r, "a"), -ENOTEMPTY);
	assert_int_equal(fat_rename(t.v, a, "b", r, "emptydir"), 0);
	fat_put(t.v, b);
	f = tv_walk(&t, "/emptydir/TWO MOVED");
	assert_non_null(f);
	assert_int_equal(fat_read(t.v, f, 0, back, sizeof(back)), 1);
	fat_put(t.v, f);
	assert_null(tv_walk(&t, "/a/b"));
	assert_int_equal(fat_rename(t.v, r, "emptydir", a, "b2"), 0);
	fat_put(t.v, a);
	fat_put(t.v, r);
	done(&t, img);
	mtype_equal(img, "/a/b2/two moved", "1", 1);
	mtype_equal(img, "/a/b2/deep", "deep", 4);
}

static void test_enospc(void **state)
{
	uint8_t *buf = malloc(1 << 20);
	struct fat_statfs s;
	struct fat_node *r, *f;
	struct tvol t;
	const char *img = fresh(&t, "full.img", 40, 512);
	long w, total = 0;
	int i, e = 0;

	(void)state;
	memset(buf, 0x5a, 1 << 20);
	r = root(&t);
	assert_int_equal(fat_create(t.v, r, "filler", false, &f), 0);
	while ((w = fat_write(t.v, f, (uint64_t)total, buf, 1 << 20)) > 0)
		total += w;
	assert_int_equal(w, -ENOSPC);
	fat_statfs(t.v, &s);
	assert_int_equal(s.free_clusters, 0);
	assert_int_equal(fat_truncate(t.v, f, (uint64_t)total - 20 * 512), 0);
	for (i = 0; i < 100000; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/a file with a long name %d", i);
		if ((e = tv_put_file(&t, p, p, strlen(p))) < 0)
			break;
	}
	assert_int_equal(e, -ENOSPC);
	fat_statfs(t.v, &s);
	assert_int_equal(s.free_clusters, 0);
	fat_put(t.v, f);
	fat_put(t.v, r);
	done(&t, img);
	free(buf);
}

/* read_byte reads one byte of an image file. */
static uint8_t read_byte(const char *img, off_t off)
{
	uint8_t b = 0;
	int fd = open(img, O_RDONLY);

	assert_int_equal(pread(fd, &b, 1, off), 1);
	close(fd);
	return b;
}

static void test_dirty_flags(void **state)
{
	struct tvol t;
	const char *img = fresh(&t, "dirty.img", 40, 512);
	off_t fat1 = 32 * 512 + 4 + 3;   /* high byte of FAT[1] */

	(void)state;
	assert_int_equal(read_byte(img, 0x41) & 1, 1);
	assert_int_equal(read_byte(img, fat1) & 0x08, 0);
	assert_int_not_equal(sh("fsck.fat -n %s", img), 0);
	done(&t, img);
	assert_int_equal(read_byte(img, 0x41) & 1, 0);
	assert_int_equal(read_byte(img, fat1) & 0x08, 0x08);
	/* A crash leaves it dirty, and the next mount says so. */
	assert_int_equal(tv_mount(&t, img, 0), 0);
	tv_abort(&t);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_true(t.v->was_dirty);
	assert_non_null(strstr(t.log, "not cleanly unmounted"));
	assert_int_equal(tv_unmount(&t), 0);
	assert_int_equal(read_byte(img, 0x41) & 1, 1);
}

/* test_unlink_open keeps an unlinked file readable and writable until its last put. */
static void test_unlink_open(void **state)
{
	uint8_t buf[10000], back[20000];
	struct fat_statfs s0, s1;
	struct fat_node *r, *f;
	struct tvol t;
	const char *img = fresh(&t, "open.img", 40, 512);

	(void)state;
	fill_pattern(buf, sizeof(buf), 1);
	r = root(&t);
	fat_statfs(t.v, &s0);
	assert_int_equal(fat_create(t.v, r, "victim", false, &f), 0);
	assert_int_equal(fat_write(t.v, f, 0, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(fat_unlink(t.v, r, "victim"), 0);
	assert_null(tv_walk(&t, "/victim"));
	assert_int_equal(tv_put_file(&t, "/victim", "new", 3), 0);
	assert_int_equal(fat_write(t.v, f, sizeof(buf), buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(fat_read(t.v, f, 0, back, sizeof(back)), sizeof(back));
	assert_memory_equal(back, buf, sizeof(buf));
	assert_memory_equal(back + sizeof(buf), buf, sizeof(buf));
	fat_statfs(t.v, &s1);
	assert_int_equal(s0.free_clusters - s1.free_clusters, 40 + 1);
	fat_put(t.v, f);
	fat_statfs(t.v, &s1);
	assert_int_equal(s0.free_clusters - s1.free_clusters, 1);
	/* rename over an open file: same rule */
	assert_int_equal(tv_put_file(&t, "/other", "other", 5), 0);
	f = tv_walk(&t, "/victim");
	assert_int_equal(fat_rename(t.v, r, "other", r, "victim"), 0);
	assert_int_equal(fat_read(t.v, f, 0, back, 10), 3);
	assert_memory_equal(back, "new", 3);
	fat_put(t.v, f);
	fat_put(t.v, r);
	done(&t, img);
	mtype_equal(img, "/victim", "other", 5);
}

/* test_ids finds files again by id after a remount; a removed file's id is stale. */
static void test_ids(void **state)
{
	struct fat_node *f, *r;
	struct fat_stat st;
	struct tvol t;
	const char *img = fresh(&t, "ids.img", 40, 512);
	uint64_t id, gone;
	char back[8];

	(void)state;
	r = root(&t);
	assert_int_equal(fat_create(t.v, r, "d", true, NULL), 0);
	assert_int_equal(tv_put_file(&t, "/d/file with id", "idtest", 6), 0);
	assert_int_equal(tv_put_file(&t, "/gone", "x", 1), 0);
	f = tv_walk(&t, "/d/file with id");
	id = f->id;
	fat_put(t.v, f);
	f = tv_walk(&t, "/gone");
	gone = f->id;
	fat_put(t.v, f);
	assert_int_equal(fat_unlink(t.v, r, "gone"), 0);
	fat_put(t.v, r);
	assert_int_equal(tv_unmount(&t), 0);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_int_equal(fat_get(t.v, id, &f), 0);
	assert_int_equal(fat_read(t.v, f, 0, back, 8), 6);
	assert_int_equal(fat_stat(t.v, f, &st), 0);
	assert_int_equal(st.id, id);
	fat_put(t.v, f);
	assert_int_equal(fat_get(t.v, gone, &f), -ENOENT);
	assert_int_equal(fat_get(t.v, 3, &f), -ENOENT);
	assert_int_equal(fat_get(t.v, ~0ull >> 6, &f), -ENOENT);
	done(&t, img);
}

static void test_times_attrs(void **state)
{
	struct fat_node *f;
	struct fat_stat st;
	char out[4096];
	struct tvol t;
	const char *img = fresh(&t, "times.img", 40, 512);
	const int64_t when = 981173106;   /* 2001-02-03 04:05:06 UTC */

	(void)state;
	assert_int_equal(tv_put_file(&t, "/stamp.txt", "s", 1), 0);
	f = tv_walk(&t, "/stamp.txt");
	assert_int_equal(fat_settimes(t.v, f, when, when), 0);
	assert_int_equal(fat_set_rdonly(t.v, f, true), 0);
	assert_int_equal(fat_stat(t.v, f, &st), 0);
	assert_int_equal(st.mtime, when);
	assert_int_equal(st.atime, when - 4 * 3600 - 5 * 60 - 6);
	assert_int_equal(st.mode, 0100555);
	fat_put(t.v, f);
	done(&t, img);
	assert_int_equal(sh_out(out, sizeof(out), "TZ=UTC MTOOLS_SKIP_CHECK=1 mdir -i %s ::/", img), 0);
	assert_non_null(strstr(out, "2001-02-03   4:05"));
	assert_int_equal(sh_out(out, sizeof(out), "MTOOLS_SKIP_CHECK=1 mattrib -i %s ::/stamp.txt", img), 0);
	assert_non_null(strstr(out, "R"));
}

/* test_readdir_cookies keeps cookies valid while entries come and go. */
static void test_readdir_cookies(void **state)
{
	struct fat_node *r;
	struct fat_dirent e;
	struct tvol t;
	const char *img = fresh(&t, "cookies.img", 40, 512);
	uint64_t cookie = 0;
	int seen[50] = { 0 }, k;

	(void)state;
	for (int i = 0; i < 50; i++) {
		char p[32];
		snprintf(p, sizeof(p), "/name-%d", i);
		assert_int_equal(tv_put_file(&t, p, "", 0), 0);
	}
	r = root(&t);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(fat_readdir(t.v, r, &cookie, &e), 1);
		assert_int_equal(sscanf(e.name, "name-%d", &k), 1);
		seen[k]++;
	}
	assert_int_equal(fat_unlink(t.v, r, "name-2"), 0);
	assert_int_equal(fat_unlink(t.v, r, "name-45"), 0);
	assert_int_equal(fat_create(t.v, r, "a new one", false, NULL), 0);
	while (fat_readdir(t.v, r, &cookie, &e) == 1)
		if (sscanf(e.name, "name-%d", &k) == 1)
			seen[k]++;
	for (int i = 0; i < 50; i++)
		assert_int_equal(seen[i], i == 45 ? 0 : 1);
	fat_put(t.v, r);
	done(&t, img);
}

/* test_mbr writes to the FAT32 partition of an MBR disk made by mkfatimg. */
static void test_mbr(void **state)
{
	const char *img = tpath("mbrw.img"), *part = tpath("mbrw.part");
	struct tvol t;

	(void)state;
	unlink(img);
	assert_int_equal(sh("build/tools/mkfatimg -p -s 300M -c 4096 %s", img), 0);
	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_int_equal(tv_put_file(&t, "/in partition.txt", "part", 4), 0);
	assert_int_equal(tv_unmount(&t), 0);
	assert_int_equal(sh("dd if=%s of=%s bs=1M skip=1 status=none", img, part), 0);
	assert_int_equal(fsck_clean(part), 0);
	mtype_equal(part, "/in partition.txt", "part", 4);
	unlink(part);
}

/* test_small_cache runs with a 16-block cache: constant eviction and ordered flushes. */
static void test_small_cache(void **state)
{
	struct fat_node *r;
	struct tvol t;
	const char *img = tpath("smallcache.img");
	char p[64];

	(void)state;
	assert_int_equal(mkimg("smallcache.img", 40, 512), 0);
	assert_int_equal(tv_mount(&t, img, 16 * 1024), 0);
	r = root(&t);
	assert_int_equal(fat_create(t.v, r, "dir", true, NULL), 0);
	fat_put(t.v, r);
	for (int i = 0; i < 300; i++) {
		snprintf(p, sizeof(p), "/dir/file number %d", i);
		assert_int_equal(tv_put_file(&t, p, p, strlen(p)), 0);
	}
	done(&t, img);
	mtype_equal(img, "/dir/file number 123", "/dir/file number 123", 20);
}

/* test_sync_crash: after fat_sync and a crash, everything written is there. */
static void test_sync_crash(void **state)
{
	struct tvol t;
	const char *img = fresh(&t, "crash.img", 40, 512);
	char out[4096];

	(void)state;
	assert_int_equal(tv_put_file(&t, "/synced.txt", "synced", 6), 0);
	assert_int_equal(fat_sync(t.v), 0);
	tv_abort(&t);
	mtype_equal(img, "/synced.txt", "synced", 6);
	sh_out(out, sizeof(out), "fsck.fat -n %s 2>&1", img);
	assert_non_null(strstr(out, "Dirty bit"));
	assert_null(strstr(out, "synced"));
}

/* test_recover: a restarted instance writes what the crashed one left in the cache. */
static void test_recover(void **state)
{
	const char *img = tpath("recover.img");
	size_t size = 1u << 20;
	void *mem = malloc(size);
	char out[4096];
	struct tvol t;

	(void)state;
	assert_int_equal(mkimg("recover.img", 40, 512), 0);
	assert_int_equal(tv_mount_mem(&t, img, mem, size, 0), 0);
	assert_int_equal(tv_put_file(&t, "/kept.txt", "kept in the cache", 17), 0);
	tv_abort(&t);
	assert_int_not_equal(sh("MTOOLS_SKIP_CHECK=1 mtype -i %s ::/kept.txt", img), 0);
	assert_int_equal(tv_mount_mem(&t, img, mem, size, TV_RECOVER), 0);
	assert_non_null(strstr(t.log, "left in the cache"));
	assert_int_equal(tv_unmount(&t), 0);
	mtype_equal(img, "/kept.txt", "kept in the cache", 17);
	sh_out(out, sizeof(out), "fsck.fat -n %s 2>&1", img);
	assert_non_null(strstr(out, "Dirty bit"));
	assert_null(strstr(out, "Free cluster"));
	assert_null(strstr(out, "Reclaim"));
	assert_non_null(strstr(out, "1 files, 2/"));
	assert_null(strstr(out, "kept"));
	free(mem);
}

/* test_resume: an instance that stopped between two operations leaves
 * the volume as consistent as its last one: resumed from its cache, the
 * next instance takes the dirty flags as its own and a clean unmount
 * clears them.  Without the cache of this volume, resume changes
 * nothing: the volume stays dirty for fsck. */
static void test_resume(void **state)
{
	const char *img = tpath("resume.img");
	size_t size = 1u << 20;
	void *mem = malloc(size), *other = calloc(1, size);
	char out[4096];
	struct tvol t;

	(void)state;
	assert_int_equal(mkimg("resume.img", 40, 512), 0);
	assert_int_equal(tv_mount_mem(&t, img, mem, size, 0), 0);
	assert_int_equal(tv_put_file(&t, "/kept.txt", "kept in the cache", 17), 0);
	tv_abort(&t);
	assert_int_equal(tv_mount_mem(&t, img, mem, size, TV_RECOVER | TV_RESUME), 0);
	assert_non_null(strstr(t.log, "left in the cache"));
	assert_null(strstr(t.log, "not cleanly unmounted"));
	assert_int_equal(tv_put_file(&t, "/more.txt", "and more", 8), 0);
	assert_int_equal(tv_unmount(&t), 0);
	mtype_equal(img, "/kept.txt", "kept in the cache", 17);
	mtype_equal(img, "/more.txt", "and more", 8);
	assert_int_equal(fsck_clean(img), 0);
	/* stopped again, but the next one comes with other memory */
	assert_int_equal(tv_mount_mem(&t, img, mem, size, 0), 0);
	assert_int_equal(tv_put_file(&t, "/third.txt", "third", 5), 0);
	assert_int_equal(fat_sync(t.v), 0);
	tv_abort(&t);
	assert_int_equal(tv_mount_mem(&t, img, other, size, TV_RECOVER | TV_RESUME), 0);
	assert_non_null(strstr(t.log, "not cleanly unmounted"));
	assert_int_equal(tv_unmount(&t), 0);
	sh_out(out, sizeof(out), "fsck.fat -n %s 2>&1", img);
	assert_non_null(strstr(out, "Dirty bit"));
	free(mem);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_big_io_512),
		cmocka_unit_test(test_big_io_4k),
		cmocka_unit_test(test_big_io_32k),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_enospc),
		cmocka_unit_test(test_dirty_flags),
		cmocka_unit_test(test_unlink_open),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_times_attrs),
		cmocka_unit_test(test_readdir_cookies),
		cmocka_unit_test(test_mbr),
		cmocka_unit_test(test_small_cache),
		cmocka_unit_test(test_sync_crash),
		cmocka_unit_test(test_recover),
		cmocka_unit_test(test_resume),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
