/*
 * fuzz_mount.c: libFuzzer target for the FAT32 core's parsing paths.
 *
 * The input is a disk image (a bare volume or an MBR disk).  It is
 * mounted read-write over a memory device, every directory is walked
 * (readdir, lookup, stat, read), and then the namespace is changed a
 * little (create, write, truncate, rename, mkdir, unlink, rmdir) before a
 * clean unmount.  Whatever the image holds, nothing may crash, trip a
 * sanitizer, or write outside the device.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fat.h"

#define MAX_IMAGE (1u << 20)
#define MEM_BYTES (256u * 1024)

struct memdev {
	uint8_t *p;
	uint64_t n;     /* sectors */
};

static int mread(void *ctx, uint64_t s, uint32_t c, void *buf)
{
	struct memdev *m = ctx;

	if (s + c > m->n)
		return -5;
	memcpy(buf, m->p + s * FAT_DEV_SECTOR, (size_t)c * FAT_DEV_SECTOR);
	return 0;
}

static int mwrite(void *ctx, uint64_t s, uint32_t c, const void *buf)
{
	struct memdev *m = ctx;

	if (s + c > m->n)
		abort();        /* the core checks bounds itself: this is a bug */
	memcpy(m->p + s * FAT_DEV_SECTOR, buf, (size_t)c * FAT_DEV_SECTOR);
	return 0;
}

static int64_t fixed_now(void *ctx)
{
	(void)ctx;
	return 1700000000;
}

/* walk reads every entry of dir, and recurses a few levels down. */
static void walk(struct fat_vol *v, struct fat_node *dir, int depth)
{
	static uint8_t buf[65536];
	struct fat_dirent e;
	struct fat_stat st;
	struct fat_node *n;
	uint64_t cookie = 0;

	for (int i = 0; i < 64 && fat_readdir(v, dir, &cookie, &e) > 0; i++) {
		if (fat_lookup(v, dir, e.name, &n) < 0)
			continue;
		fat_stat(v, n, &st);
		if (fat_is_dir(n) && depth < 3)
			walk(v, n, depth + 1);
		else if (!fat_is_dir(n))
			fat_read(v, n, (uint64_t)i * 1000, buf, sizeof(buf));
		fat_put(v, n);
	}
}

/* change makes a few changes through every kind of call. */
static void change(struct fat_vol *v, struct fat_node *root)
{
	static const uint8_t data[3000] = { 1, 2, 3 };
	struct fat_node *f, *d;

	if (fat_create(v, root, "fuzz file.txt", false, &f) == 0) {
		fat_write(v, f, 100, data, sizeof(data));
		fat_truncate(v, f, 10);
		fat_put(v, f);
	}
	fat_rename(v, root, "fuzz file.txt", root, "Renamed");
	if (fat_create(v, root, "dir x", true, &d) == 0) {
		fat_create(v, d, "inner", false, NULL);
		fat_rename(v, root, "Renamed", d, "moved");
		fat_unlink(v, d, "inner");
		fat_put(v, d);
	}
	fat_rmdir(v, root, "dir x");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memdev m = { .n = size / FAT_DEV_SECTOR };
	struct fat_dev dev = { .ctx = &m, .read = mread, .write = mwrite };
	struct fat_opts o = { .now = fixed_now };
	struct fat_vol *v = malloc(sizeof(*v));
	void *mem = malloc(MEM_BYTES);
	struct fat_node *root;

	if (size < FAT_DEV_SECTOR || size > MAX_IMAGE || !v || !mem)
		goto out;
	m.p = malloc(m.n * FAT_DEV_SECTOR);
	memcpy(m.p, data, m.n * FAT_DEV_SECTOR);
	dev.nsectors = m.n;
	if (fat_mount(v, &dev, &o, mem, MEM_BYTES) == 0) {
		if (fat_get(v, FAT_ROOT_ID, &root) == 0) {
			walk(v, root, 0);
			change(v, root);
			fat_put(v, root);
		}
		fat_unmount(v);
	}
	free(m.p);
out:
	free(v);
	free(mem);
	return 0;
}
