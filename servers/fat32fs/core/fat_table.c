/*
 * fat_table.c: the File Allocation Table: reading and writing entries
 * (every FAT copy kept in step), following chains with every check that
 * keeps a corrupt volume from hurting us, allocating and freeing clusters.
 *
 * At mount, fat_scan() reads the whole FAT once: it counts free clusters
 * (so FSInfo's count is always exact) and fills v->pred, two bits per
 * cluster: "some entry points here" and "two or more entries point here".
 * A cluster with two predecessors is where chains are cross-linked or loop
 * back on themselves; a chain that reaches one, or a file whose first
 * cluster has a predecessor, gets -EIO and is never freed, so the damage
 * does not spread to other files.
 */
#include "fat_int.h"

#define PRED_ONE 1
#define PRED_MANY 2

/* pred_get and pred_put read and write the two map bits of cluster c. */
static unsigned pred_get(struct fat_vol *v, uint32_t c)
{
	if (!v->pred)
		return 0;
	return (v->pred[c >> 2] >> ((c & 3) * 2)) & 3;
}

static void pred_put(struct fat_vol *v, uint32_t c, unsigned bits)
{
	if (!v->pred)
		return;
	v->pred[c >> 2] = (uint8_t)((v->pred[c >> 2] & ~(3u << ((c & 3) * 2))) |
		bits << ((c & 3) * 2));
}

/* fat_valid_clus says whether c names a data cluster of the volume. */
bool fat_valid_clus(struct fat_vol *v, uint32_t c)
{
	return c >= 2 && c < v->nclusters + 2;
}

/* fat_entry reads the FAT entry of cluster c (28 bits) from the active FAT. */
int fat_entry(struct fat_vol *v, uint32_t c, uint32_t *val)
{
	uint32_t off = c * 4, sec;
	uint8_t *b;
	int r;

	sec = v->fat_start + v->active_fat * v->fat_size + (off >> v->bps_shift);
	if ((r = bc_get(v, sec, 0, &b)) < 0)
		return r;
	*val = le32(b + (off & (v->bps - 1))) & FAT_MASK;
	return 0;
}

/* fat_set writes val into the entry of cluster c in every FAT in use. */
int fat_set(struct fat_vol *v, uint32_t c, uint32_t val)
{
	uint32_t off = c * 4, sec;
	uint8_t *b, *p;
	int r;

	for (uint32_t f = 0; f < v->nfats; f++) {
		if (!v->mirror && f != v->active_fat)
			continue;
		sec = v->fat_start + f * v->fat_size + (off >> v->bps_shift);
		if ((r = bc_get(v, sec, 0, &b)) < 0)
			return r;
		p = b + (off & (v->bps - 1));
		put32(p, (le32(p) & ~FAT_MASK) | (val & FAT_MASK));
		bc_dirty(v, sec, BC_FAT);
	}
	return 0;
}

/*
 * fat_next gives in *next the cluster after c in its chain, or 0 at the end
 * of the chain.  A free, bad, out-of-range or cross-linked successor is
 * corruption: it is logged and gives -EIO.
 */
int fat_next(struct fat_vol *v, uint32_t c, uint32_t *next)
{
	uint32_t val;
	int r;

	if ((r = fat_entry(v, c, &val)) < 0)
		return r;
	if (FAT_IS_EOC(val)) {
		*next = 0;
		return 0;
	}
	if (!fat_valid_clus(v, val)) {
		fat_log(v, "cluster %u: FAT entry %#x is free, bad or outside the volume", c, val);
		return -EIO;
	}
	if (pred_get(v, val) & PRED_MANY) {
		fat_log(v, "cluster %u: chain is cross-linked or loops at cluster %u", c, val);
		return -EIO;
	}
	*next = val;
	return 0;
}

/* fat_check_start says (0 or -EIO) whether c may begin a chain. */
int fat_check_start(struct fat_vol *v, uint32_t c)
{
	if (!fat_valid_clus(v, c)) {
		fat_log(v, "first cluster %u is outside the volume", c);
		return -EIO;
	}
	if (pred_get(v, c)) {
		fat_log(v, "first cluster %u is inside another chain (cross-linked)", c);
		return -EIO;
	}
	return 0;
}

/* find_free looks for a free cluster from the hint on, wrapping around once. */
static int find_free(struct fat_vol *v, uint32_t *out)
{
	uint32_t c = v->next_free, val;
	int r;

	if (!fat_valid_clus(v, c))
		c = 2;
	for (uint32_t n = 0; n < v->nclusters; n++, c++) {
		if (c >= v->nclusters + 2)
			c = 2;
		if ((r = fat_entry(v, c, &val)) < 0)
			return r;
		if (val == 0 && !pred_get(v, c)) {
			*out = c;
			return 0;
		}
	}
	v->free_count = 0;
	return -ENOSPC;
}

