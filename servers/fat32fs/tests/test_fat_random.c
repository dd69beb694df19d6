/*
 * test_fat_random.c: long random sequences of create, write, truncate,
 * rename, unlink and read (fixed seeds), checked step by step against an
 * in-memory model of the files, and every few hundred steps by a clean
 * unmount, fsck.fat -n and a fresh mount.  Names come in random case, so
 * lookups are case-insensitive throughout.  Some files are held open (a
 * node reference) across unlink and rename-over: they must keep their
 * contents until released.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fat_test_util.h"

#define NDIRS 3
#define NNAMES 24
#define MAXF (NDIRS * NNAMES)
#define STEPS 3000
#define NHELD 4

static const char *dirs[NDIRS] = { "", "/Sub Dir", "/Sub Dir/deeper" };

struct mfile {
	bool used;
	int dir, name;
	uint8_t *data;
	size_t size;
	int held;               /* index in model.held + 1, or 0 */
};

/* A node held open, with what it must contain. */
struct held {
	struct fat_node *n;
	uint8_t *data;
	size_t size;
};

struct model {
	struct mfile f[MAXF];
	struct held held[NHELD];
	uint64_t rng;
	struct tvol t;
	const char *img;
};

static uint32_t rnd(struct model *m, uint32_t n)
{
	m->rng = m->rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(m->rng >> 33) % n;
}

/* name_of builds name k of the pool, in a random case when mix is set. */
static void name_of(struct model *m, int k, bool mix, char *out)
{
	static const char *forms[] = { "f%d.txt", "Long file name number %d.data", "MiXeD%d.C",
		"s p a c e s %d", "x%d" };

	sprintf(out, forms[k % 5], k);
	for (char *p = out; mix && *p; p++)
		*p = (char)(rnd(m, 2) ? toupper(*p) : tolower(*p));
}

static struct mfile *find(struct model *m, int dir, int name)
{
	for (int i = 0; i < MAXF; i++)
		if (m->f[i].used && m->f[i].dir == dir && m->f[i].name == name)
			return &m->f[i];
	return NULL;
}

static struct fat_node *open_dir(struct model *m, int dir)
{
	struct fat_node *d = tv_walk(&m->t, dirs[dir][0] ? dirs[dir] : "/");

	assert_non_null(d);
	return d;
}

/* open_file looks a model file up by path, in random case. */
static struct fat_node *open_file(struct model *m, struct mfile *f)
{
	struct fat_node *d = open_dir(m, f->dir), *n = NULL;
	char name[64];

	name_of(m, f->name, true, name);
	assert_int_equal(fat_lookup(m->t.v, d, name, &n), 0);
	fat_put(m->t.v, d);
	return n;
}

static void op_create(struct model *m)
{
	int dir = (int)rnd(m, NDIRS), k = (int)rnd(m, NNAMES), r;
	struct fat_node *d = open_dir(m, dir);
	char name[64];

	name_of(m, k, true, name);
	r = fat_create(m->t.v, d, name, false, NULL);
	fat_put(m->t.v, d);
	if (find(m, dir, k)) {
		assert_int_equal(r, -EEXIST);
		return;
	}
	assert_int_equal(r, 0);
	for (int i = 0; i < MAXF; i++)
		if (!m->f[i].used) {
			m->f[i] = (struct mfile){ .used = true, .dir = dir, .name = k };
			return;
		}
	fail();
}

static struct mfile *pick(struct model *m)
{
	int start = (int)rnd(m, MAXF);

	for (int i = 0; i < MAXF; i++)
		if (m->f[(start + i) % MAXF].used)
			return &m->f[(start + i) % MAXF];
	return NULL;
}

/* set_size resizes a model file, zero-filling growth. */
static void set_size(struct mfile *f, size_t size)
{
	f->data = realloc(f->data, size + 1);
	if (size > f->size)
		memset(f->data + f->size, 0, size - f->size);
	f->size = size;
}

