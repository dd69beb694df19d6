/*
 * mkfatimg: create a FAT32 image and fill it from host files, with
 * Lichen's own FAT32 core (servers/fat32fs/core).  The build uses it to
 * make build/root.img; the benchmarks use it to copy files in and out.
 *
 *   mkfatimg [-s SIZE [-c CLUSTER] [-p] [-L LABEL] [-T]] [-d DIR]
 *            [-a SRC=DST]... [-x SRC=DST]... IMAGE
 *
 *   -s SIZE     create IMAGE (SIZE bytes, K/M/G suffixes); without -s
 *               IMAGE must already hold a FAT32 volume (bare or MBR)
 *   -c BYTES    cluster size, 512 to 32768 (default: as mkfs.fat)
 *   -p          an MBR disk with one FAT32 partition (type 0x0c) at 1 MiB
 *   -L LABEL    volume label
 *   -T          allow fewer than 65525 clusters (small test images)
 *   -d DIR      copy the contents of host folder DIR into the root
 *   -a SRC=DST  copy host file or folder SRC to path DST in the image
 *   -x SRC=DST  copy file SRC from the image to host file DST
 *
 * Files keep their modification times; SOURCE_DATE_EPOCH, when set, is
 * used as "now" (for reproducible images).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fat.h"
#include "hostdev.h"

#define CACHE_BYTES (8u << 20)
#define CHUNK (1u << 20)

static const char *prog = "mkfatimg";

static void log_line(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s: fat: %s\n", prog, msg);
}

static int64_t now(void *ctx)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");

	(void)ctx;
	return e ? strtoll(e, NULL, 10) : (int64_t)time(NULL);
}

static int fail(const char *what, const char *name, int err)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog, what, name, strerror(err < 0 ? -err : err));
	return -1;
}

/* walk finds (or with create, makes) the directory holding the last component of path. */
static int walk(struct fat_vol *v, char *path, bool create, struct fat_node **dir, char **last)
{
	struct fat_node *d, *n;
	char *p = path, *slash;
	int r;

	if ((r = fat_get(v, FAT_ROOT_ID, &d)) < 0)
		return r;
	while (*p == '/')
		p++;
	while ((slash = strchr(p, '/'))) {
		*slash = 0;
		r = fat_lookup(v, d, p, &n);
		if (r == -ENOENT && create)
			r = fat_create(v, d, p, true, &n);
		fat_put(v, d);
		if (r < 0)
			return r;
		d = n;
		for (p = slash + 1; *p == '/'; p++)
			;
	}
	*dir = d;
	*last = p;
	return 0;
}

/* open_file returns the file name in dir, created or emptied. */
static int open_file(struct fat_vol *v, struct fat_node *dir, const char *name,
	struct fat_node **out)
{
	int r = fat_create(v, dir, name, false, out);

	if (r != -EEXIST)
		return r;
	if ((r = fat_lookup(v, dir, name, out)) == 0 && (r = fat_truncate(v, *out, 0)) < 0)
		fat_put(v, *out);
	return r;
}

/* copy_in copies host file fd into node n. */
static int copy_in(struct fat_vol *v, struct fat_node *n, int fd, char *buf)
{
	uint64_t off = 0;
	ssize_t got;
	long w;

	while ((got = read(fd, buf, CHUNK)) > 0) {
		if ((w = fat_write(v, n, off, buf, (size_t)got)) < 0)
			return (int)w;
		if (w != got)
			return -ENOSPC;
		off += (uint64_t)got;
	}
	return got < 0 ? -errno : 0;
}

/* add_file copies the host file src into directory dir as name. */
static int add_file(struct fat_vol *v, struct fat_node *dir, const char *name,
	const char *src, const struct stat *st, char *buf)
{
	struct fat_node *n;
	int fd, r;

	if ((fd = open(src, O_RDONLY)) < 0)
		return fail("cannot open", src, errno);
	if ((r = open_file(v, dir, name, &n)) == 0) {
		r = copy_in(v, n, fd, buf);
		if (r == 0)
			r = fat_settimes(v, n, st->st_atime, st->st_mtime);
		fat_put(v, n);
	}
	close(fd);
	return r < 0 ? fail("cannot copy", src, r) : 0;
}

static int add_path(struct fat_vol *v, struct fat_node *dir, const char *name,
	const char *src, char *buf);

/* add_tree copies the contents of host folder src into directory dir, in name order. */
static int add_tree(struct fat_vol *v, struct fat_node *dir, const char *src, char *buf)
{
	struct dirent **list;
	char path[4096];
	int n = scandir(src, &list, NULL, alphasort), r = 0;

	if (n < 0)
		return fail("cannot read folder", src, errno);
	for (int i = 0; i < n; i++) {
		const char *e = list[i]->d_name;
		if (r == 0 && strcmp(e, ".") && strcmp(e, "..")) {
			snprintf(path, sizeof(path), "%s/%s", src, e);
			r = add_path(v, dir, e, path, buf);
		}
		free(list[i]);
	}
	free(list);
	return r;
}

/* add_path copies host file or folder src into dir as name (name "" means into dir itself). */
static int add_path(struct fat_vol *v, struct fat_node *dir, const char *name,
	const char *src, char *buf)
{
	struct fat_node *sub;
	struct stat st;
	int r;

	if (stat(src, &st) < 0)
		return fail("cannot stat", src, errno);
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? add_file(v, dir, name, src, &st, buf) :
			(fprintf(stderr, "%s: skipping %s (not a file)\n", prog, src), 0);
	if (!*name)
		return add_tree(v, dir, src, buf);
	r = fat_lookup(v, dir, name, &sub);
	if (r == -ENOENT)
		r = fat_create(v, dir, name, true, &sub);
	if (r < 0)
		return fail("cannot make folder", name, r);
	r = add_tree(v, sub, src, buf);
	if (r == 0)
		fat_settimes(v, sub, st.st_atime, st.st_mtime);
	fat_put(v, sub);
	return r;
}

