/*
 * fat_int.h: what the files of the FAT32 core share among themselves and
 * no caller needs: little-endian accessors, the on-disk layout of
 * directory entries, and the internal interfaces of the block cache, the
 * FAT, names and directories.
 */
#ifndef FAT_INT_H
#define FAT_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fat.h"

/* Little-endian loads and stores: the disk format is little-endian. */
static inline uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static inline void put16(uint8_t *p, uint16_t x)
{
	p[0] = (uint8_t)x;
	p[1] = (uint8_t)(x >> 8);
}

static inline void put32(uint8_t *p, uint32_t x)
{
	put16(p, (uint16_t)x);
	put16(p + 2, (uint16_t)(x >> 16));
}

/* Short directory entry fields (offsets in the 32-byte entry). */
#define DE_NAME     0
#define DE_ATTR     11
#define DE_NTRES    12
#define DE_CTENTH   13
#define DE_CTIME    14
#define DE_CDATE    16
#define DE_ADATE    18
#define DE_CLUSHI   20
#define DE_MTIME    22
#define DE_MDATE    24
#define DE_CLUSLO   26
#define DE_SIZE     28
#define DE_FREE     0xe5    /* first byte of a deleted entry */
#define DE_END      0x00    /* first byte of the end marker */
#define NT_LOWER_BASE 0x08
#define NT_LOWER_EXT  0x10

/* FAT entry values (28 bits used). */
#define FAT_MASK    0x0fffffffu
#define FAT_BAD     0x0ffffff7u
#define FAT_EOC     0x0fffffffu
#define FAT_IS_EOC(x) ((x) >= 0x0ffffff8u)
#define FAT_CLEAN_BIT 0x08000000u   /* FAT[1]: clean shutdown (Windows) */

#define DIR_MAX_SLOTS 65536         /* the FAT limit on a directory */
#define LFN_UNITS   13              /* UTF-16 units per long-name slot */
#define LFN_MAX_SLOTS 20

static inline uint32_t de_first(const uint8_t *de)
{
	return ((uint32_t)le16(de + DE_CLUSHI) << 16 | le16(de + DE_CLUSLO)) & FAT_MASK;
}

static inline void de_set_first(uint8_t *de, uint32_t c)
{
	put16(de + DE_CLUSHI, (uint16_t)(c >> 16));
	put16(de + DE_CLUSLO, (uint16_t)c);
}

static inline bool de_is_dir(const uint8_t *de)
{
	return (de[DE_ATTR] & FAT_ATTR_DIR) != 0;
}

