/*
 * frame.c: the physical frame allocator (see frame.h).
 *
 * Invariant: fp->free equals the number of zero bits over all bitmaps,
 * and a frame is handed out only while its bit is zero.
 */
#include "frame.h"
#include "error.h"
#include "layout.h"

#include <string.h>

#define WORD_BITS 64

static uint64_t words_for(uint64_t nframes)
{
	return (nframes + WORD_BITS - 1) / WORD_BITS;
}

static int test_bit(const struct frame_zone *z, uint64_t i)
{
	return (z->bitmap[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

static void set_bit(struct frame_zone *z, uint64_t i)
{
	z->bitmap[i / WORD_BITS] |= 1ULL << (i % WORD_BITS);
}

static void clear_bit(struct frame_zone *z, uint64_t i)
{
	z->bitmap[i / WORD_BITS] &= ~(1ULL << (i % WORD_BITS));
}

static int check_ranges(const struct range *r, int n)
{
	if (n > FRAME_MAX_ZONES)
		return ERR_FULL;
	for (int i = 0; i < n; i++) {
		if ((r[i].base | r[i].end) % PAGE_SIZE || r[i].end <= r[i].base)
			return ERR_INVAL;
		if (i && r[i].base < r[i - 1].end)
			return ERR_INVAL;
	}
	return 0;
}

/* place_bitmaps: find a range whose head can hold every bitmap; returns
 * its index, and *bytes the page-rounded size taken. */
static int place_bitmaps(const struct range *r, int n, uint64_t *bytes)
{
	uint64_t need = 0;

	for (int i = 0; i < n; i++)
		need += words_for(range_size(r[i]) / PAGE_SIZE) * sizeof(uint64_t);
	need = (need + PAGE_SIZE - 1) & ~((uint64_t)PAGE_SIZE - 1);
	*bytes = need;
	for (int i = 0; i < n; i++)
		if (range_size(r[i]) > need)
			return i;
	return ERR_NOMEM;
}

int frame_pool_init(struct frame_pool *fp, const struct range *usable, int n,
		    void *(*phys_to_virt)(uint64_t pa), int poison)
{
	uint64_t bytes, bitmap_pa;
	uint8_t *store;
	int home, err = check_ranges(usable, n);

	if (err)
		return err;
	home = place_bitmaps(usable, n, &bytes);
	if (home < 0)
		return home;
	memset(fp, 0, sizeof(*fp));
	fp->phys_to_virt = phys_to_virt;
	fp->poison = poison;
	bitmap_pa = usable[home].base;
	store = phys_to_virt(bitmap_pa);
	memset(store, 0, bytes);
	for (int i = 0; i < n; i++) {
		struct frame_zone *z = &fp->zone[fp->nzones++];

		z->base = usable[i].base;
		z->nframes = range_size(usable[i]) / PAGE_SIZE;
		z->bitmap = (uint64_t *)store;
		store += words_for(z->nframes) * sizeof(uint64_t);
		fp->total += z->nframes;
	}
	/* the bitmaps' own frames are in use and not counted as managed */
	for (uint64_t i = 0; i < bytes / PAGE_SIZE; i++)
		set_bit(&fp->zone[home], (bitmap_pa - fp->zone[home].base) / PAGE_SIZE + i);
	fp->total -= bytes / PAGE_SIZE;
	fp->bitmaps = (struct range){ bitmap_pa, bitmap_pa + bytes };
	fp->free = fp->total;
	return 0;
}

/* zone_of: the zone holding pa, and the frame's index in *index. */
static struct frame_zone *zone_of(const struct frame_pool *fp, uint64_t pa, uint64_t *index)
{
	for (int i = 0; i < fp->nzones; i++) {
		const struct frame_zone *z = &fp->zone[i];

		if (pa >= z->base && (pa - z->base) / PAGE_SIZE < z->nframes) {
			*index = (pa - z->base) / PAGE_SIZE;
			return (struct frame_zone *)z;
		}
	}
	return NULL;
}

/* find_clear: the first zero bit of z at or after 'from', or -1. */
static int64_t find_clear(const struct frame_zone *z, uint64_t from)
{
	for (uint64_t w = from / WORD_BITS; w < words_for(z->nframes); w++) {
		uint64_t bits = ~z->bitmap[w];

		if (w == from / WORD_BITS)
			bits &= ~0ULL << (from % WORD_BITS);
		if (bits) {
			uint64_t i = w * WORD_BITS + (uint64_t)__builtin_ctzll(bits);

			return i < z->nframes ? (int64_t)i : -1;
		}
	}
	return -1;
}

int frame_alloc(struct frame_pool *fp, uint64_t *pa)
{
	if (!fp->free)
		return ERR_NOMEM;
	for (int k = 0; k <= fp->nzones; k++) {
		int zi = (fp->cursor_zone + k) % fp->nzones;
		struct frame_zone *z = &fp->zone[zi];
		int64_t i = find_clear(z, k == 0 ? fp->cursor : 0);

		if (i < 0)
			continue;
		set_bit(z, (uint64_t)i);
		fp->free--;
		fp->cursor_zone = zi;
		fp->cursor = (uint64_t)i + 1;
		*pa = z->base + (uint64_t)i * PAGE_SIZE;
		return 0;
	}
	return ERR_NOMEM;   /* not reached while fp->free is right */
}

/* run_is_clear: are frames [i, i + n) of z all free? */
static int run_is_clear(const struct frame_zone *z, uint64_t i, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++)
		if (test_bit(z, i + k))
			return 0;
	return 1;
}

int frame_alloc_contig(struct frame_pool *fp, uint64_t n, uint64_t align, uint64_t *pa)
{
	if (!n || align < PAGE_SIZE || (align & (align - 1)))
		return ERR_INVAL;
	if (n > fp->free)
		return ERR_NOMEM;
	for (int zi = 0; zi < fp->nzones; zi++) {
		struct frame_zone *z = &fp->zone[zi];
		uint64_t first = ((z->base + align - 1) & ~(align - 1)) - z->base;

		for (uint64_t i = first / PAGE_SIZE; i + n <= z->nframes; i += align / PAGE_SIZE) {
			if (!run_is_clear(z, i, n))
				continue;
			for (uint64_t k = 0; k < n; k++)
				set_bit(z, i + k);
			fp->free -= n;
			*pa = z->base + i * PAGE_SIZE;
			return 0;
		}
	}
	return ERR_NOMEM;
}

int frame_free_contig(struct frame_pool *fp, uint64_t pa, uint64_t n)
{
	uint64_t i;
	struct frame_zone *z = zone_of(fp, pa, &i);

	if (!z || pa % PAGE_SIZE || !n || n > z->nframes - i ||
	    range_overlaps((struct range){ pa, pa + n * PAGE_SIZE }, fp->bitmaps))
		return ERR_RANGE;
	for (uint64_t k = 0; k < n; k++)
		if (!test_bit(z, i + k))
			return ERR_INVAL;
	for (uint64_t k = 0; k < n; k++) {
		if (fp->poison)
			memset(fp->phys_to_virt(pa + k * PAGE_SIZE), FRAME_POISON, PAGE_SIZE);
		clear_bit(z, i + k);
	}
	fp->free += n;
	return 0;
}

int frame_free(struct frame_pool *fp, uint64_t pa)
{
	return frame_free_contig(fp, pa, 1);
}

int frame_in_use(const struct frame_pool *fp, uint64_t pa)
{
	uint64_t i;
	const struct frame_zone *z = zone_of(fp, pa, &i);

	return z ? test_bit(z, i) : ERR_RANGE;
}
