/*
 * fat.h: the public interface of Lichen's FAT32 core library.
 *
 * The core is pure C11 with no operating-system calls: it reaches the disk
 * only through struct fat_dev (read, write and flush of 512-byte device
 * sectors), it keeps every piece of state in struct fat_vol and in one
 * block of memory the caller hands to fat_mount(), and it reports problems
 * through a log callback.  The same code runs on the host over an image
 * file (tests, tools/mkfatimg) and in the fat32fs server over blk.
 *
 * Every function that can fail returns a negative Linux errno value
 * (-EIO, -ENOENT, -ENOSPC ...) and 0 or a positive count on success.
 *
 * Files are named by ids derived from their place on disk: the position of
 * their short directory entry divided by 32.  The root directory has the
 * fixed id FAT_ROOT_ID.  Ids stay valid across a restart of the server
 * (they change on rename, as the entry moves).  A file in use is a
 * struct fat_node held in the volume's node table, counted by references;
 * a file unlinked while referenced keeps its clusters until its last
 * fat_put(), like an unlinked open file on Linux.
 */
#ifndef FAT_H
#define FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAT_ROOT_ID     1u      /* id of the root directory */
#define FAT_NAME_MAX    255     /* longest name, in UTF-16 units */
#define FAT_NAME_BYTES  768     /* buffer for a UTF-8 name and its NUL */
#define FAT_NODES       256     /* files in use at once, per volume */
#define FAT_DEV_SECTOR  512     /* size of a device sector */

/* Unix mode bits reported by fat_stat() (the Linux values). */
#define FAT_S_IFDIR     0040000u
#define FAT_S_IFREG     0100000u

/* FAT attribute bits (directory entry byte 11). */
#define FAT_ATTR_RDONLY 0x01
#define FAT_ATTR_HIDDEN 0x02
#define FAT_ATTR_SYSTEM 0x04
#define FAT_ATTR_VOLID  0x08
#define FAT_ATTR_DIR    0x10
#define FAT_ATTR_ARCH   0x20
#define FAT_ATTR_LFN    0x0f

/*
 * The block device: 512-byte sectors counted from the start of the disk.
 * Each function returns 0 or a negative errno.  nsectors is the size of
 * the disk (0 when unknown).
 */
struct fat_dev {
	void *ctx;
	int (*read)(void *ctx, uint64_t sector, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t sector, uint32_t count, const void *buf);
	int (*flush)(void *ctx);
	uint64_t nsectors;
};

/* Mount options and the two services the core needs from its host. */
struct fat_opts {
	void *ctx;
	void (*log)(void *ctx, const char *msg);   /* one line, no newline */
	int64_t (*now)(void *ctx);                 /* Unix time in seconds */
	bool rdonly;
	bool recover;   /* write what a crashed instance left in mem first */
	bool resume;    /* with recover: that instance stopped between two
			 * operations (its caller knows), so the volume is
			 * as it left it: its dirty flags are ours, not a
			 * sign of damage */
};

/* A file or directory in use; fields are read-only for callers. */
struct fat_node {
	uint64_t id;            /* 0: table slot free */
	uint64_t pos;           /* byte position of the short entry (0: root) */
	uint32_t parent;        /* first cluster of the parent, 0 if unknown */
	uint32_t hint_idx;      /* last cluster index mapped, and its cluster */
	uint32_t hint_clus;
	uint16_t refs;
	uint8_t flags;          /* FAT_NODE_* */
	uint8_t de[32];         /* the short directory entry, kept current */
};

#define FAT_NODE_ORPHAN 0x01    /* unlinked: no entry, clusters kept */
#define FAT_NODE_BAD    0x02    /* found corrupt: every access is -EIO */
#define FAT_NODE_CHECKED 0x04   /* chain walked once and found sound */

/* What fat_stat() reports. */
struct fat_stat {
	uint64_t id;
	uint32_t mode;
	uint32_t nlink;
	uint64_t size;
	uint64_t blocks;        /* 512-byte units allocated */
	uint32_t blksize;       /* the cluster size */
	uint8_t attr;
	int64_t mtime, atime, ctime, btime;    /* Unix seconds */
};

/* What fat_statfs() reports. */
struct fat_statfs {
	uint32_t cluster_size;
	uint32_t clusters;
	uint32_t free_clusters;
	uint32_t name_max;
};

