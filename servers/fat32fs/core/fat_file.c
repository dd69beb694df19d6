/*
 * fat_file.c: file contents: mapping file offsets to clusters, growing
 * and shrinking cluster chains, read, write and truncate.
 *
 * Whole sectors move directly between the caller's buffer and the device,
 * a run of contiguous clusters at a time; only partial sectors go through
 * the cache.  A direct write drops any cached copy of the sectors it
 * covers, and a direct read lays the cache's dirty copies over what it
 * read, so the two paths never disagree.  Direct writes reach the disk
 * before the metadata that points to them, which stays in the cache.
 *
 * The size in a file's entry always matches the length of its chain; the
 * bytes between the end of a file and the end of its last cluster are
 * undefined on disk, so growing a file writes zeros over the gap.
 */
#include "fat_int.h"

#define FAT_MAX_FILE 0xffffffffu

static const uint8_t zeros[4096];

/* clusters_for is the number of clusters a file of size bytes uses. */
static uint32_t clusters_for(struct fat_vol *v, uint64_t size)
{
	return (uint32_t)((size + v->csize - 1) >> v->csize_shift);
}

/*
 * file_map gives the cluster holding cluster index idx of the file,
 * walking from the node's hint when it can.  A chain shorter than that
 * or broken gives -EIO.
 */
int file_map(struct fat_vol *v, struct fat_node *n, uint32_t idx, uint32_t *clus)
{
	uint32_t c, i, next;
	int r;

	if (n->hint_clus && idx >= n->hint_idx) {
		c = n->hint_clus;
		i = n->hint_idx;
	} else {
		c = de_first(n->de);
		i = 0;
		if ((r = fat_check_start(v, c)) < 0)
			return r;
	}
	if (idx >= v->nclusters)
		return -EIO;
	for (; i < idx; i++, c = next) {
		if ((r = fat_next(v, c, &next)) < 0)
			return r;
		if (!next) {
			fat_log(v, "file %llu: chain shorter than its size",
				(unsigned long long)n->id);
			return -EIO;
		}
	}
	n->hint_idx = idx;
	n->hint_clus = c;
	*clus = c;
	return 0;
}

/* file_run maps idx and counts how many clusters (up to max) follow it contiguously. */
static int file_run(struct fat_vol *v, struct fat_node *n, uint32_t idx, uint32_t max,
	uint32_t *clus, uint32_t *count)
{
	uint32_t c, next, k = 1;
	int r;

	if ((r = file_map(v, n, idx, &c)) < 0)
		return r;
	*clus = c;
	for (; k < max; k++, c = next) {
		if ((r = fat_next(v, c, &next)) < 0)
			return r;
		if (next != c + 1)
			break;
	}
	n->hint_idx = idx + k - 1;
	n->hint_clus = c;
	*count = k;
	return 0;
}

/* cached_io moves len bytes (within one sector) at offset off of sector sec through the cache. */
static int cached_io(struct fat_vol *v, uint32_t sec, uint32_t off, uint8_t *buf,
	const uint8_t *src, uint32_t len)
{
	uint8_t *b;
	int r;

	if ((r = bc_get(v, sec, 0, &b)) < 0)
		return r;
	if (buf) {
		memcpy(buf, b + off, len);
		return 0;
	}
	if (src)
		memcpy(b + off, src, len);
	else
		memset(b + off, 0, len);
	bc_dirty(v, sec, BC_DATA);
	return 0;
}

/* direct_io moves n whole sectors from sec; src NULL with buf NULL writes zeros. */
static int direct_io(struct fat_vol *v, uint32_t sec, uint32_t n, uint8_t *buf,
	const uint8_t *src)
{
	uint32_t per = sizeof(zeros) >> v->bps_shift;
	int r;

	if (buf) {
		if ((r = dev_rw(v, false, sec, n, buf)) < 0)
			return r;
		bc_overlay(v, sec, n, buf);
		return 0;
	}
	bc_drop_range(v, sec, n);
	if (src)
		return dev_rw(v, true, sec, n, (void *)src);
	for (uint32_t k = 0; k < n; k += per)
		if ((r = dev_rw(v, true, sec + k, n - k < per ? n - k : per, (void *)zeros)) < 0)
			return r;
	return 0;
}

