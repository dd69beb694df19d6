/*
 * ops.c: one function per request of the file protocol (lichen/fs.h),
 * each checking its arguments, taking the nodes it needs from the core
 * (fat_get) and giving them back (fat_put) before it returns.
 */
#include "fsserver.h"
#include "lichen/fs.h"

#include <errno.h>
#include <string.h>

#define OPEN_MAX 256

struct open_file {
	uint64_t badge;
	struct fat_node *node;
};

static struct open_file opens[OPEN_MAX];

static int node(uint64_t id, struct fat_node **n)
{
	return id ? fat_get(&vol, id, n) : -ENOENT;
}

static int64_t fs_lookup(struct lc_msg *m)
{
	struct fat_stat st;
	char name[FAT_NAME_BYTES];
	struct fat_node *dir, *n;
	int r = name_at(m->badge, m->w[1], m->w[2], name);

	if (!r)
		r = node(m->w[0], &dir);
	if (r)
		return r;
	r = fat_lookup(&vol, dir, name, &n);
	fat_put(&vol, dir);
	if (r)
		return r;
	r = fat_stat(&vol, n, &st);
	m->w[1] = n->id;
	m->w[2] = st.mode;
	m->w[3] = st.size;
	fat_put(&vol, n);
	return r;
}

static int64_t fs_open(struct lc_msg *m)
{
	struct fat_node *n;
	int r = node(m->w[0], &n);

	if (r)
		return r;
	for (int i = 0; i < OPEN_MAX; i++) {
		if (!opens[i].node) {
			opens[i] = (struct open_file){ m->badge, n };
			return 0;
		}
	}
	fat_put(&vol, n);
	return -ENFILE;
}

static int64_t fs_close(struct lc_msg *m)
{
	for (int i = 0; i < OPEN_MAX; i++) {
		if (opens[i].node && opens[i].badge == m->badge && opens[i].node->id == m->w[0]) {
			fat_put(&vol, opens[i].node);
			opens[i].node = NULL;
			return 0;
		}
	}
	return -EBADF;
}

/* held: the node client badge holds open under id: an unlinked file is
 * reachable only so (its id names no directory entry any more). */
static struct fat_node *held(uint64_t badge, uint64_t id)
{
	for (int i = 0; i < OPEN_MAX; i++)
		if (opens[i].node && opens[i].badge == badge && opens[i].node->id == id)
			return opens[i].node;
	return NULL;
}

static int64_t fs_io(struct lc_msg *m, int write)
{
	void *buf = span(m->badge, m->w[3], m->w[2]);
	struct fat_node *n = held(m->badge, m->w[0]);
	int borrowed = n != NULL;
	long r;

	if (!buf)
		return -EFAULT;
	if (!n && (r = node(m->w[0], &n)) != 0)
		return r;
	if (fat_is_dir(n))
		r = -EISDIR;
	else
		r = write ? fat_write(&vol, n, m->w[1], buf, m->w[2])
			  : fat_read(&vol, n, m->w[1], buf, m->w[2]);
	if (!borrowed)
		fat_put(&vol, n);
	return r;
}

/* fs_readdir: as many entries as fit, each 8-byte aligned. */
static int64_t fs_readdir(struct lc_msg *m)
{
	static struct fat_dirent de;
	uint8_t *out = span(m->badge, m->w[2], m->w[3]);
	uint64_t cookie = m->w[1], used = 0, count = 0;
	struct fat_node *dir;
	int r;

	if (!out)
		return -EFAULT;
	r = node(m->w[0], &dir);
	if (r)
		return r;
	for (;;) {
		uint64_t keep = cookie, len, rec;

		r = fat_readdir(&vol, dir, &cookie, &de);   /* 1: an entry, 0: the end */
		if (r <= 0)
			break;
		len = strlen(de.name);
		rec = (sizeof(struct fs_dirent) + len + 1 + 7) & ~7UL;
		if (used + rec > m->w[3]) {
			cookie = keep;          /* it comes first next time */
			r = 0;
			break;
		}
		struct fs_dirent *d = (struct fs_dirent *)(out + used);

		d->id = de.id;
		d->is_dir = de.is_dir;
		d->name_len = (uint32_t)len;
		memcpy(d->name, de.name, len + 1);
		used += rec;
		count++;
	}
	fat_put(&vol, dir);
	if (r < 0)
		return r;
	m->w[1] = cookie;
	return (int64_t)count;
}

