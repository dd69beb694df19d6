/*
 * hostdev.h: a FAT core block device over a host file (a disk image), for
 * the host tools, tests and benchmarks.  Not part of the core: it uses
 * POSIX file calls.
 */
#ifndef HOSTDEV_H
#define HOSTDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "fat.h"

struct hostdev {
	int fd;
	uint64_t nsectors;
	bool sync;              /* flush calls fsync() */
};

int hostdev_open(struct hostdev *h, const char *path, uint64_t create_size);
void hostdev_fill(struct hostdev *h, struct fat_dev *d);
void hostdev_close(struct hostdev *h);

#endif