/*
 * span_io moves len bytes starting at byte off of sector sec, the sectors
 * being contiguous: reads into buf, or (buf NULL) writes src or zeros.
 */
static int span_io(struct fat_vol *v, uint32_t sec, uint32_t off, uint8_t *buf,
	const uint8_t *src, size_t len)
{
	uint32_t k, whole;
	int r;

	while (len > 0) {
		if (off || len < v->bps) {
			k = v->bps - off < len ? v->bps - off : (uint32_t)len;
			r = cached_io(v, sec, off, buf, src, k);
			off = 0;
		} else {
			whole = (uint32_t)(len >> v->bps_shift);
			k = whole << v->bps_shift;
			r = direct_io(v, sec, whole, buf, src);
			sec += whole - 1;
		}
		if (r < 0)
			return r;
		sec++;
		len -= k;
		buf = buf ? buf + k : NULL;
		src = src ? src + k : NULL;
	}
	return 0;
}

/* data_io moves len bytes at file offset off, run of clusters by run; the clusters must exist. */
static int data_io(struct fat_vol *v, struct fat_node *n, uint64_t off, uint8_t *buf,
	const uint8_t *src, size_t len)
{
	uint32_t c, cnt, within, sec;
	size_t chunk;
	int r;

	while (len > 0) {
		within = (uint32_t)(off & (v->csize - 1));
		r = file_run(v, n, (uint32_t)(off >> v->csize_shift),
			clusters_for(v, within + len), &c, &cnt);
		if (r < 0)
			return r;
		chunk = ((size_t)cnt << v->csize_shift) - within;
		chunk = chunk < len ? chunk : len;
		sec = clus_sector(v, c) + (within >> v->bps_shift);
		if ((r = span_io(v, sec, within & (v->bps - 1), buf, src, chunk)) < 0)
			return r;
		off += chunk;
		len -= chunk;
		buf = buf ? buf + chunk : NULL;
		src = src ? src + chunk : NULL;
	}
	return 0;
}

/* grow_chain appends want - have clusters; on failure the chain is as it was. */
static int grow_chain(struct fat_vol *v, struct fat_node *n, uint32_t have, uint32_t want)
{
	uint32_t last = 0, c, first_new = 0, val;
	int r;

	if (have && ((r = file_map(v, n, have - 1, &last)) < 0 ||
			(r = fat_entry(v, last, &val)) < 0))
		return r;
	if (have && !FAT_IS_EOC(val)) {
		fat_log(v, "file %llu: chain longer than its size", (unsigned long long)n->id);
		return -EIO;
	}
	for (uint32_t k = have, prev = last; k < want; k++, prev = c) {
		if ((r = fat_alloc(v, prev, &c)) < 0) {
			if (last)
				fat_set(v, last, FAT_EOC);
			if (first_new)
				fat_free_chain(v, first_new);
			return r;
		}
		first_new = first_new ? first_new : c;
	}
	if (!have)
		de_set_first(n->de, first_new);
	return 0;
}

/* shrink_chain keeps the first want clusters of the chain and frees the rest. */
static int shrink_chain(struct fat_vol *v, struct fat_node *n, uint32_t want)
{
	uint32_t c, tail;
	int r;

	n->hint_clus = 0;
	if (want == 0) {
		if ((r = fat_check_start(v, de_first(n->de))) < 0 ||
				(r = fat_free_chain(v, de_first(n->de))) < 0)
			return r;
		de_set_first(n->de, 0);
		return 0;
	}
	if ((r = file_map(v, n, want - 1, &c)) < 0 || (r = fat_next(v, c, &tail)) < 0)
		return r;
	if (tail && (r = fat_free_chain(v, tail)) < 0)
		return r;
	return fat_set(v, c, FAT_EOC);
}

/* resize sets the chain of a file of size old for a new size, and the size field. */
static int resize(struct fat_vol *v, struct fat_node *n, uint32_t old, uint32_t size)
{
	uint32_t have = clusters_for(v, old), want = clusters_for(v, size);
	int r = 0;

	if (want > have)
		r = grow_chain(v, n, have, want);
	else if (want < have)
		r = shrink_chain(v, n, want);
	if (r == 0)
		put32(n->de + DE_SIZE, size);
	return r;
}

/*
 * check_file walks a file's chain once per node: a chain that is broken,
 * loops, is cross-linked or does not match the size makes the whole file
 * -EIO (and keeps its clusters from ever being freed).
 */
