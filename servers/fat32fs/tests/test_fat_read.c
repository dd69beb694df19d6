/*
 * test_fat_read.c: the FAT32 core reads what mtools wrote.
 *
 * Images are made by mkfs.fat -F 32 (512-byte and 4 KiB clusters) and
 * filled with mcopy and mmd; the core must list, find (ignoring case),
 * stat and read back exactly that.  An MBR disk made by mkfatimg and
 * filled by mtools is read the same way.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fat_test_util.h"

#define BIG_LEN (3u * 1024 * 1024 + 123)
#define MANY 300

static uint8_t *big;

/* write_host writes a host file under TMPDIR/src. */
static void write_host(const char *name, const void *data, size_t len)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/src/%s", TMPDIR, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* fill_image puts the same tree into image img with mtools. */
static void fill_image(const char *img)
{
	const char *s = TMPDIR "/src";

	assert_int_equal(sh("mmd -i %s ::/dir1 ::/dir1/sub '::/Long Directory Name' ::/many", img), 0);
	assert_int_equal(sh("mcopy -m -i %s %s/hello.txt %s/big.bin %s/empty ::/", img, s, s, s), 0);
	assert_int_equal(sh("mcopy -i %s '%s/A long file name.text' %s/MixedCase.Txt ::/dir1/", img, s, s), 0);
	assert_int_equal(sh("LC_ALL=C.UTF-8 mcopy -i %s %s/héllo-wörld.txt ::/dir1/sub/", img, s), 0);
	assert_int_equal(sh("mcopy -i %s %s/hello.txt '::/Long Directory Name/x'", img, s), 0);
	assert_int_equal(sh("cd %s/many && mcopy -i ../../%s * ::/many/", s, strrchr(img, '/') + 1), 0);
	assert_int_equal(sh("mattrib -i %s +r ::/dir1/MixedCase.Txt", img), 0);
}

static int group_setup(void **state)
{
	char name[64], p[512];

	(void)state;
	big = malloc(BIG_LEN);
	fill_pattern(big, BIG_LEN, 7);
	sh("rm -rf %s/src && mkdir -p %s/src/many", TMPDIR, TMPDIR);
	tpath("x");
	write_host("hello.txt", "hello, world\n", 13);
	write_host("big.bin", big, BIG_LEN);
	write_host("empty", "", 0);
	write_host("A long file name.text", "long\n", 5);
	write_host("MixedCase.Txt", "mixed\n", 6);
	write_host("héllo-wörld.txt", "utf8\n", 5);
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "many/shared_prefix_file_%03d.data", i);
		snprintf(p, sizeof(p), "%d\n", i);
		write_host(name, p, strlen(p));
	}
	if (mkimg("read512.img", 40, 512) || mkimg("read4k.img", 300, 4096))
		return -1;
	fill_image(tpath("read512.img"));
	fill_image(tpath("read4k.img"));
	sh("rm -f %s && build/tools/mkfatimg -s 300M -c 4096 -p %s", tpath("readmbr.img"),
		tpath("readmbr.img"));
	fill_image(tpath("readmbr.img@@1M"));
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(big);
	return 0;
}

/* count_entries counts the entries of directory path, and in *found those named want. */
static int count_entries(struct tvol *t, const char *path, const char *want, int *found)
{
	struct fat_node *d = tv_walk(t, path);
	struct fat_dirent e;
	uint64_t cookie = 0;
	int n = 0, r;

	assert_non_null(d);
	*found = 0;
	while ((r = fat_readdir(t->v, d, &cookie, &e)) > 0) {
		n++;
		if (want && !strcmp(e.name, want))
			(*found)++;
	}
	assert_int_equal(r, 0);
	fat_put(t->v, d);
	return n;
}

/* read_all reads a whole file of the image into a new buffer. */
static uint8_t *read_all(struct tvol *t, const char *path, long *len)
{
	struct fat_node *n = tv_walk(t, path);
	uint8_t *buf;

	assert_non_null(n);
	buf = malloc(fat_size(n) + 1);
	*len = fat_read(t->v, n, 0, buf, fat_size(n) + 100);
	fat_put(t->v, n);
	return buf;
}

