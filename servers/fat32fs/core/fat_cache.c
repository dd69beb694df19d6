/*
 * fat_cache.c: the bounded write-back block cache of the FAT32 core.
 *
 * The cache holds volume sectors (v->bps bytes each) in one block of memory
 * that the caller gives to fat_mount(); it keeps no pointers inside that
 * memory, only indices, so the region could be kept by a restarted server.
 * Layout: struct fat_cache, the block descriptors, the hash heads, a
 * scratch array used for sorting, then the sector data.
 *
 * Every block is tagged with the kind of what it holds.  A flush writes
 * dirty blocks kind by kind, in the order of enum bc_kind: file data,
 * then the FAT (which points to data), then directories (which point into
 * the FAT), then the boot sector and FSInfo; a device flush separates the
 * kinds, so a crash never leaves metadata pointing at data not yet written.
 * When the least recently used block is dirty, the whole cache is flushed
 * in that order before it is reused.
 */
#include "fat_int.h"

#define NIL 0xffffffffu
#define BC_MAGIC 0x4c464331u    /* "LFC1" */

enum { ST_FREE, ST_CLEAN, ST_DIRTY };

struct cblk {
	uint32_t sec;
	uint32_t hnext;         /* next in hash chain */
	uint32_t prev, next;    /* LRU list (next also links the free list) */
	uint8_t state, kind;
};

struct fat_cache {
	uint32_t magic, bsize, nblocks, hmask;
	uint32_t lru_head, lru_tail, free_head, ndirty;
	uint32_t last;          /* the block bc_get returned last */
	uint32_t serial;        /* the volume's serial number */
	uint32_t blk_off, hash_off, order_off, data_off;   /* byte offsets */
};

/* The descriptors, hash heads and data of the cache, found from its offsets. */
static struct cblk *blks(struct fat_cache *c)
{
	return (struct cblk *)((uint8_t *)c + c->blk_off);
}

static uint32_t *hashv(struct fat_cache *c)
{
	return (uint32_t *)((uint8_t *)c + c->hash_off);
}

static uint8_t *bdata(struct fat_cache *c, uint32_t i)
{
	return (uint8_t *)c + c->data_off + (size_t)i * c->bsize;
}

/* hslot is the hash chain of sector sec. */
static uint32_t hslot(struct fat_cache *c, uint32_t sec)
{
	return (uint32_t)((sec * 2654435761u) >> 7) & c->hmask;
}

/* plan lays a cache of size bytes out in header c (nothing is written to the region). */
static int plan(struct fat_cache *c, uint32_t bsize, size_t size)
{
	size_t per = sizeof(struct cblk) + 4 + bsize + 8, n;
	uint32_t h = 1;

	if (size < sizeof(*c) + 64)
		return -ENOMEM;
	n = (size - sizeof(*c) - 64) / per;
	if (n < 16)
		return -ENOMEM;
	if (n > 1u << 24)
		n = 1u << 24;
	while (h < n)
		h <<= 1;
	memset(c, 0, sizeof(*c));
	c->magic = BC_MAGIC;
	c->bsize = bsize;
	c->nblocks = (uint32_t)n;
	c->hmask = h - 1;
	c->blk_off = sizeof(*c);
	c->hash_off = c->blk_off + (uint32_t)(n * sizeof(struct cblk));
	c->order_off = c->hash_off + h * 4;
	c->data_off = (c->order_off + (uint32_t)n * 4 + 63) & ~63u;
	while ((size_t)c->data_off + (size_t)c->nblocks * bsize > size)
		c->nblocks--;
	return c->nblocks < 16 ? -ENOMEM : 0;
}

/* bc_init formats the cache in mem; returns -ENOMEM if fewer than 16 blocks fit. */
int bc_init(struct fat_vol *v, void *mem, size_t size)
{
	struct fat_cache *c = mem;
	int r;

	if ((uintptr_t)mem & 7)
		return -ENOMEM;
	if ((r = plan(c, v->bps, size)) < 0)
		return r;
	c->serial = v->serial;
	memset(hashv(c), 0xff, (size_t)(c->hmask + 1) * 4);
	c->lru_head = c->lru_tail = c->last = NIL;
	c->free_head = NIL;
	for (uint32_t i = c->nblocks; i-- > 0;) {
		blks(c)[i].state = ST_FREE;
		blks(c)[i].next = c->free_head;
		c->free_head = i;
	}
	v->cache = c;
	return 0;
}

/*
 * bc_recover writes the dirty blocks that a cache left in mem by an
 * earlier instance (a server that crashed) still holds for this volume,
 * in flush order.  Only the descriptors' sector, state and kind are
 * trusted, and each is checked.  Returns the blocks written (0 if mem
 * holds no cache of this volume) or an error.  bc_init must follow.
 */