static int check_file(struct fat_vol *v, struct fat_node *n)
{
	uint32_t first = de_first(n->de);
	int len = first ? fat_check_start(v, first) : 0;

	if (first && len == 0)
		len = fat_check_chain(v, first);

	if (len >= 0 && (uint32_t)len != clusters_for(v, fat_size(n)) && !(len && !fat_size(n))) {
		fat_log(v, "file %llu: %d clusters for %u bytes", (unsigned long long)n->id,
			len, fat_size(n));
		len = -EIO;
	}
	if (len < 0) {
		n->flags |= FAT_NODE_BAD;
		return -EIO;
	}
	n->flags |= FAT_NODE_CHECKED;
	return 0;
}

/* file_ok checks that n is a regular file that may be used. */
static int file_ok(struct fat_vol *v, struct fat_node *n, bool write)
{
	if (write && v->opts.rdonly)
		return -EROFS;
	if (n->flags & FAT_NODE_BAD)
		return -EIO;
	if (fat_is_dir(n))
		return -EISDIR;
	return (n->flags & FAT_NODE_CHECKED) ? 0 : check_file(v, n);
}

/*
 * fat_read copies up to len bytes at offset off of file n into buf.
 * Returns the number of bytes read (0 at or past the end) or an error.
 * Access times are not updated (as with Linux's noatime).
 */
long fat_read(struct fat_vol *v, struct fat_node *n, uint64_t off, void *buf, size_t len)
{
	uint32_t size = fat_size(n);
	int r;

	if ((r = file_ok(v, n, false)) < 0)
		return r;
	if (off >= size)
		return 0;
	len = len < size - off ? len : (size_t)(size - off);
	if ((r = data_io(v, n, off, buf, NULL, len)) < 0)
		return r;
	return (long)len;
}

/* fit clamps a write to the space the volume has; returns the new end or 0 if nothing fits. */
static uint64_t fit(struct fat_vol *v, uint32_t size, uint64_t end)
{
	uint64_t cap = ((uint64_t)clusters_for(v, size) + v->free_count) << v->csize_shift;

	return end < cap ? end : cap;
}

/*
 * fat_write writes len bytes of buf at offset off of file n, growing it
 * (a gap past the old end reads as zeros).  When the volume fills up the
 * write is cut short; returns the bytes written, or -ENOSPC if none fit,
 * -EFBIG past FAT's 4 GiB - 1 limit, or another error.
 */
long fat_write(struct fat_vol *v, struct fat_node *n, uint64_t off, const void *buf, size_t len)
{
	uint32_t size = fat_size(n);
	uint64_t end;
	int r;

	if ((r = file_ok(v, n, true)) < 0)
		return r;
	if (len == 0)
		return 0;
	if (off >= FAT_MAX_FILE)
		return -EFBIG;
	end = off + (len < FAT_MAX_FILE - off ? len : FAT_MAX_FILE - off);
	if (end > size && (end = fit(v, size, end)) <= off)
		return -ENOSPC;
	if (end > size && (r = resize(v, n, size, (uint32_t)end)) < 0)
		return r;
	if (off > size)
		r = data_io(v, n, size, NULL, NULL, off - size);
	if (r == 0)
		r = data_io(v, n, off, NULL, buf, end - off);
	if (r < 0) {
		if (end > size)
			resize(v, n, (uint32_t)end, size);
		return r;
	}
	node_touch(v, n, true);
	if ((r = node_store(v, n)) < 0)
		return r;
	return (long)(end - off);
}

/*
 * fat_truncate sets the size of file n: growing writes zeros, shrinking
 * frees the clusters no longer needed.
 */
int fat_truncate(struct fat_vol *v, struct fat_node *n, uint64_t size)
{
	uint32_t old = fat_size(n);
	int r;

	if ((r = file_ok(v, n, true)) < 0)
		return r;
	if (size > FAT_MAX_FILE)
		return -EFBIG;
	if (size == old)
		return 0;
	if (size > old && fit(v, old, size) < size)
		return -ENOSPC;
	if ((r = resize(v, n, old, (uint32_t)size)) < 0)
		return r;
	if (size > old && (r = data_io(v, n, old, NULL, NULL, size - old)) < 0)
		return r;
	node_touch(v, n, true);
	return node_store(v, n);
}