/* sync_held copies a held file's model contents to its held record. */
static void sync_held(struct model *m, struct mfile *f)
{
	struct held *h;

	if (!f->held)
		return;
	h = &m->held[f->held - 1];
	h->data = realloc(h->data, f->size + 1);
	if (f->size)
		memcpy(h->data, f->data, f->size);
	h->size = f->size;
}

/* detach ends the link between a model file and its held node (unlinked or replaced). */
static void detach(struct model *m, struct mfile *f)
{
	for (int i = 0; i < MAXF; i++)
		if (&m->f[i] != f && m->f[i].used && m->f[i].held == f->held && f->held)
			fail();
	f->held = 0;
}

/* release checks a held node's contents, then drops it. */
static void release(struct model *m, int i)
{
	struct held *h = &m->held[i];
	uint8_t *buf = malloc(h->size + 1);

	assert_int_equal(fat_read(m->t.v, h->n, 0, buf, h->size + 1), (long)h->size);
	assert_memory_equal(buf, h->data, h->size);
	free(buf);
	fat_put(m->t.v, h->n);
	free(h->data);
	*h = (struct held){ 0 };
	for (int k = 0; k < MAXF; k++)
		if (m->f[k].held == i + 1)
			m->f[k].held = 0;
}

/* op_hold holds file f open, or releases a held node. */
static void op_hold(struct model *m, struct mfile *f)
{
	int i = (int)rnd(m, NHELD);

	if (m->held[i].n) {
		release(m, i);
		return;
	}
	if (f->held)
		return;
	m->held[i].n = open_file(m, f);
	f->held = i + 1;
	sync_held(m, f);
}

static void op_write(struct model *m, struct mfile *f)
{
	size_t off = rnd(m, (uint32_t)f->size + 9000), len = 1 + rnd(m, rnd(m, 8) ? 3000 : 100000);
	uint8_t *buf = malloc(len);
	struct fat_node *n = open_file(m, f);

	fill_pattern(buf, len, (uint32_t)m->rng);
	assert_int_equal(fat_write(m->t.v, n, off, buf, len), (long)len);
	fat_put(m->t.v, n);
	if (off + len > f->size)
		set_size(f, off + len);
	memcpy(f->data + off, buf, len);
	sync_held(m, f);
	free(buf);
}

static void op_truncate(struct model *m, struct mfile *f)
{
	size_t size = rnd(m, (uint32_t)f->size * 2 + 2000);
	struct fat_node *n = open_file(m, f);

	assert_int_equal(fat_truncate(m->t.v, n, size), 0);
	fat_put(m->t.v, n);
	set_size(f, size);
	sync_held(m, f);
}

static void op_read(struct model *m, struct mfile *f)
{
	size_t off = rnd(m, (uint32_t)f->size + 10), len = rnd(m, 70000);
	uint8_t *buf = malloc(len + 1);
	struct fat_node *n = open_file(m, f);
	long want = off >= f->size ? 0 : (long)(len < f->size - off ? len : f->size - off);

	assert_int_equal(fat_read(m->t.v, n, off, buf, len), want);
	if (want > 0)
		assert_memory_equal(buf, f->data + off, (size_t)want);
	fat_put(m->t.v, n);
	free(buf);
}

static void op_unlink(struct model *m, struct mfile *f)
{
	struct fat_node *d = open_dir(m, f->dir);
	char name[64];

	name_of(m, f->name, true, name);
	assert_int_equal(fat_unlink(m->t.v, d, name), 0);
	fat_put(m->t.v, d);
	detach(m, f);
	free(f->data);
	*f = (struct mfile){ 0 };
}

