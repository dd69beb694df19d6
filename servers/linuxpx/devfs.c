/*
 * devfs.c: /dev, as DESIGN.md lists it: null, zero, full, random,
 * urandom, tty, console and ttyAMA0 (the last three are the console).
 * A path under /dev is answered here before fat32fs is asked; the root
 * directory's listing shows "dev".
 *
 * Not yet: /dev as a working directory, relative paths into it, device
 * nodes made by mknod.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

enum { DEV_NULL = 1, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_CONSOLE };

static const struct device {
	const char *name;
	int kind;
	unsigned major, minor;
} devices[] = {
	{ "null", DEV_NULL, 1, 3 },      { "zero", DEV_ZERO, 1, 5 },
	{ "full", DEV_FULL, 1, 7 },      { "random", DEV_RANDOM, 1, 8 },
	{ "urandom", DEV_RANDOM, 1, 9 }, { "tty", DEV_CONSOLE, 5, 0 },
	{ "console", DEV_CONSOLE, 5, 1 }, { "ttyAMA0", DEV_CONSOLE, 204, 64 },
};
#define NDEVICES (sizeof(devices) / sizeof(devices[0]))

/* dev_path: DEV_DIR for "/dev", 1 + the device's index for "/dev/NAME",
 * 0 for a path that is not in /dev, -ENOENT for a name not there. */
int dev_path(const char *path)
{
	const char *name;

	while (path[0] == '/' && path[1] == '/')
		path++;
	if (strncmp(path, "/dev", 4) || (path[4] && path[4] != '/'))
		return 0;
	name = path + 4;
	while (*name == '/')
		name++;
	if (!*name)
		return DEV_DIR;
	for (size_t i = 0; i < NDEVICES; i++)
		if (!strcmp(name, devices[i].name))
			return 1 + (int)i;
	return -ENOENT;
}

/* dev_open: an open file for device d (dev_path's number). */
int dev_open(struct ofile *f, int d, uint32_t flags)
{
	f->flags = flags;
	if (d == DEV_DIR) {
		f->dev = DEV_DIR;
		f->is_dir = 1;
		return 0;
	}
	if (devices[d - 1].kind == DEV_CONSOLE)
		f->console = 1;
	else
		f->dev = d;
	return 0;
}

int64_t dev_read(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len)
{
	static uint8_t bytes[4096];
	int kind = devices[f->dev - 1].kind;
	uint64_t x = lc_counter() | 1, done = 0;

	if (kind == DEV_NULL)
		return 0;
	while (done < len) {
		uint64_t n = len - done < sizeof(bytes) ? len - done : sizeof(bytes);

		for (uint64_t i = 0; i < n; i++) {
			if (kind == DEV_RANDOM) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				bytes[i] = (uint8_t)x;
			} else {
				bytes[i] = 0;
			}
		}
		if (copy_out(p, buf + done, bytes, n))
			return done ? (int64_t)done : -EFAULT;
		done += n;
	}
	return (int64_t)done;
}

int64_t dev_write(struct ofile *f, uint64_t len)
{
	return devices[f->dev - 1].kind == DEV_FULL ? -ENOSPC : (int64_t)len;
}

/* dev_stat: the stat words (stat_of's layout) of device d. */
void dev_stat(int d, uint64_t w[8], uint64_t *rdev, uint64_t *ino)
{
	memset(w, 0, 8 * sizeof(uint64_t));
	w[7] = d == DEV_DIR ? 2 : 1;
	w[6] = 4096;
	if (d == DEV_DIR) {
		w[0] = 0040755;
		*rdev = 0;
		*ino = 0x10000;
		return;
	}
	w[0] = 0020666;                             /* crw-rw-rw- */
	*rdev = devices[d - 1].major << 8 | devices[d - 1].minor;
	*ino = 0x10000 + (uint64_t)d;
}

/* dev_entry: the i-th entry of /dev, or NULL past the last. */
const char *dev_entry(int i, uint64_t *ino)
{
	if (i < 0 || (size_t)i >= NDEVICES)
		return NULL;
	*ino = 0x10001 + (uint64_t)i;
	return devices[i].name;
}