static void check_image(const char *img)
{
	struct tvol t;
	int found;
	long len;
	uint8_t *b;

	assert_int_equal(tv_mount(&t, img, 0), 0);
	assert_int_equal(count_entries(&t, "/", "big.bin", &found), 6);
	assert_int_equal(found, 1);
	assert_int_equal(count_entries(&t, "/dir1", "A long file name.text", &found), 3);
	assert_int_equal(found, 1);
	count_entries(&t, "/dir1", "MixedCase.Txt", &found);
	assert_int_equal(found, 1);
	count_entries(&t, "/dir1/sub", "héllo-wörld.txt", &found);
	assert_int_equal(found, 1);
	assert_int_equal(count_entries(&t, "/many", NULL, &found), MANY);
	b = read_all(&t, "/BIG.BIN", &len);
	assert_int_equal(len, BIG_LEN);
	assert_memory_equal(b, big, BIG_LEN);
	free(b);
	b = read_all(&t, "/dir1/a LONG file NAME.TEXT", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(b, "long\n", 5);
	free(b);
	b = read_all(&t, "/Long directory name/X", &len);
	assert_int_equal(len, 13);
	free(b);
	b = read_all(&t, "/dir1/sub/HéLLO-wörld.TXT", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(b, "utf8\n", 5);
	free(b);
	assert_int_equal(tv_unmount(&t), 0);
	assert_int_equal(fsck_clean(img), 0);
}

static void test_read_512(void **state)
{
	(void)state;
	check_image(tpath("read512.img"));
}

static void test_read_4k(void **state)
{
	(void)state;
	check_image(tpath("read4k.img"));
}

static void test_read_mbr(void **state)
{
	struct tvol t;
	int found;

	(void)state;
	assert_int_equal(tv_mount(&t, tpath("readmbr.img"), 0), 0);
	assert_int_equal(t.v->part_lba, 2048);
	assert_int_equal(count_entries(&t, "/many", "shared_prefix_file_299.data", &found), MANY);
	assert_int_equal(found, 1);
	assert_int_equal(tv_unmount(&t), 0);
}

/* test_many_long_names reads every file of a folder of long names sharing a prefix. */
static void test_many_long_names(void **state)
{
	struct tvol t;
	char path[128], want[16];
	long len;

	(void)state;
	assert_int_equal(tv_mount(&t, tpath("read512.img"), 0), 0);
	for (int i = 0; i < MANY; i++) {
		snprintf(path, sizeof(path), "/many/SHARED_prefix_file_%03d.data", i);
		uint8_t *b = read_all(&t, path, &len);
		snprintf(want, sizeof(want), "%d\n", i);
		assert_int_equal(len, strlen(want));
		assert_memory_equal(b, want, len);
		free(b);
	}
	assert_int_equal(tv_unmount(&t), 0);
}

/* test_alias_lookup finds a file by the 8.3 alias mtools gave it. */
static void test_alias_lookup(void **state)
{
	char out[4096], alias[16], base[9], ext[4], path[64];
	const char *line;
	struct fat_node *n;
	struct tvol t;

	(void)state;
	assert_int_equal(sh_out(out, sizeof(out), "mdir -i %s ::/dir1", tpath("read512.img")), 0);
	line = strstr(out, "ALONGF");
	assert_non_null(line);
	assert_int_equal(sscanf(line, "%8s %3s", base, ext), 2);
	snprintf(alias, sizeof(alias), "%s.%s", base, ext);
	snprintf(path, sizeof(path), "/dir1/%s", alias);
	assert_int_equal(tv_mount(&t, tpath("read512.img"), 0), 0);
	n = tv_walk(&t, path);
	assert_non_null(n);
	assert_int_equal(fat_size(n), 5);
	fat_put(t.v, n);
	assert_int_equal(tv_unmount(&t), 0);
}

/* test_stat checks modes, sizes, the read-only attribute and times. */
static void test_stat(void **state)
{
	struct fat_stat st;
	struct fat_node *n;
	struct stat hs;
	struct tvol t;
	char p[512];

	(void)state;
	assert_int_equal(tv_mount(&t, tpath("read4k.img"), 0), 0);
	n = tv_walk(&t, "/hello.txt");
	assert_int_equal(fat_stat(t.v, n, &st), 0);
	assert_int_equal(st.mode, 0100755);
	assert_int_equal(st.size, 13);
	assert_int_equal(st.blocks, 8);
	snprintf(p, sizeof(p), "%s/src/hello.txt", TMPDIR);
	stat(p, &hs);
	assert_true(llabs((long long)(st.mtime - hs.st_mtime)) <= 2);
	fat_put(t.v, n);
	n = tv_walk(&t, "/dir1/mixedcase.txt");
	assert_int_equal(fat_stat(t.v, n, &st), 0);
	assert_int_equal(st.mode, 0100555);
	fat_put(t.v, n);
	n = tv_walk(&t, "/dir1");
	assert_int_equal(fat_stat(t.v, n, &st), 0);
	assert_int_equal(st.mode, 040755);
	assert_true(st.id > FAT_ROOT_ID);
	fat_put(t.v, n);
	assert_null(tv_walk(&t, "/nothing"));
	assert_null(tv_walk(&t, "/hello.txt/x"));
	assert_int_equal(tv_unmount(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_512),
		cmocka_unit_test(test_read_4k),
		cmocka_unit_test(test_read_mbr),
		cmocka_unit_test(test_many_long_names),
		cmocka_unit_test(test_alias_lookup),
		cmocka_unit_test(test_stat),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
