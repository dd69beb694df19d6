/*
 * fat_node.c: the node table (files and directories in use), ids, stat,
 * times and attributes.
 *
 * A node's id is the byte position of its short directory entry divided
 * by 32, so it can be found again from the disk alone after a restart
 * (fat_get); the root has FAT_ROOT_ID.  The node keeps a copy of its
 * 32-byte entry, and every change to the copy is written back to the
 * entry at once (through the cache), so the two never disagree.  A node
 * unlinked while in use is an orphan: it has no entry any more, keeps its
 * clusters, and is never found by id; its clusters are freed at its last
 * fat_put().  FAT times are local times without a zone: Lichen treats
 * them as UTC.
 */
#include "fat_int.h"

#define FAT_EPOCH 315532800     /* 1980-01-01 00:00:00 UTC */
#define FAT_LAST  4354819198LL  /* 2107-12-31 23:59:58 UTC */

/* node_find returns the live (not orphaned) node with this id, or NULL. */
struct fat_node *node_find(struct fat_vol *v, uint64_t id)
{
	for (int i = 0; i < FAT_NODES; i++)
		if (v->nodes[i].id == id && !(v->nodes[i].flags & FAT_NODE_ORPHAN))
			return &v->nodes[i];
	return NULL;
}

/* node_new takes a free table slot for id with entry de; -ENFILE when all are in use. */
static int node_new(struct fat_vol *v, uint64_t id, uint64_t pos, const uint8_t *de,
	uint32_t parent, struct fat_node **out)
{
	for (int i = 0; i < FAT_NODES; i++) {
		struct fat_node *n = &v->nodes[i];
		if (n->id)
			continue;
		memset(n, 0, sizeof(*n));
		n->id = id;
		n->pos = pos;
		n->parent = parent;
		n->refs = 1;
		memcpy(n->de, de, 32);
		*out = n;
		return 0;
	}
	fat_log(v, "node table full");
	return -ENFILE;
}

/* node_get_ent returns (referenced) the node of the entry de found at pos. */
int node_get_ent(struct fat_vol *v, uint64_t pos, const uint8_t *de,
	uint32_t parent, struct fat_node **out)
{
	struct fat_node *n = node_find(v, pos / 32);

	if (n) {
		n->refs++;
		if (parent)
			n->parent = parent;
		*out = n;
		return 0;
	}
	return node_new(v, pos / 32, pos, de, parent, out);
}

/* root_get returns the root directory's node, with a made-up entry. */
static int root_get(struct fat_vol *v, struct fat_node **out)
{
	uint8_t de[32] = { 0 };
	struct fat_node *n = node_find(v, FAT_ROOT_ID);

	if (n) {
		n->refs++;
		*out = n;
		return 0;
	}
	memset(de, ' ', 11);
	de[DE_ATTR] = FAT_ATTR_DIR;
	de_set_first(de, v->root_clus);
	return node_new(v, FAT_ROOT_ID, 0, de, 0, out);
}

/*
 * fat_get returns (referenced) the node with this id: the root, a node in
 * use, or the file whose short entry is at position id * 32 on disk.
 * Returns -ENOENT if no live entry is there (the id is stale).  Ids must
 * come from this volume: the core cannot tell a forged id that points at
 * something shaped like an entry.
 */
int fat_get(struct fat_vol *v, uint64_t id, struct fat_node **out)
{
	struct fat_node *n;
	uint64_t pos = id * 32;
	uint8_t *b, de[32];
	int r;

	if (id == FAT_ROOT_ID)
		return root_get(v, out);
	if ((n = node_find(v, id))) {
		n->refs++;
		*out = n;
		return 0;
	}
	if (id >= (uint64_t)v->total_sectors << v->bps_shift >> 5 ||
			pos >> v->bps_shift < v->data_start)
		return -ENOENT;
	if ((r = bc_get(v, (uint32_t)(pos >> v->bps_shift), 0, &b)) < 0)
		return r;
	memcpy(de, b + (pos & (v->bps - 1)), 32);
	if (de[0] == DE_END || de[0] == DE_FREE || de[0] == '.' ||
			(de[DE_ATTR] & 0x3f) == FAT_ATTR_LFN || (de[DE_ATTR] & FAT_ATTR_VOLID))
		return -ENOENT;
	return node_new(v, id, pos, de, 0, out);
}

/*
 * fat_put drops a reference taken by fat_get, fat_lookup or fat_create.
 * At the last one, an orphan's clusters are freed.
 */
void fat_put(struct fat_vol *v, struct fat_node *n)
{
	if (!n || --n->refs > 0)
		return;
	if ((n->flags & FAT_NODE_ORPHAN) && !(n->flags & FAT_NODE_BAD) && de_first(n->de))
		fat_free_chain(v, de_first(n->de));
	n->id = 0;
}

/* node_check returns -EIO for a node found corrupt. */
int node_check(struct fat_vol *v, struct fat_node *n)
{
	(void)v;
	return (n->flags & FAT_NODE_BAD) ? -EIO : 0;
}

/* node_store writes the node's entry copy back to its place on disk. */
int node_store(struct fat_vol *v, struct fat_node *n)
{
	if ((n->flags & FAT_NODE_ORPHAN) || n->id == FAT_ROOT_ID)
		return 0;
	return dir_write_slot(v, n->pos, n->de);
}