/*
 * fat_alloc takes a free cluster, marks it as the end of a chain and, if
 * prev is not 0, links it after prev.  Returns -ENOSPC when none is free.
 */
int fat_alloc(struct fat_vol *v, uint32_t prev, uint32_t *out)
{
	uint32_t c;
	int r;

	if (v->free_count == 0)
		return -ENOSPC;
	if ((r = find_free(v, &c)) < 0)
		return r;
	if ((r = fat_set(v, c, FAT_EOC)) < 0)
		return r;
	if (prev && (r = fat_set(v, prev, c)) < 0)
		return r;
	if (prev)
		pred_put(v, c, PRED_ONE);
	v->free_count--;
	v->next_free = c + 1;
	*out = c;
	return 0;
}

/* fat_check_chain walks the whole chain from first; returns its length, or -EIO if it is corrupt. */
int fat_check_chain(struct fat_vol *v, uint32_t first)
{
	uint32_t c = first, next, n = 0;
	int r;

	while (c) {
		if (++n > v->nclusters) {
			fat_log(v, "chain from cluster %u loops", first);
			return -EIO;
		}
		if ((r = fat_next(v, c, &next)) < 0)
			return r;
		c = next;
	}
	return (int)n;
}

/*
 * fat_free_chain frees the chain that starts at first.  The whole chain is
 * checked before anything is freed: a corrupt chain gives -EIO and stays.
 */
int fat_free_chain(struct fat_vol *v, uint32_t first)
{
	uint32_t c, next;
	int r;

	if ((r = fat_check_chain(v, first)) < 0)
		return r;
	for (c = first; c; c = next) {
		if ((r = fat_next(v, c, &next)) < 0 || (r = fat_set(v, c, 0)) < 0)
			return r;
		pred_put(v, c, 0);
		v->free_count++;
		if (c < v->next_free)
			v->next_free = c;
	}
	return 0;
}

/* fat_zero_cluster fills cluster c with zeros in the cache, tagged kind. */
int fat_zero_cluster(struct fat_vol *v, uint32_t c, enum bc_kind kind)
{
	uint32_t sec = clus_sector(v, c);
	uint8_t *b;
	int r;

	for (uint32_t i = 0; i < v->spc; i++) {
		if ((r = bc_get(v, sec + i, BC_NOREAD, &b)) < 0)
			return r;
		memset(b, 0, v->bps);
		bc_dirty(v, sec + i, kind);
	}
	return 0;
}

/* note_pred records that some entry points at cluster c. */
static void note_pred(struct fat_vol *v, uint32_t c)
{
	unsigned p = pred_get(v, c);

	pred_put(v, c, p ? (PRED_ONE | PRED_MANY) : PRED_ONE);
}

/*
 * fat_scan reads the whole active FAT (directly, 4 KiB at a time, not
 * through the cache, which is empty at mount): it sets v->free_count and
 * v->next_free, and fills the predecessor map (when v->pred is set).
 * Entries that point outside the volume are counted and logged once.
 */
int fat_scan(struct fat_vol *v, uint8_t *map)
{
	uint8_t buf[4096];
	uint32_t val, bad = 0, nfree = 0, per = sizeof(buf) / 4, base = 0;
	uint32_t sec = v->fat_start + v->active_fat * v->fat_size;
	int r;

	v->pred = map;
	if (map)
		memset(map, 0, (v->nclusters + 2 + 3) / 4);
	v->next_free = 0;
	for (uint32_t c = 2; c < v->nclusters + 2; c++) {
		if (c == 2 || c - base >= per) {
			uint32_t at = sec + (c - c % per) * 4 / v->bps, n = sizeof(buf) / v->bps;
			base = c - c % per;
			n = at + n > v->total_sectors ? v->total_sectors - at : n;
			if ((r = dev_rw(v, false, at, n, buf)) < 0)
				return r;
		}
		val = le32(buf + (c - base) * 4) & FAT_MASK;
		if (val == 0) {
			nfree++;
			if (!v->next_free)
				v->next_free = c;
		} else if (fat_valid_clus(v, val))
			note_pred(v, val);
		else if (!FAT_IS_EOC(val) && val != FAT_BAD)
			bad++;
	}
	if (bad)
		fat_log(v, "%u FAT entries point outside the volume", bad);
	v->free_count = nfree;
	return 0;
}