/* Log a formatted line through the volume's log callback (fat_mount.c). */
void fat_log(struct fat_vol *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Block cache (fat_cache.c).  Blocks are volume sectors of v->bps bytes. */
enum bc_kind { BC_DATA, BC_FAT, BC_DIR, BC_META, BC_KINDS };
#define BC_NOREAD 1     /* the caller overwrites the whole block */
int bc_init(struct fat_vol *v, void *mem, size_t size);
int bc_recover(struct fat_vol *v, void *mem, size_t size);
int bc_get(struct fat_vol *v, uint32_t sec, int flags, uint8_t **data);
void bc_dirty(struct fat_vol *v, uint32_t sec, enum bc_kind kind);
void bc_drop_range(struct fat_vol *v, uint32_t sec, uint32_t n);
void bc_overlay(struct fat_vol *v, uint32_t sec, uint32_t n, uint8_t *buf);
int bc_flush(struct fat_vol *v);
int dev_rw(struct fat_vol *v, bool wr, uint32_t sec, uint32_t n, void *buf);

/* The FAT (fat_table.c). */
int fat_entry(struct fat_vol *v, uint32_t c, uint32_t *val);
int fat_set(struct fat_vol *v, uint32_t c, uint32_t val);
int fat_next(struct fat_vol *v, uint32_t c, uint32_t *next);
int fat_alloc(struct fat_vol *v, uint32_t prev, uint32_t *out);
int fat_free_chain(struct fat_vol *v, uint32_t first);
int fat_check_chain(struct fat_vol *v, uint32_t first);
int fat_check_start(struct fat_vol *v, uint32_t c);
int fat_scan(struct fat_vol *v, uint8_t *map);
bool fat_valid_clus(struct fat_vol *v, uint32_t c);
int fat_zero_cluster(struct fat_vol *v, uint32_t c, enum bc_kind kind);

static inline uint32_t clus_sector(struct fat_vol *v, uint32_t c)
{
	return v->data_start + (c - 2) * v->spc;
}

/* Names (fat_name.c). */
struct name_key;
int name_to_utf16(const char *name, uint16_t *u, int *len);
int utf16_to_utf8(const uint16_t *u, int len, char *out, size_t size);
bool name_eq(const uint16_t *a, int alen, const uint16_t *b, int blen);
int sfn_display(const uint8_t *de, uint16_t *u);
uint8_t sfn_checksum(const uint8_t *name11);
int sfn_basis(const uint16_t *u, int len, uint8_t *name11, uint8_t *ntres);
int sfn_tail_of(const uint8_t *existing, const uint8_t *basis);
void sfn_apply_tail(uint8_t *name11, int n);
void name_key_init(struct name_key *k, const uint16_t *u, int len);

/* Directories (fat_dir.c). */
struct dir_ent {
	uint8_t de[32];         /* the short entry */
	uint64_t pos;           /* its byte position on the volume */
	uint32_t slot;          /* its slot index in the directory */
	uint64_t slot_pos[LFN_MAX_SLOTS + 1];   /* positions of all its slots */
	int nslots;
	bool lfn;                               /* it has a (valid) long name */
	uint16_t name[FAT_NAME_MAX + 1];        /* the long name, if lfn */
	int name_len;
};

/* A name being looked for: UTF-16, and its 8.3 form if it has one. */
struct name_key {
	const uint16_t *u;
	int len;
	bool has83;
	uint8_t n83[11];
};

struct dir_iter {
	uint32_t first, clus, slot;
	uint32_t last;          /* the cluster before clus (0 at the start) */
	bool at_end;
	uint64_t end_pos;       /* position of the end marker, if at_end */
	/* long-name assembly */
	uint16_t lfn[LFN_MAX_SLOTS * LFN_UNITS];
	uint64_t lfn_pos[LFN_MAX_SLOTS];
	int lfn_n, lfn_expect, lfn_len;
	uint8_t lfn_sum;
	/* free-slot search */
	int need;
	int free_len;
	uint64_t free_pos[LFN_MAX_SLOTS + 1];
};

void dir_iter_init(struct dir_iter *it, uint32_t first, int need);
int dir_next(struct fat_vol *v, struct dir_iter *it, struct dir_ent *e);
int dir_find(struct fat_vol *v, uint32_t first, const struct name_key *k,
	struct dir_ent *e);
bool dir_match(const struct name_key *k, const struct dir_ent *e);
void dir_ent_name(struct dir_ent *e);
int dir_first(struct fat_vol *v, struct fat_node *dir, uint32_t *first);
int dir_extend_run(struct fat_vol *v, struct dir_iter *it);
int dir_write_slot(struct fat_vol *v, uint64_t pos, const uint8_t *slot);
int dir_kill(struct fat_vol *v, const struct dir_ent *e);
int dir_is_empty(struct fat_vol *v, uint32_t first);
void dir_lfn_slot(uint8_t *s, const uint16_t *u, int len, int ord, bool last,
	uint8_t sum);

/* Nodes (fat_node.c). */
int node_get_ent(struct fat_vol *v, uint64_t pos, const uint8_t *de,
	uint32_t parent, struct fat_node **out);
struct fat_node *node_find(struct fat_vol *v, uint64_t id);
int node_store(struct fat_vol *v, struct fat_node *n);
int node_check(struct fat_vol *v, struct fat_node *n);
void node_touch(struct fat_vol *v, struct fat_node *n, bool modified);
void fat_time_put(int64_t t, uint8_t *date, uint8_t *time);
int64_t fat_now(struct fat_vol *v);
int file_map(struct fat_vol *v, struct fat_node *n, uint32_t idx,
	uint32_t *clus);

#endif