int bc_recover(struct fat_vol *v, void *mem, size_t size)
{
	struct fat_cache want, *c = mem;
	uint32_t n = 0;

	if (((uintptr_t)mem & 7) || plan(&want, v->bps, size) < 0 || c->magic != BC_MAGIC ||
			c->serial != v->serial || c->nblocks != want.nblocks ||
			c->data_off != want.data_off || c->order_off != want.order_off)
		return 0;
	for (uint32_t i = 0; i < c->nblocks; i++) {
		struct cblk *b = &blks(c)[i];
		if (b->state == ST_DIRTY && b->kind < BC_KINDS && b->sec < v->total_sectors)
			n++;
		else
			b->state = ST_FREE;
	}
	c->ndirty = n;
	v->cache = c;
	v->recovered = true;
	if (n)
		fat_log(v, "writing %u blocks left in the cache by the last instance", n);
	return n ? (bc_flush(v) < 0 ? -EIO : (int)n) : 0;
}

/* dev_rw moves n volume sectors from sector sec; refuses I/O outside the volume. */
int dev_rw(struct fat_vol *v, bool wr, uint32_t sec, uint32_t n, void *buf)
{
	uint32_t k = v->bps / FAT_DEV_SECTOR;
	uint64_t ds = v->part_lba + (uint64_t)sec * k;

	if ((uint64_t)sec + n > v->total_sectors) {
		fat_log(v, "I/O outside the volume refused (sector %u)", sec);
		return -EIO;
	}
	if (wr)
		return v->dev.write(v->dev.ctx, ds, n * k, buf) < 0 ? -EIO : 0;
	return v->dev.read(v->dev.ctx, ds, n * k, buf) < 0 ? -EIO : 0;
}

/* lookup returns the block holding sector sec, or NIL. */
static uint32_t lookup(struct fat_cache *c, uint32_t sec)
{
	uint32_t i = hashv(c)[hslot(c, sec)];

	while (i != NIL && blks(c)[i].sec != sec)
		i = blks(c)[i].hnext;
	return i;
}

/* lru_unlink takes block i out of the LRU list. */
static void lru_unlink(struct fat_cache *c, uint32_t i)
{
	struct cblk *b = &blks(c)[i];

	if (b->prev != NIL)
		blks(c)[b->prev].next = b->next;
	else
		c->lru_head = b->next;
	if (b->next != NIL)
		blks(c)[b->next].prev = b->prev;
	else
		c->lru_tail = b->prev;
}

/* lru_front puts block i at the most recently used end. */
static void lru_front(struct fat_cache *c, uint32_t i)
{
	struct cblk *b = &blks(c)[i];

	b->prev = NIL;
	b->next = c->lru_head;
	if (c->lru_head != NIL)
		blks(c)[c->lru_head].prev = i;
	c->lru_head = i;
	if (c->lru_tail == NIL)
		c->lru_tail = i;
}

/* hash_remove takes block i out of its hash chain. */
static void hash_remove(struct fat_cache *c, uint32_t i)
{
	uint32_t *p = &hashv(c)[hslot(c, blks(c)[i].sec)];

	while (*p != i)
		p = &blks(c)[*p].hnext;
	*p = blks(c)[i].hnext;
}

/* drop forgets block i, whatever its state. */
static void drop(struct fat_cache *c, uint32_t i)
{
	struct cblk *b = &blks(c)[i];

	if (b->state == ST_DIRTY)
		c->ndirty--;
	hash_remove(c, i);
	lru_unlink(c, i);
	b->state = ST_FREE;
	b->next = c->free_head;
	c->free_head = i;
}

/* victim finds a block to reuse, flushing the cache if the LRU one is dirty. */
static int victim(struct fat_vol *v, uint32_t *out)
{
	struct fat_cache *c = v->cache;
	uint32_t i = c->free_head;
	int r;

	if (i != NIL) {
		c->free_head = blks(c)[i].next;
		*out = i;
		return 0;
	}
	i = c->lru_tail;
	if (blks(c)[i].state == ST_DIRTY && (r = bc_flush(v)) < 0)
		return r;
	drop(c, i);
	c->free_head = blks(c)[i].next;
	*out = i;
	return 0;
}

/*
 * bc_get returns in *data the cached copy of volume sector sec, reading it
 * unless flags has BC_NOREAD (then the block is zeroed for the caller to
 * fill).  The pointer is valid until the next cache call.
 */