static void op_rename(struct model *m, struct mfile *f)
{
	int dir = (int)rnd(m, NDIRS), k = (int)rnd(m, NNAMES);
	struct fat_node *sd = open_dir(m, f->dir), *dd = open_dir(m, dir);
	struct mfile *t = find(m, dir, k);
	char sname[64], dname[64];

	name_of(m, f->name, true, sname);
	name_of(m, k, true, dname);
	assert_int_equal(fat_rename(m->t.v, sd, sname, dd, dname), 0);
	fat_put(m->t.v, sd);
	fat_put(m->t.v, dd);
	if (t && t != f) {
		detach(m, t);
		free(t->data);
		*t = (struct mfile){ 0 };
	}
	f->dir = dir;
	f->name = k;
}

/* check_all compares every model file with the volume, and counts directory entries. */
static void check_all(struct model *m)
{
	int count[NDIRS] = { 0 };

	for (int i = 0; i < MAXF; i++) {
		struct mfile *f = &m->f[i];
		if (!f->used)
			continue;
		struct fat_node *n = open_file(m, f);
		uint8_t *buf = malloc(f->size + 1);
		assert_int_equal(fat_read(m->t.v, n, 0, buf, f->size + 1), (long)f->size);
		assert_memory_equal(buf, f->data, f->size);
		free(buf);
		fat_put(m->t.v, n);
		count[f->dir]++;
	}
	for (int d = 0; d < NDIRS; d++) {
		struct fat_node *dn = open_dir(m, d);
		struct fat_dirent e;
		uint64_t cookie = 0;
		int n = 0;
		while (fat_readdir(m->t.v, dn, &cookie, &e) > 0)
			n += !e.is_dir;
		assert_int_equal(n, count[d]);
		fat_put(m->t.v, dn);
	}
}

static void remount(struct model *m)
{
	for (int i = 0; i < NHELD; i++)
		if (m->held[i].n)
			release(m, i);
	check_all(m);
	assert_int_equal(tv_unmount(&m->t), 0);
	assert_int_equal(fsck_clean(m->img), 0);
	assert_int_equal(tv_mount(&m->t, m->img, 256 * 1024), 0);
	check_all(m);
}

static void step(struct model *m)
{
	uint32_t op = rnd(m, 100);
	struct mfile *f = pick(m);

	if (op < 25 || !f)
		op_create(m);
	else if (op < 50)
		op_write(m, f);
	else if (op < 60)
		op_truncate(m, f);
	else if (op < 70)
		op_rename(m, f);
	else if (op < 80)
		op_unlink(m, f);
	else if (op < 88)
		op_hold(m, f);
	else
		op_read(m, f);
}

static void run(uint64_t seed, const char *name, unsigned mib, unsigned cluster)
{
	struct model *m = calloc(1, sizeof(*m));
	struct fat_node *r, *d;

	m->rng = seed;
	m->img = tpath(name);
	assert_int_equal(mkimg(name, mib, cluster), 0);
	assert_int_equal(tv_mount(&m->t, m->img, 256 * 1024), 0);
	assert_int_equal(fat_get(m->t.v, FAT_ROOT_ID, &r), 0);
	assert_int_equal(fat_create(m->t.v, r, "Sub Dir", true, &d), 0);
	assert_int_equal(fat_create(m->t.v, d, "deeper", true, NULL), 0);
	fat_put(m->t.v, d);
	fat_put(m->t.v, r);
	for (int i = 1; i <= STEPS; i++) {
		step(m);
		if (i % 600 == 0)
			remount(m);
	}
	remount(m);
	assert_int_equal(tv_unmount(&m->t), 0);
	assert_int_equal(fsck_clean(m->img), 0);
	for (int i = 0; i < MAXF; i++)
		free(m->f[i].data);
	free(m);
}

static void test_random_512(void **state)
{
	(void)state;
	run(1, "rand512.img", 40, 512);
}

static void test_random_4k(void **state)
{
	(void)state;
	run(2, "rand4k.img", 300, 4096);
}

static void test_random_2k_seed3(void **state)
{
	(void)state;
	run(3, "rand2k.img", 150, 2048);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_512),
		cmocka_unit_test(test_random_4k),
		cmocka_unit_test(test_random_2k_seed3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
