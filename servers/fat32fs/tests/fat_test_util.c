/*
 * fat_test_util.c: helpers for the FAT32 core's host tests (see the header).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "fat_test_util.h"

/* tpath returns TMPDIR/name in a static buffer (one of four, rotating). */
const char *tpath(const char *name)
{
	static char bufs[4][512];
	static int k;
	char *b = bufs[k++ & 3];

	mkdir("build/host/tmp", 0755);
	mkdir(TMPDIR, 0755);
	snprintf(b, 512, "%s/%s", TMPDIR, name);
	return b;
}

static int vsh(char *out, size_t size, const char *fmt, va_list ap)
{
	char cmd[4096];
	FILE *p;
	size_t n = 0;
	int st;

	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	setenv("MTOOLS_SKIP_CHECK", "1", 1);
	if (!out)
		strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	if (!(p = popen(cmd, "r")))
		return -1;
	if (out) {
		size_t got;
		while (n + 1 < size && (got = fread(out + n, 1, size - n - 1, p)) > 0)
			n += got;
		out[n] = 0;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* sh runs a shell command quietly and returns its exit status. */
int sh(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsh(NULL, 0, fmt, ap);
	va_end(ap);
	return r;
}

/* sh_out runs a shell command, keeps its output (stdout) in out, returns its status. */
int sh_out(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsh(out, size, fmt, ap);
	va_end(ap);
	return r;
}

/* mkimg makes TMPDIR/name: mkfs.fat -F 32 of mib MiB with cluster-byte clusters. */
int mkimg(const char *name, unsigned mib, unsigned cluster)
{
	const char *p = tpath(name);

	unlink(p);
	return sh("mkfs.fat -F 32 -S 512 -s %u -C %s %u", cluster / 512, p, mib * 1024);
}

/*
 * fsck_clean runs fsck.fat -n on img: 0 when it exits 0 and reports
 * nothing but its version and summary lines; otherwise prints what it said.
 */
int fsck_clean(const char *img)
{
	char out[8192];
	int st = sh_out(out, sizeof(out), "fsck.fat -n %s 2>&1", img), lines = 0;

	for (char *p = out; *p; p++)
		lines += *p == '\n';
	if (st == 0 && lines == 2 && strstr(out, " files, "))
		return 0;
	fprintf(stderr, "# fsck.fat -n %s (exit %d):\n%s", img, st, out);
	return -1;
}

static void tlog(void *ctx, const char *msg)
{
	struct tvol *t = ctx;
	size_t at = strlen(t->log);

	t->nlog++;
	snprintf(t->log + at, sizeof(t->log) - at, "%s\n", msg);
}

static int64_t tnow(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL);
}

/* tv_mount_mem mounts image img with the caller's memory (kept by tv_abort). */
int tv_mount_mem(struct tvol *t, const char *img, void *mem, size_t size, unsigned how)
{
	struct fat_opts o = { .ctx = t, .log = tlog, .now = tnow, .recover = how & TV_RECOVER,
			      .resume = how & TV_RESUME };
	int r;

	memset(t->log, 0, sizeof(t->log));
	t->nlog = 0;
	t->own_mem = false;
	if ((r = hostdev_open(&t->h, img, 0)) < 0)
		return r;
	hostdev_fill(&t->h, &t->d);
	t->mem = mem;
	t->v = malloc(sizeof(*t->v));
	if ((r = fat_mount(t->v, &t->d, &o, t->mem, size)) < 0)
		tv_abort(t);
	return r;
}

/* tv_mount mounts the image img with a cache of cache bytes (default 1 MiB). */
int tv_mount(struct tvol *t, const char *img, size_t cache)
{
	void *mem;
	int r;

	cache = cache ? cache : 1u << 20;
	mem = malloc(cache);
	r = tv_mount_mem(t, img, mem, cache, false);
	if (r < 0)
		free(mem);
	t->own_mem = r == 0;
	return r;
}

/* tv_abort drops the volume without writing anything (a crash). */
void tv_abort(struct tvol *t)
{
	hostdev_close(&t->h);
	free(t->v);
	if (t->own_mem)
		free(t->mem);
	t->v = NULL;
	t->mem = NULL;
}

/* tv_unmount unmounts cleanly. */
int tv_unmount(struct tvol *t)
{
	int r = fat_unmount(t->v);

	tv_abort(t);
	return r;
}

/* tv_walk returns the node of an absolute path (referenced), or NULL. */
struct fat_node *tv_walk(struct tvol *t, const char *path)
{
	char buf[1024], *save, *c;
	struct fat_node *n, *next;

	if (fat_get(t->v, FAT_ROOT_ID, &n) < 0)
		return NULL;
	snprintf(buf, sizeof(buf), "%s", path);
	for (c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		int r = fat_lookup(t->v, n, c, &next);
		fat_put(t->v, n);
		if (r < 0)
			return NULL;
		n = next;
	}
	return n;
}

/* tv_put_file creates (in an existing directory) path with data. */
int tv_put_file(struct tvol *t, const char *path, const void *data, size_t len)
{
	char dir[1024];
	const char *slash = strrchr(path, '/');
	struct fat_node *d, *f;
	long w;
	int r;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (!(d = tv_walk(t, dir)))
		return -ENOENT;
	r = fat_create(t->v, d, slash + 1, false, &f);
	fat_put(t->v, d);
	if (r < 0)
		return r;
	w = fat_write(t->v, f, 0, data, len);
	fat_put(t->v, f);
	return w < 0 ? (int)w : (size_t)w == len ? 0 : -ENOSPC;
}

/* fill_pattern fills buf with bytes that depend on position and seed. */
void fill_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
}