/* One entry returned by fat_readdir(). */
struct fat_dirent {
	uint64_t id;
	bool is_dir;
	char name[FAT_NAME_BYTES];     /* UTF-8, NUL-terminated */
};

/* Options of fat_format(); zero fields take defaults. */
struct fat_format_opts {
	uint64_t size;          /* bytes of the whole disk (or bare volume) */
	uint32_t cluster_size;  /* 512..32768; 0 picks as mkfs.fat does */
	bool mbr;               /* one partition (type 0x0c) at 1 MiB */
	bool tiny;              /* allow fewer than 65525 clusters */
	uint32_t serial;
	int64_t time;           /* Unix time stamped on the volume */
	char label[12];
};

struct fat_cache;

/* A mounted volume; callers treat it as opaque. */
struct fat_vol {
	struct fat_dev dev;
	struct fat_opts opts;
	uint64_t part_lba;      /* volume start, in device sectors */
	uint32_t bps, spc, csize;          /* sector and cluster bytes */
	uint32_t bps_shift, csize_shift;
	uint32_t total_sectors;
	uint32_t fat_start, fat_size, nfats, active_fat;
	bool mirror;
	uint32_t data_start;    /* first sector of cluster 2 */
	uint32_t nclusters;     /* data clusters: valid numbers 2..nclusters+1 */
	uint32_t root_clus;
	uint32_t serial;        /* volume serial number (boot sector) */
	uint32_t fsinfo_sec;    /* 0: none */
	uint32_t free_count, next_free;
	bool was_dirty;         /* the volume was not cleanly unmounted */
	bool recovered;         /* mem held this volume's cache (opts.recover) */
	bool mounted;
	uint8_t *pred;          /* 2 bits per cluster: has predecessor, two */
	struct fat_cache *cache;
	struct fat_node nodes[FAT_NODES];
	uint8_t tails[2048];    /* scratch: numeric tails in use (~1..~16383) */
};

/* Mounting (fat_mount.c) */
int fat_mount(struct fat_vol *v, const struct fat_dev *dev,
	const struct fat_opts *opts, void *mem, size_t memsize);
int fat_unmount(struct fat_vol *v);
int fat_sync(struct fat_vol *v);
int fat_statfs(struct fat_vol *v, struct fat_statfs *st);

/* Nodes (fat_node.c) */
int fat_get(struct fat_vol *v, uint64_t id, struct fat_node **out);
void fat_put(struct fat_vol *v, struct fat_node *n);
int fat_stat(struct fat_vol *v, struct fat_node *n, struct fat_stat *st);
int fat_settimes(struct fat_vol *v, struct fat_node *n, int64_t atime,
	int64_t mtime);
int fat_set_rdonly(struct fat_vol *v, struct fat_node *n, bool rdonly);
int fat_fsync(struct fat_vol *v, struct fat_node *n);
bool fat_is_dir(const struct fat_node *n);
uint32_t fat_size(const struct fat_node *n);

/* Directories (fat_dir.c) */
int fat_lookup(struct fat_vol *v, struct fat_node *dir, const char *name,
	struct fat_node **out);
int fat_readdir(struct fat_vol *v, struct fat_node *dir, uint64_t *cookie,
	struct fat_dirent *out);

/* Changing the namespace (fat_ops.c) */
int fat_create(struct fat_vol *v, struct fat_node *dir, const char *name,
	bool is_dir, struct fat_node **out);
int fat_unlink(struct fat_vol *v, struct fat_node *dir, const char *name);
int fat_rmdir(struct fat_vol *v, struct fat_node *dir, const char *name);
int fat_rename(struct fat_vol *v, struct fat_node *sdir, const char *sname,
	struct fat_node *ddir, const char *dname);

/* File contents (fat_file.c) */
long fat_read(struct fat_vol *v, struct fat_node *n, uint64_t off,
	void *buf, size_t len);
long fat_write(struct fat_vol *v, struct fat_node *n, uint64_t off,
	const void *buf, size_t len);
int fat_truncate(struct fat_vol *v, struct fat_node *n, uint64_t size);

/* Formatting a new volume (fat_format.c) */
int fat_format(const struct fat_dev *dev, const struct fat_format_opts *o);

#endif