static int64_t fs_stat(struct lc_msg *m)
{
	struct fat_node *n;
	int r = node(m->w[0], &n);

	if (r)
		return r;
	r = (int)stat_node(m, n);
	fat_put(&vol, n);
	return r;
}

static int64_t fs_statfs(struct lc_msg *m)
{
	struct fat_statfs st;
	int r = fat_statfs(&vol, &st);

	m->w[1] = st.cluster_size;
	m->w[2] = st.clusters;
	m->w[3] = st.free_clusters;
	m->w[4] = st.name_max;
	return r;
}

/* in_dir: op(dir, name) for the requests that name a directory entry. */
static int64_t in_dir(struct lc_msg *m, int op)
{
	char name[FAT_NAME_BYTES];
	struct fat_node *dir, *n = NULL;
	int r = name_at(m->badge, m->w[1], m->w[2], name);

	if (!r)
		r = node(m->w[0], &dir);
	if (r)
		return r;
	switch (op) {
	case FS_CREATE:
		r = fat_create(&vol, dir, name, m->w[3] & FS_DIR, &n);
		if (!r) {
			m->w[1] = n->id;
			fat_put(&vol, n);
		}
		break;
	case FS_UNLINK: r = fat_unlink(&vol, dir, name); break;
	default:        r = fat_rmdir(&vol, dir, name); break;
	}
	fat_put(&vol, dir);
	return r;
}

static int64_t fs_rename(struct lc_msg *m)
{
	char from[FAT_NAME_BYTES], to[FAT_NAME_BYTES];
	struct fat_node *sdir, *ddir;
	int r = name_at(m->badge, m->w[1], m->w[2], from);

	if (!r)
		r = name_at(m->badge, m->w[4], m->w[5], to);
	if (!r)
		r = node(m->w[0], &sdir);
	if (r)
		return r;
	r = node(m->w[3], &ddir);
	if (!r) {
		r = fat_rename(&vol, sdir, from, ddir, to);
		fat_put(&vol, ddir);
	}
	fat_put(&vol, sdir);
	return r;
}

/* on_node: the requests that change one node. */
static int64_t on_node(struct lc_msg *m, int op)
{
	struct fat_node *n;
	int r = node(m->w[0], &n);

	if (r)
		return r;
	switch (op) {
	case FS_TRUNCATE: r = fat_truncate(&vol, n, m->w[1]); break;
	case FS_SETTIMES: r = fat_settimes(&vol, n, (int64_t)m->w[1], (int64_t)m->w[2]); break;
	case FS_CHMOD:    r = fat_set_rdonly(&vol, n, m->w[1] != 0); break;
	default:          r = fat_fsync(&vol, n); break;
	}
	fat_put(&vol, n);
	return r;
}

int64_t fs_request(struct lc_msg *m)
{
	unsigned op = MSG_LABEL(m->info);

	switch (op) {
	case FS_ATTACH:   return fs_attach(m);
	case FS_LOOKUP:   return fs_lookup(m);
	case FS_OPEN:     return fs_open(m);
	case FS_CLOSE:    return fs_close(m);
	case FS_READ:     return fs_io(m, 0);
	case FS_WRITE:    return fs_io(m, 1);
	case FS_READDIR:  return fs_readdir(m);
	case FS_STAT:     return fs_stat(m);
	case FS_STATFS:   return fs_statfs(m);
	case FS_CREATE:
	case FS_UNLINK:
	case FS_RMDIR:    return in_dir(m, (int)op);
	case FS_RENAME:   return fs_rename(m);
	case FS_TRUNCATE:
	case FS_SETTIMES:
	case FS_CHMOD:
	case FS_FSYNC:    return on_node(m, (int)op);
	case FS_SYNC:     return fat_sync(&vol);
	case FS_UNMOUNT:  return fat_unmount(&vol);
	default:          return -ENOSYS;
	}
}
