/*
 * fat_mount.c: mounting and unmounting a FAT32 volume: finding it (a bare
 * volume or the first FAT32 partition of an MBR disk), validating its boot
 * sector, FSInfo, the dirty flags, and sync.
 *
 * A volume is FAT32 the way Linux decides it: the 16-bit FAT size is zero
 * and the 32-bit one is not.  While a volume is mounted read-write it is
 * marked dirty twice, as Linux does (bit 0 of boot sector byte 0x41) and as
 * Windows does (bit 27 of FAT[1] cleared); a clean unmount sets both back.
 * A volume found dirty at mount is left dirty, as Linux does, so that
 * fsck.fat still sees it was not cleanly unmounted; unless the caller
 * resumes from the cache of an instance that stopped between two
 * operations (opts.resume): then the flags were that instance's.
 */
#include <stdarg.h>
#include <stdio.h>

#include "fat_int.h"

#define BS_STATE 0x41
#define FSI_LEAD 0x41615252u
#define FSI_STRUC 0x61417272u
#define FSI_TRAIL 0xaa550000u

/* fat_log formats one line and hands it to the log callback, if any. */
void fat_log(struct fat_vol *v, const char *fmt, ...)
{
	char line[192];
	va_list ap;

	if (!v->opts.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	v->opts.log(v->opts.ctx, line);
}

/* bad logs why the boot sector is refused and returns -EIO. */
static int bad(struct fat_vol *v, const char *why)
{
	fat_log(v, "not a valid FAT32 volume: %s", why);
	return -EIO;
}

static bool pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

static uint32_t log2u(uint32_t x)
{
	uint32_t s = 0;

	while ((1u << s) < x)
		s++;
	return s;
}

/* parse_geometry checks the sizes in the BPB and fills v's geometry. */
static int parse_geometry(struct fat_vol *v, const uint8_t *b)
{
	uint32_t reserved = le16(b + 14), total = le16(b + 19);
	uint64_t meta, fat_entries;

	v->bps = le16(b + 11);
	v->spc = b[13];
	v->nfats = b[16];
	if (!pow2(v->bps) || v->bps < 512 || v->bps > 4096)
		return bad(v, "bytes per sector");
	if (!pow2(v->spc) || v->bps * v->spc > 32768)
		return bad(v, "cluster size");
	if (reserved < 1 || v->nfats < 1 || v->nfats > 4)
		return bad(v, "reserved sectors or FAT count");
	if (le16(b + 17) != 0 || le16(b + 22) != 0 || le32(b + 36) == 0)
		return bad(v, "not FAT32 (FAT12 and FAT16 are not supported)");
	v->total_sectors = total ? total : le32(b + 32);
	v->fat_start = reserved;
	v->fat_size = le32(b + 36);
	meta = reserved + (uint64_t)v->nfats * v->fat_size;
	if (meta >= v->total_sectors)
		return bad(v, "FATs larger than the volume");
	v->data_start = (uint32_t)meta;
	v->nclusters = (uint32_t)((v->total_sectors - meta) / v->spc);
	fat_entries = (uint64_t)v->fat_size * v->bps / 4;
	if (v->nclusters < 1 || v->nclusters > 0x0ffffff5u)
		return bad(v, "cluster count");
	if (fat_entries < (uint64_t)v->nclusters + 2)
		return bad(v, "the FAT is too small for the clusters it claims");
	return 0;
}

/* parse_bpb validates the boot sector in b and fills v (geometry, root, FSInfo). */
static int parse_bpb(struct fat_vol *v, const uint8_t *b)
{
	uint16_t ext;
	int r;

	if (b[510] != 0x55 || b[511] != 0xaa || (b[0] != 0xeb && b[0] != 0xe9))
		return bad(v, "no boot sector signature");
	if ((r = parse_geometry(v, b)) < 0)
		return r;
	v->bps_shift = log2u(v->bps);
	v->csize = v->bps * v->spc;
	v->csize_shift = log2u(v->csize);
	ext = le16(b + 40);
	v->mirror = !(ext & 0x80);
	v->active_fat = v->mirror ? 0 : (ext & 0x0f);
	if (v->active_fat >= v->nfats)
		return bad(v, "active FAT");
	if (le16(b + 42) != 0)
		return bad(v, "unknown FAT32 version");
	v->root_clus = le32(b + 44);
	v->serial = le32(b + 67);
	if (!fat_valid_clus(v, v->root_clus))
		return bad(v, "root cluster");
	v->fsinfo_sec = le16(b + 48);
	if (v->fsinfo_sec == 0xffff || v->fsinfo_sec >= v->fat_start)
		v->fsinfo_sec = 0;
	return 0;
}

/* find_volume reads the boot sector, looking in the MBR's first FAT32 partition if needed. */
static int find_volume(struct fat_vol *v, uint8_t *b)
{
	static const uint8_t fat32_types[] = { 0x0b, 0x0c, 0x1b, 0x1c };
	struct fat_opts quiet = v->opts;
	int r;

	if (v->dev.read(v->dev.ctx, 0, 1, b) < 0)
		return -EIO;
	v->opts.log = NULL;
	r = parse_bpb(v, b);
	v->opts = quiet;
	if (r == 0 || b[510] != 0x55 || b[511] != 0xaa)
		return r == 0 ? 0 : parse_bpb(v, b);
	for (int i = 0; i < 4; i++) {
		const uint8_t *p = b + 446 + 16 * i;
		if (!memchr(fat32_types, p[4], sizeof(fat32_types)) || le32(p + 8) == 0)
			continue;
		v->part_lba = le32(p + 8);
		if (v->dev.read(v->dev.ctx, v->part_lba, 1, b) < 0)
			return -EIO;
		return parse_bpb(v, b);
	}
	return parse_bpb(v, b);
}

/* read_fsinfo compares FSInfo with the FAT scan and logs a stale count. */
static void read_fsinfo(struct fat_vol *v)
{
	uint8_t *b;

	if (!v->fsinfo_sec || bc_get(v, v->fsinfo_sec, 0, &b) < 0)
		return;
	if (le32(b) != FSI_LEAD || le32(b + 484) != FSI_STRUC || le32(b + 508) != FSI_TRAIL) {
		fat_log(v, "FSInfo sector has bad signatures; ignored");
		v->fsinfo_sec = 0;
		return;
	}
	if (le32(b + 488) != v->free_count && le32(b + 488) != 0xffffffffu)
		fat_log(v, "FSInfo free count %u is wrong (%u free); corrected at sync",
			le32(b + 488), v->free_count);
}

/* set_clean writes the two clean/dirty flags (in the cache). */
static int set_clean(struct fat_vol *v, bool clean)
{
	uint32_t val;
	uint8_t *b;
	int r;

	if ((r = bc_get(v, 0, 0, &b)) < 0)
		return r;
	b[BS_STATE] = (uint8_t)(clean ? b[BS_STATE] & ~1 : b[BS_STATE] | 1);
	bc_dirty(v, 0, BC_META);
	if ((r = fat_entry(v, 1, &val)) < 0)
		return r;
	return fat_set(v, 1, clean ? val | FAT_CLEAN_BIT : val & ~FAT_CLEAN_BIT);
}

/* check_state notes whether the volume was cleanly unmounted last time. */
static int check_state(struct fat_vol *v)
{
	uint32_t val;
	uint8_t *b;
	int r;

	if ((r = bc_get(v, 0, 0, &b)) < 0)
		return r;
	v->was_dirty = b[BS_STATE] & 1;
	if ((r = fat_entry(v, 1, &val)) < 0)
		return r;
	if (!(val & FAT_CLEAN_BIT))
		v->was_dirty = true;
	if (v->recovered && v->opts.resume)
		v->was_dirty = false;           /* dirty because our last instance had it */
	if (v->was_dirty)
		fat_log(v, "volume was not cleanly unmounted; run fsck.fat");
	return 0;
}

/*
 * setup_memory puts the predecessor map at the start of mem and the cache
 * after it (the cache alone if both do not fit), first writing out what a
 * crashed instance left there when asked to; then it scans the FAT.
 */
static int setup_memory(struct fat_vol *v, void *mem, size_t size)
{
	size_t map = ((size_t)(v->nclusters + 2 + 3) / 4 + 63) & ~(size_t)63;
	uintptr_t a = ((uintptr_t)mem + 63) & ~(uintptr_t)63;
	bool with_map;
	uint8_t *cache;
	int r;

	if (a - (uintptr_t)mem + 64 > size)
		return -ENOMEM;
	size -= a - (uintptr_t)mem;
	with_map = size > map + 65536;
	cache = (uint8_t *)a + (with_map ? map : 0);
	size -= with_map ? map : 0;
	if (v->opts.recover && !v->opts.rdonly && (r = bc_recover(v, cache, size)) < 0)
		return r;
	if (bc_init(v, cache, size) < 0)
		return -ENOMEM;
	if (!with_map)
		fat_log(v, "memory too small for cross-link checks; they are off");
	return fat_scan(v, with_map ? (uint8_t *)a : NULL);
}

/*
 * fat_mount mounts the volume on dev.  mem (memsize bytes, owned by the
 * caller until fat_unmount) holds the block cache and the cluster map; a
 * few MiB is plenty.  Returns -EIO for a device that holds no valid FAT32
 * volume and -ENOMEM when mem is too small.
 */
int fat_mount(struct fat_vol *v, const struct fat_dev *dev,
	const struct fat_opts *opts, void *mem, size_t memsize)
{
	uint8_t b[FAT_DEV_SECTOR];
	int r;

	memset(v, 0, sizeof(*v));
	v->dev = *dev;
	if (opts)
		v->opts = *opts;
	if ((r = find_volume(v, b)) < 0)
		return r;
	if (dev->nsectors && v->part_lba + (uint64_t)v->total_sectors *
			(v->bps / FAT_DEV_SECTOR) > dev->nsectors)
		return bad(v, "volume larger than the device");
	if ((r = setup_memory(v, mem, memsize)) < 0)
		return r;
	read_fsinfo(v);
	if ((r = check_state(v)) < 0)
		return r;
	if (!v->opts.rdonly && !v->was_dirty) {
		if ((r = set_clean(v, false)) < 0 || (r = bc_flush(v)) < 0)
			return r;
	}
	v->mounted = true;
	return 0;
}

/* write_fsinfo puts the free count and the next-free hint into FSInfo. */
static int write_fsinfo(struct fat_vol *v)
{
	uint8_t *b;
	int r;

	if (!v->fsinfo_sec)
		return 0;
	if ((r = bc_get(v, v->fsinfo_sec, 0, &b)) < 0)
		return r;
	if (le32(b + 488) == v->free_count && le32(b + 492) == v->next_free)
		return 0;
	put32(b + 488, v->free_count);
	put32(b + 492, v->next_free);
	bc_dirty(v, v->fsinfo_sec, BC_META);
	return 0;
}

/* fat_sync writes everything the cache holds, in flush order, and FSInfo. */
int fat_sync(struct fat_vol *v)
{
	int r;

	if (v->opts.rdonly)
		return 0;
	if ((r = write_fsinfo(v)) < 0 || (r = bc_flush(v)) < 0)
		return r;
	if (v->dev.flush && v->dev.flush(v->dev.ctx) < 0)
		return -EIO;
	return 0;
}

/*
 * fat_unmount frees the clusters of unlinked files still in use, syncs,
 * and marks the volume clean.  The volume must not be used afterwards.
 */
int fat_unmount(struct fat_vol *v)
{
	int r;

	for (int i = 0; i < FAT_NODES; i++) {
		struct fat_node *n = &v->nodes[i];
		if (n->id && (n->flags & FAT_NODE_ORPHAN) && !(n->flags & FAT_NODE_BAD) &&
				de_first(n->de))
			fat_free_chain(v, de_first(n->de));
		n->id = 0;
	}
	if ((r = fat_sync(v)) < 0)
		return r;
	if (!v->opts.rdonly && !v->was_dirty) {
		if ((r = set_clean(v, true)) < 0 || (r = fat_sync(v)) < 0)
			return r;
	}
	v->mounted = false;
	return 0;
}

/* fat_statfs reports the size and free space of the volume. */
int fat_statfs(struct fat_vol *v, struct fat_statfs *st)
{
	st->cluster_size = v->csize;
	st->clusters = v->nclusters;
	st->free_clusters = v->free_count;
	st->name_max = FAT_NAME_MAX;
	return 0;
}