/* add copies "SRC=DST" into the image. */
static int add(struct fat_vol *v, char *spec, char *buf)
{
	char *eq = strchr(spec, '='), *last;
	struct fat_node *dir;
	int r;

	if (!eq)
		return fail("bad -a (want SRC=DST):", spec, EINVAL);
	*eq = 0;
	if ((r = walk(v, eq + 1, true, &dir, &last)) < 0)
		return fail("cannot reach", eq + 1, r);
	r = add_path(v, dir, last, spec, buf);
	fat_put(v, dir);
	return r;
}

/* extract copies file SRC of the image to host file DST ("SRC=DST"). */
static int extract(struct fat_vol *v, char *spec, char *buf)
{
	char *eq = strchr(spec, '='), *last;
	struct fat_node *dir, *n;
	uint64_t off = 0;
	long got = 0;
	int fd, r;

	if (!eq)
		return fail("bad -x (want SRC=DST):", spec, EINVAL);
	*eq = 0;
	if ((r = walk(v, spec, false, &dir, &last)) < 0)
		return fail("cannot reach", spec, r);
	r = fat_lookup(v, dir, last, &n);
	fat_put(v, dir);
	if (r < 0)
		return fail("cannot find", spec, r);
	if ((fd = open(eq + 1, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		fat_put(v, n);
		return fail("cannot create", eq + 1, errno);
	}
	while ((got = fat_read(v, n, off, buf, CHUNK)) > 0 && write(fd, buf, (size_t)got) == got)
		off += (uint64_t)got;
	fat_put(v, n);
	close(fd);
	return got < 0 ? fail("cannot read", spec, (int)got) : 0;
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t x = strtoull(s, &end, 0);

	switch (*end) {
	case 'G': case 'g': x <<= 10; /* fall through */
	case 'M': case 'm': x <<= 10; /* fall through */
	case 'K': case 'k': x <<= 10;
	}
	return x;
}

static int usage(void)
{
	fprintf(stderr, "usage: %s [-s SIZE [-c CLUSTER] [-p] [-L LABEL] [-T]] [-d DIR] "
		"[-a SRC=DST]... [-x SRC=DST]... IMAGE\n", prog);
	return 2;
}

/* format_image creates the image file and writes an empty volume on it. */
static int format_image(struct hostdev *h, struct fat_format_opts *fo, const char *img)
{
	struct fat_dev d;
	int r;

	if ((r = hostdev_open(h, img, fo->size)) < 0)
		return fail("cannot create", img, r);
	hostdev_fill(h, &d);
	fo->time = now(NULL);
	fo->serial = (uint32_t)fo->time * 2654435761u;
	if ((r = fat_format(&d, fo)) < 0)
		return fail("cannot format", img, r);
	return 0;
}

/* run mounts the image and does every -a, -d and -x in order. */
static int run(const char *img, int argc, char **argv)
{
	struct fat_opts o = { .log = log_line, .now = now };
	void *mem = malloc(CACHE_BYTES);
	char *buf = malloc(CHUNK), root[] = "=/";
	struct hostdev h;
	struct fat_dev d;
	struct fat_vol *v = malloc(sizeof(*v));
	int r = -1, c;

	if (!mem || !buf || !v || hostdev_open(&h, img, 0) < 0)
		return fail("cannot open", img, errno);
	hostdev_fill(&h, &d);
	if ((c = fat_mount(v, &d, &o, mem, CACHE_BYTES)) < 0) {
		fail("cannot mount", img, c);
		goto out;
	}
	optind = 1;
	r = 0;
	while (r == 0 && (c = getopt(argc, argv, "s:c:pL:Td:a:x:")) != -1) {
		char spec[4200];
		if (c == 'd')
			snprintf(spec, sizeof(spec), "%s%s", optarg, root);
		else
			snprintf(spec, sizeof(spec), "%s", optarg);
		if (c == 'a' || c == 'd')
			r = add(v, spec, buf);
		else if (c == 'x')
			r = extract(v, spec, buf);
	}
	if ((c = fat_unmount(v)) < 0 && r == 0)
		r = fail("cannot write", img, c);
out:
	hostdev_close(&h);
	free(v);
	free(mem);
	free(buf);
	return r;
}

int main(int argc, char **argv)
{
	struct fat_format_opts fo = { 0 };
	struct hostdev h;
	int c;

	while ((c = getopt(argc, argv, "s:c:pL:Td:a:x:")) != -1) {
		switch (c) {
		case 's': fo.size = parse_size(optarg); break;
		case 'c': fo.cluster_size = (uint32_t)parse_size(optarg); break;
		case 'p': fo.mbr = true; break;
		case 'L': snprintf(fo.label, sizeof(fo.label), "%s", optarg); break;
		case 'T': fo.tiny = true; break;
		case 'd': case 'a': case 'x': break;
		default: return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	if (fo.size) {
		if (format_image(&h, &fo, argv[optind]) < 0)
			return 1;
		hostdev_close(&h);
	}
	return run(argv[optind], argc, argv) < 0 ? 1 : 0;
}