/* days_from_civil counts days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* fat_time_put converts Unix time t into FAT date and time fields (clamped to 1980..2107). */
void fat_time_put(int64_t t, uint8_t *date, uint8_t *time)
{
	int64_t days, z, era;
	unsigned doe, yoe, doy, mp, d, m, y, secs;

	t = t < FAT_EPOCH ? FAT_EPOCH : t > FAT_LAST ? FAT_LAST : t;
	days = t / 86400;
	secs = (unsigned)(t % 86400);
	z = days + 719468;
	era = z / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = (unsigned)(yoe + era * 400) + (m <= 2);
	put16(date, (uint16_t)((y - 1980) << 9 | m << 5 | d));
	if (time)
		put16(time, (uint16_t)((secs / 3600) << 11 | (secs / 60 % 60) << 5 | (secs % 60) / 2));
}

/* fat_time_get converts FAT date and time (time may be NULL) to Unix time. */
static int64_t fat_time_get(const uint8_t *date, const uint8_t *time)
{
	uint16_t d = le16(date), t = time ? le16(time) : 0;
	unsigned m = (d >> 5) & 15, day = d & 31;

	if (d == 0 || m < 1 || m > 12 || day < 1)
		return FAT_EPOCH;
	return days_from_civil(1980 + (d >> 9), m, day) * 86400 +
		(t >> 11) * 3600 + ((t >> 5) & 63) * 60 + (t & 31) * 2;
}

/* fat_now is the current time from the host, within FAT's range. */
int64_t fat_now(struct fat_vol *v)
{
	return v->opts.now ? v->opts.now(v->opts.ctx) : FAT_EPOCH;
}

/* node_touch stamps the entry copy as accessed now, and modified if asked. */
void node_touch(struct fat_vol *v, struct fat_node *n, bool modified)
{
	int64_t t = fat_now(v);

	fat_time_put(t, n->de + DE_ADATE, NULL);
	if (modified) {
		fat_time_put(t, n->de + DE_MDATE, n->de + DE_MTIME);
		if (!de_is_dir(n->de))
			n->de[DE_ATTR] |= FAT_ATTR_ARCH;
	}
}

/* fat_is_dir says whether the node is a directory. */
bool fat_is_dir(const struct fat_node *n)
{
	return de_is_dir(n->de);
}

/* fat_size is the size of the file in bytes (0 for a directory). */
uint32_t fat_size(const struct fat_node *n)
{
	return de_is_dir(n->de) ? 0 : le32(n->de + DE_SIZE);
}

/*
 * fat_stat describes a node: mode 0755 for files and directories, without
 * the write bits when the read-only attribute is set; times from the entry.
 */
int fat_stat(struct fat_vol *v, struct fat_node *n, struct fat_stat *st)
{
	const uint8_t *de = n->de;
	uint64_t size = fat_size(n);

	memset(st, 0, sizeof(*st));
	st->id = n->id;
	st->mode = (fat_is_dir(n) ? FAT_S_IFDIR : FAT_S_IFREG) | 0755;
	if (de[DE_ATTR] & FAT_ATTR_RDONLY)
		st->mode &= ~0222u;
	st->nlink = 1;
	st->size = size;
	st->blocks = fat_is_dir(n) ? v->csize / 512 : ((size + v->csize - 1) >> v->csize_shift) * (v->csize / 512);
	st->blksize = v->csize;
	st->attr = de[DE_ATTR];
	st->mtime = fat_time_get(de + DE_MDATE, de + DE_MTIME);
	st->atime = fat_time_get(de + DE_ADATE, NULL);
	st->btime = fat_time_get(de + DE_CDATE, de + DE_CTIME);
	st->ctime = st->mtime;
	if (n->id == FAT_ROOT_ID)
		st->mtime = st->atime = st->btime = st->ctime = FAT_EPOCH;
	return 0;
}

/* fat_settimes sets access and modification times; a negative time is left as it is. */
int fat_settimes(struct fat_vol *v, struct fat_node *n, int64_t atime, int64_t mtime)
{
	if (v->opts.rdonly)
		return -EROFS;
	if (n->id == FAT_ROOT_ID)
		return 0;
	if (atime >= 0)
		fat_time_put(atime, n->de + DE_ADATE, NULL);
	if (mtime >= 0)
		fat_time_put(mtime, n->de + DE_MDATE, n->de + DE_MTIME);
	return node_store(v, n);
}

/* fat_set_rdonly sets or clears the read-only attribute (chmod's only effect). */
int fat_set_rdonly(struct fat_vol *v, struct fat_node *n, bool rdonly)
{
	if (v->opts.rdonly)
		return -EROFS;
	if (n->id == FAT_ROOT_ID)
		return 0;
	n->de[DE_ATTR] = (uint8_t)(rdonly ? n->de[DE_ATTR] | FAT_ATTR_RDONLY :
		n->de[DE_ATTR] & ~FAT_ATTR_RDONLY);
	return node_store(v, n);
}

/* fat_fsync makes the node's data and metadata durable (it syncs the whole volume). */
int fat_fsync(struct fat_vol *v, struct fat_node *n)
{
	(void)n;
	return fat_sync(v);
}
