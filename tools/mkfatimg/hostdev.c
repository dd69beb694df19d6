/*
 * hostdev.c: the FAT core's block device over a host image file, with
 * pread/pwrite.  Reads and writes outside the file fail with -EIO.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostdev.h"

/* rw moves count sectors at sector s; returns 0 or -EIO. */
static int rw(struct hostdev *h, bool wr, uint64_t s, uint32_t count, void *buf)
{
	size_t len = (size_t)count * FAT_DEV_SECTOR, done = 0;
	off_t off = (off_t)(s * FAT_DEV_SECTOR);

	if (s + count > h->nsectors)
		return -EIO;
	while (done < len) {
		ssize_t n = wr ? pwrite(h->fd, (char *)buf + done, len - done, off + (off_t)done)
			: pread(h->fd, (char *)buf + done, len - done, off + (off_t)done);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -EIO;
		}
		done += (size_t)n;
	}
	return 0;
}

static int dev_read(void *ctx, uint64_t s, uint32_t count, void *buf)
{
	return rw(ctx, false, s, count, buf);
}

static int dev_write(void *ctx, uint64_t s, uint32_t count, const void *buf)
{
	return rw(ctx, true, s, count, (void *)buf);
}

static int dev_flush(void *ctx)
{
	struct hostdev *h = ctx;

	return h->sync && fsync(h->fd) < 0 ? -EIO : 0;
}

/*
 * hostdev_open opens the image at path; with create_size not 0 it creates
 * (or empties) the file and makes it that many bytes (sparse).  Returns 0
 * or a negative errno.
 */
int hostdev_open(struct hostdev *h, const char *path, uint64_t create_size)
{
	struct stat st;

	h->sync = false;
	h->fd = open(path, create_size ? O_RDWR | O_CREAT | O_TRUNC : O_RDWR, 0644);
	if (h->fd < 0)
		return -errno;
	if (create_size && ftruncate(h->fd, (off_t)create_size) < 0)
		goto fail;
	if (fstat(h->fd, &st) < 0)
		goto fail;
	h->nsectors = (uint64_t)st.st_size / FAT_DEV_SECTOR;
	return 0;
fail:
	close(h->fd);
	return -errno;
}

/* hostdev_fill sets d up to use the open image h. */
void hostdev_fill(struct hostdev *h, struct fat_dev *d)
{
	d->ctx = h;
	d->read = dev_read;
	d->write = dev_write;
	d->flush = dev_flush;
	d->nsectors = h->nsectors;
}

/* hostdev_close closes the image. */
void hostdev_close(struct hostdev *h)
{
	close(h->fd);
	h->fd = -1;
}
