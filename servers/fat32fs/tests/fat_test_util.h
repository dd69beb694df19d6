/*
 * fat_test_util.h: helpers shared by the FAT32 core's host tests: making
 * images with mkfs.fat, running mtools and fsck.fat as oracles, and
 * mounting an image with the core while collecting its log lines.
 * Temporary files live under build/host/tmp/fat/.
 */
#ifndef FAT_TEST_UTIL_H
#define FAT_TEST_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fat.h"
#include "hostdev.h"

#define TMPDIR "build/host/tmp/fat"

/* A volume mounted by a test, with its log. */
struct tvol {
	struct hostdev h;
	struct fat_dev d;
	struct fat_vol *v;
	void *mem;
	bool own_mem;
	char log[8192];
	int nlog;
};

const char *tpath(const char *name);
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sh_out(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int mkimg(const char *name, unsigned mib, unsigned cluster);
int fsck_clean(const char *img);
int tv_mount(struct tvol *t, const char *img, size_t cache);
/* tv_mount_mem: mount with the caller's memory; how: 0, TV_RECOVER, or
 * TV_RECOVER | TV_RESUME (the fat_opts of the same names). */
#define TV_RECOVER 1u
#define TV_RESUME  2u
int tv_mount_mem(struct tvol *t, const char *img, void *mem, size_t size, unsigned how);
int tv_unmount(struct tvol *t);
void tv_abort(struct tvol *t);
struct fat_node *tv_walk(struct tvol *t, const char *path);
int tv_put_file(struct tvol *t, const char *path, const void *data, size_t len);
void fill_pattern(uint8_t *buf, size_t len, uint32_t seed);

#endif