int bc_get(struct fat_vol *v, uint32_t sec, int flags, uint8_t **data)
{
	struct fat_cache *c = v->cache;
	uint32_t i = c->last, h;
	int r;

	if (i != NIL && blks(c)[i].sec == sec && blks(c)[i].state != ST_FREE) {
		*data = bdata(c, i);
		return 0;
	}
	if ((i = lookup(c, sec)) != NIL) {
		c->last = i;
		lru_unlink(c, i);
		lru_front(c, i);
		*data = bdata(c, i);
		return 0;
	}
	if ((r = victim(v, &i)) < 0)
		return r;
	if (flags & BC_NOREAD)
		memset(bdata(c, i), 0, c->bsize);
	else if ((r = dev_rw(v, false, sec, 1, bdata(c, i))) < 0) {
		blks(c)[i].next = c->free_head;
		c->free_head = i;
		return r;
	}
	blks(c)[i] = (struct cblk){ .sec = sec, .state = ST_CLEAN, .kind = BC_META };
	h = hslot(c, sec);
	blks(c)[i].hnext = hashv(c)[h];
	hashv(c)[h] = i;
	lru_front(c, i);
	c->last = i;
	*data = bdata(c, i);
	return 0;
}

/* bc_dirty marks the cached sector sec (just obtained by bc_get) as modified. */
void bc_dirty(struct fat_vol *v, uint32_t sec, enum bc_kind kind)
{
	struct fat_cache *c = v->cache;
	uint32_t i = lookup(c, sec);

	if (i == NIL)
		return;
	if (blks(c)[i].state != ST_DIRTY)
		c->ndirty++;
	blks(c)[i].state = ST_DIRTY;
	blks(c)[i].kind = (uint8_t)kind;
}

/* bc_drop_range forgets the n sectors from sec: the caller wrote them directly. */
void bc_drop_range(struct fat_vol *v, uint32_t sec, uint32_t n)
{
	struct fat_cache *c = v->cache;

	if (n > c->nblocks) {
		for (uint32_t i = 0; i < c->nblocks; i++)
			if (blks(c)[i].state != ST_FREE && blks(c)[i].sec - sec < n)
				drop(c, i);
		return;
	}
	for (uint32_t s = sec; s < sec + n; s++) {
		uint32_t i = lookup(c, s);
		if (i != NIL)
			drop(c, i);
	}
}

/* bc_overlay copies the dirty cached sectors of [sec, sec+n) over buf, read from disk. */
void bc_overlay(struct fat_vol *v, uint32_t sec, uint32_t n, uint8_t *buf)
{
	struct fat_cache *c = v->cache;

	if (c->ndirty == 0)
		return;
	if (n > c->nblocks) {
		for (uint32_t i = 0; i < c->nblocks; i++)
			if (blks(c)[i].state == ST_DIRTY && blks(c)[i].sec - sec < n)
				memcpy(buf + (size_t)(blks(c)[i].sec - sec) * c->bsize,
					bdata(c, i), c->bsize);
		return;
	}
	for (uint32_t s = sec; s < sec + n; s++) {
		uint32_t i = lookup(c, s);
		if (i != NIL && blks(c)[i].state == ST_DIRTY)
			memcpy(buf + (size_t)(s - sec) * c->bsize, bdata(c, i), c->bsize);
	}
}

/* sort_blocks orders block indices by sector (Shell sort: no globals, no recursion). */
static void sort_blocks(struct fat_cache *c, uint32_t *a, uint32_t n)
{
	static const uint32_t gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		uint32_t gap = gaps[g];
		for (uint32_t i = gap; i < n; i++) {
			uint32_t x = a[i], j = i;
			for (; j >= gap && blks(c)[a[j - gap]].sec > blks(c)[x].sec; j -= gap)
				a[j] = a[j - gap];
			a[j] = x;
		}
	}
}

/* flush_kind writes the dirty blocks of one kind in sector order; returns how many. */
static int flush_kind(struct fat_vol *v, enum bc_kind kind)
{
	struct fat_cache *c = v->cache;
	uint32_t *order = (uint32_t *)((uint8_t *)c + c->order_off), n = 0;
	int r;

	for (uint32_t i = 0; i < c->nblocks; i++)
		if (blks(c)[i].state == ST_DIRTY && blks(c)[i].kind == kind)
			order[n++] = i;
	sort_blocks(c, order, n);
	for (uint32_t k = 0; k < n; k++) {
		struct cblk *b = &blks(c)[order[k]];
		if ((r = dev_rw(v, true, b->sec, 1, bdata(c, order[k]))) < 0)
			return r;
		b->state = ST_CLEAN;
		c->ndirty--;
	}
	return (int)n;
}

/* bc_flush writes every dirty block, kind after kind, with device flushes between. */
int bc_flush(struct fat_vol *v)
{
	int r;

	if (v->cache->ndirty == 0)
		return 0;
	for (int k = 0; k < BC_KINDS; k++) {
		if ((r = flush_kind(v, (enum bc_kind)k)) < 0)
			return r;
		if (r > 0 && v->dev.flush && v->dev.flush(v->dev.ctx) < 0)
			return -EIO;
	}
	return 0;
}
