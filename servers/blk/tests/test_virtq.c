/*
 * test_virtq.c: the split virtqueue library against a fake virtio device
 * and the layout rules of the virtio spec (1.x, and 0.9.5 for legacy).
 *
 * The fake device sees only the shared block, at the offsets the spec
 * gives (computed here, not taken from struct virtq): it takes chains
 * from the avail ring, walks them checking flags and links, reads the
 * readable buffers, fills the writable ones and reports their length in
 * the used ring, in any order the test picks.  "Physical" addresses start
 * at FAKE_BASE and the device maps them into a heap buffer, so ASan
 * catches a chain that points anywhere else.  A misbehaving device writes
 * bad used entries on purpose.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "virtq.h"

#define FAKE_BASE 0x80000000ULL
#define RAM_SIZE  (VIRTQ_MAX * 64)
#define AREA(h)   (FAKE_BASE + (uint64_t)(h) * 64)  /* buffers of the chain at head h */
#define MEM_SIZE  (3 * 4096)

static uint8_t *ram, *mem;
static struct virtq q;

/* --- the fake device ------------------------------------------------------ */

struct fdev {
	volatile struct vq_desc *desc;
	volatile struct vq_avail *avail;
	volatile struct vq_used *used;
	uint16_t size, last_avail, used_idx;
};

/* What the device found in one chain. */
struct freq {
	uint16_t head;
	int n;
	uint32_t rlen, wlen;            /* readable and writable bytes */
	uint32_t first_word;            /* the first 4 bytes of the first buffer */
	uint64_t wpa[VIRTQ_MAX];
	uint32_t wl[VIRTQ_MAX];
	int nw;
};

static struct fdev dev;

static uint8_t *p2v(uint64_t pa, uint32_t len)
{
	assert_true(pa >= FAKE_BASE && pa + len <= FAKE_BASE + RAM_SIZE);
	return ram + (pa - FAKE_BASE);
}

/* dev_attach: find the rings where the spec puts them. */
static void dev_attach(uint16_t size, int legacy)
{
	size_t desc = 16 * (size_t)size, avail = 6 + 2 * (size_t)size;
	size_t used_off = legacy ? (desc + avail + 4095) / 4096 * 4096 : (desc + avail + 3) / 4 * 4;

	dev = (struct fdev){ (void *)mem, (void *)(mem + desc), (void *)(mem + used_off), size, 0, 0 };
}

/* dev_pop: take the next chain from the avail ring and check it like a
 * device would; 0 when the ring is empty. */
static int dev_pop(struct freq *r)
{
	uint16_t d;

	if (dev.avail->idx == dev.last_avail)
		return 0;
	memset(r, 0, sizeof(*r));
	r->head = d = dev.avail->ring[dev.last_avail % dev.size];
	dev.last_avail++;
	for (;;) {
		volatile struct vq_desc *e;

		assert_true(d < dev.size);
		assert_true(r->n < dev.size);               /* no loop */
		e = &dev.desc[d];
		assert_int_equal(e->flags & ~(VQ_DESC_F_NEXT | VQ_DESC_F_WRITE), 0);
		p2v(e->addr, e->len);
		if (r->n == 0 && e->len >= 4)
			memcpy(&r->first_word, p2v(e->addr, 4), 4);
		if (e->flags & VQ_DESC_F_WRITE) {
			r->wpa[r->nw] = e->addr;
			r->wl[r->nw++] = e->len;
			r->wlen += e->len;
		} else {
			assert_int_equal(r->nw, 0);         /* readable after writable */
			r->rlen += e->len;
		}
		r->n++;
		if (!(e->flags & VQ_DESC_F_NEXT))
			break;
		d = e->next;
	}
	return 1;
}

/* dev_push: a raw used entry, as a correct or a broken device writes it. */
static void dev_push(uint32_t id, uint32_t len)
{
	dev.used->ring[dev.used_idx % dev.size] = (struct vq_used_elem){ id, len };
	dev.used_idx++;
	dev.used->idx = dev.used_idx;
}

/* dev_complete: fill every writable buffer with fill and report it all. */
static void dev_complete(const struct freq *r, uint8_t fill)
{
	for (int i = 0; i < r->nw; i++)
		memset(p2v(r->wpa[i], r->wl[i]), fill, r->wl[i]);
	dev_push(r->head, r->wlen);
}

/* --- helpers ---------------------------------------------------------------- */

static void open_q(uint16_t size, int legacy)
{
	memset(mem, 0xa5, MEM_SIZE);                /* virtq_init clears it */
	assert_int_equal(virtq_init(&q, mem, size, legacy), 0);
	dev_attach(size, legacy);
}

/* add_req: a chain like blk's: a readable header holding seq, then
 * (n >= 2) a 16-byte data buffer and (n == 3) a 1-byte status, all the
 * device's to write, in the area of the head it will get. */
static int add_req(int n, uint32_t seq, void *token)
{
	uint16_t h = q.free_head;
	struct vq_buf b[3] = {
		{ AREA(h), 4, 0 }, { AREA(h) + 16, 16, 1 }, { AREA(h) + 32, 1, 1 },
	};

	if (q.num_free)
		memcpy(p2v(AREA(h), 4), &seq, 4);
	return virtq_add(&q, b, n, token);
}

static uint32_t req_wlen(int n)
{
	return n == 1 ? 0 : n == 2 ? 16 : 17;
}

static int setup(void **state)
{
	(void)state;
	ram = calloc(1, RAM_SIZE);
	mem = aligned_alloc(4096, MEM_SIZE);
	return !ram || !mem;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	free(mem);
	return 0;
}

/* --- tests --------------------------------------------------------------------- */

/* test_layout_legacy: used ring at ALIGN(desc + avail, 4096), both parts
 * rounded to pages (virtq_size of the spec's legacy section). */
static void test_layout_legacy(void **state)
{
	static const struct { uint16_t size; size_t used, total; } t[] = {
		{ 16, 4096, 8192 }, { 128, 4096, 8192 }, { 256, 8192, 12288 },
	};
	size_t a, u;

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		size_t total = virtq_layout(t[i].size, 1, &a, &u);

		assert_int_equal(a, 16 * t[i].size);
		assert_int_equal(u, t[i].used);
		assert_int_equal(u % 4096, 0);
		assert_true(u >= a + 6 + 2 * t[i].size);
		assert_int_equal(total, t[i].total);
		assert_true(total >= u + 6 + 8 * t[i].size);
	}
}

/* test_layout_modern: desc 16-aligned at 0, avail right after it, used at
 * the next 4-byte boundary after avail's used_event, nothing overlapping. */
static void test_layout_modern(void **state)
{
	static const struct { uint16_t size; size_t used, total; } t[] = {
		{ 16, 296, 430 }, { 128, 2312, 3342 }, { 256, 4616, 6670 },
	};
	size_t a, u;

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		size_t total = virtq_layout(t[i].size, 0, &a, &u);

		assert_int_equal(a, 16 * t[i].size);
		assert_int_equal(a % 2, 0);
		assert_int_equal(u, t[i].used);
		assert_int_equal(u % 4, 0);
		assert_true(u >= a + 6 + 2 * t[i].size);
		assert_int_equal(total, u + 6 + 8 * t[i].size);
		assert_int_equal(total, t[i].total);
	}
	assert_int_equal(virtq_layout(16, 0, NULL, NULL), 430);
}

/* test_init_state: every ring zeroed, every descriptor free once. */
static void test_init_state(void **state)
{
	size_t a, u, total = virtq_layout(16, 1, &a, &u);
	int seen[16] = { 0 }, tok;

	(void)state;
	open_q(16, 1);
	for (size_t i = 0; i < total; i++)
		assert_int_equal(mem[i], 0);
	assert_ptr_equal(q.desc, mem);
	assert_ptr_equal(q.avail, mem + a);
	assert_ptr_equal(q.used, mem + u);
	assert_int_equal(q.num_free, 16);
	assert_int_equal(virtq_in_flight(&q), 0);
	assert_int_equal(q.broken, 0);
	for (int i = 0; i < 16; i++) {
		int h = add_req(1, (uint32_t)i, &tok);

		assert_true(h >= 0 && h < 16);
		assert_int_equal(seen[h]++, 0);
	}
	assert_int_equal(q.num_free, 0);
}

/* test_init_rejects: bad sizes, NULL and misaligned memory. */
static void test_init_rejects(void **state)
{
	static const uint16_t bad[] = { 0, 3, 24, 100, 257, 512, 1024, 65535 };

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(virtq_init(&q, mem, bad[i], 0), -EINVAL);
		assert_int_equal(virtq_init(&q, mem, bad[i], 1), -EINVAL);
	}
	assert_int_equal(virtq_init(&q, NULL, 16, 0), -EINVAL);
	assert_int_equal(virtq_init(&q, mem + 8, 16, 0), -EINVAL);
	assert_int_equal(virtq_init(&q, mem + 16, 16, 1), -EINVAL);
	assert_int_equal(virtq_init(&q, mem + 16, 16, 0), 0);
	assert_int_equal(virtq_init(&q, mem, 1, 1), 0);
	assert_int_equal(virtq_init(&q, mem, 256, 1), 0);
}

/* test_chains_1_to_3: each chain reaches the device as built, with the
 * right flags, and comes back with its token and written length. */
static void test_chains_1_to_3(void **state)
{
	int tok[4];
	struct freq r;
	uint32_t len;

	(void)state;
	open_q(16, 1);
	for (int n = 1; n <= 3; n++) {
		int h = add_req(n, 100 + (uint32_t)n, &tok[n]);

		assert_true(h >= 0);
		assert_int_equal(q.chain_len[h], n);
		assert_int_equal(dev_pop(&r), 1);
		assert_int_equal(r.head, h);
		assert_int_equal(r.n, n);
		assert_int_equal(r.rlen, 4);
		assert_int_equal(r.wlen, req_wlen(n));
		assert_int_equal(r.first_word, 100 + n);
		assert_int_equal(dev_pop(&r), 0);
		assert_null(virtq_get(&q, &len));           /* not done yet */
		assert_int_equal(len, 0);
		dev_complete(&r, (uint8_t)(0x40 + n));
		assert_ptr_equal(virtq_get(&q, &len), &tok[n]);
		assert_int_equal(len, req_wlen(n));
		if (n >= 2)
			assert_int_equal(*p2v(AREA(h) + 16 + 15, 1), 0x40 + n);
		if (n == 3)
			assert_int_equal(*p2v(AREA(h) + 32, 1), 0x43);
		assert_null(virtq_get(&q, &len));
		assert_int_equal(virtq_in_flight(&q), 0);
		assert_int_equal(q.num_free, 16);
	}
	assert_int_equal(q.avail->idx, 3);
	assert_int_equal(q.used->idx, 3);
}

/* test_full_queue: filling the queue ends in -ENOSPC with nothing changed,
 * also for a chain longer than what is left; draining gives every
 * descriptor back, and the queue fills again. */
static void test_full_queue(void **state)
{
	static struct virtq snap;
	static uint8_t msnap[MEM_SIZE];
	int tok[16];
	struct freq r;
	uint32_t len;

	(void)state;
	open_q(16, 0);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 7; i++)
			assert_true(add_req(2, (uint32_t)i, &tok[i]) >= 0);
		memcpy(&snap, &q, sizeof(q));
		memcpy(msnap, mem, MEM_SIZE);
		assert_int_equal(add_req(3, 99, &tok[15]), -ENOSPC);
		assert_int_equal(memcmp(&snap, &q, sizeof(q)), 0);
		assert_int_equal(memcmp(msnap, mem, MEM_SIZE), 0);
		assert_true(add_req(2, 7, &tok[7]) >= 0);
		assert_int_equal(q.num_free, 0);
		memcpy(&snap, &q, sizeof(q));
		memcpy(msnap, mem, MEM_SIZE);
		assert_int_equal(add_req(1, 99, &tok[15]), -ENOSPC);
		assert_int_equal(memcmp(&snap, &q, sizeof(q)), 0);
		assert_int_equal(memcmp(msnap, mem, MEM_SIZE), 0);
		assert_int_equal(virtq_in_flight(&q), 8);

		for (int i = 0; i < 8; i++) {
			assert_int_equal(dev_pop(&r), 1);
			assert_int_equal(r.first_word, (uint32_t)i);
			dev_complete(&r, 1);
		}
		for (int i = 0; i < 8; i++) {
			assert_ptr_equal(virtq_get(&q, &len), &tok[i]);
			assert_int_equal(len, 16);
		}
		assert_null(virtq_get(&q, &len));
		assert_int_equal(q.num_free, 16);
		assert_int_equal(virtq_in_flight(&q), 0);
	}
	for (int i = 0; i < 16; i++)                        /* all 16, one each */
		assert_true(add_req(1, 0, &tok[i]) >= 0);
	assert_int_equal(add_req(1, 0, &tok[0]), -ENOSPC);
}

/* test_out_of_order: the device finishes chains in an order of its own;
 * virtq_get follows it, and the free list stays whole. */
static void test_out_of_order(void **state)
{
	static const int order[8] = { 5, 2, 7, 0, 3, 6, 1, 4 };
	struct freq r[8];
	int tok[8], heads[8];
	uint32_t len;

	(void)state;
	open_q(16, 1);
	for (int i = 0; i < 8; i++) {
		heads[i] = add_req(1 + i % 3, (uint32_t)i, &tok[i]);
		assert_true(heads[i] >= 0);
	}
	assert_int_equal(q.num_free, 1);                    /* 1+2+3+1+2+3+1+2 taken */
	for (int i = 0; i < 8; i++) {
		assert_int_equal(dev_pop(&r[i]), 1);
		assert_int_equal(r[i].head, heads[i]);
	}
	for (int k = 0; k < 8; k++) {
		int i = order[k];

		dev_complete(&r[i], (uint8_t)i);
		if (k % 3 == 2 || k == 7)           /* collect in batches */
			for (int j = k - (k % 3 == 2 ? 2 : 1); j <= k; j++) {
				assert_ptr_equal(virtq_get(&q, &len), &tok[order[j]]);
				assert_int_equal(len, req_wlen(1 + order[j] % 3));
			}
	}
	assert_null(virtq_get(&q, &len));
	assert_int_equal(q.num_free, 16);
	for (int i = 0; i < 5; i++)                         /* 15 descriptors + 1 */
		assert_true(add_req(3, 0, &tok[0]) >= 0);
	assert_true(add_req(1, 0, &tok[0]) >= 0);
	assert_int_equal(add_req(1, 0, &tok[0]), -ENOSPC);
}

/* test_wraparound: 70,000 requests of 1-3 buffers through a queue of 16,
 * taken and finished in random batches and orders: both 16-bit indices
 * wrap, every token comes back exactly once with its length and data. */
#define NREQ 70000
static void test_wraparound(void **state)
{
	static struct { int done, n; } req[NREQ];
	struct freq pend[16];
	int npend = 0;
	uint32_t sent = 0, done = 0, len, rounds = 0;
	void *t;

	(void)state;
	memset(req, 0, sizeof(req));
	srand(4321);
	open_q(16, 1);
	while (done < NREQ) {
		int burst = rand() % 8;

		assert_true(++rounds < 20 * NREQ);         /* a stuck queue fails, not hangs */
		for (int i = 0; i < burst && sent < NREQ; i++) {
			int n = 1 + rand() % 3, h = add_req(n, sent, &req[sent]);

			if (h == -ENOSPC)
				break;
			assert_true(h >= 0);
			req[sent++].n = n;
		}
		while (npend < 16 && rand() % 4 && dev_pop(&pend[npend]))
			npend++;
		for (int k = rand() % (npend + 1); k > 0; k--) {
			int i = rand() % npend;

			dev_complete(&pend[i], (uint8_t)pend[i].first_word);
			pend[i] = pend[--npend];
		}
		while ((t = virtq_get(&q, &len)) != NULL) {
			int s = (int)((char *)t - (char *)req) / (int)sizeof(req[0]);

			assert_true(s >= 0 && (uint32_t)s < sent);
			assert_int_equal(req[s].done, 0);
			req[s].done = 1;
			assert_int_equal(len, req_wlen(req[s].n));
			done++;
		}
		assert_int_equal(len, 0);
		assert_int_equal(virtq_in_flight(&q), sent - done);
	}
	for (uint32_t i = 0; i < NREQ; i++)
		assert_int_equal(req[i].done, 1);
	assert_int_equal(q.avail->idx, (uint16_t)NREQ);
	assert_int_equal(q.used->idx, (uint16_t)NREQ);
	assert_int_equal(q.num_free, 16);
	assert_int_equal(q.broken, 0);
}

/* test_data_round_trip: what the device writes is what the driver reads
 * back, for the last chain of a wrapped queue too. */
static void test_data_round_trip(void **state)
{
	int tok;
	struct freq r;
	uint32_t len;

	(void)state;
	open_q(4, 0);
	for (uint32_t i = 0; i < 66000; i++) {
		int h = add_req(3, i, &tok);

		assert_true(h >= 0);
		assert_int_equal(dev_pop(&r), 1);
		assert_int_equal(r.first_word, i);
		dev_complete(&r, (uint8_t)i);
		assert_ptr_equal(virtq_get(&q, &len), &tok);
		assert_int_equal(len, 17);
		assert_int_equal(*p2v(AREA(h) + 20, 1), (uint8_t)i);
		assert_int_equal(*p2v(AREA(h) + 32, 1), (uint8_t)i);
	}
}

/* expect_broken: the queue reports the device's fault, and keeps doing so. */
static void expect_broken(uint16_t free_before, unsigned flight_before)
{
	uint32_t len = 0;
	int tok;

	assert_null(virtq_get(&q, &len));
	assert_int_equal(len, (uint32_t)-1);
	assert_int_equal(q.broken, 1);
	assert_int_equal(q.num_free, free_before);
	assert_int_equal(virtq_in_flight(&q), flight_before);
	len = 0;
	assert_null(virtq_get(&q, &len));
	assert_int_equal(len, (uint32_t)-1);
	assert_int_equal(add_req(1, 0, &tok), -EIO);
}

/* test_bad_used_id: ids out of range, naming a free descriptor or the
 * middle of a chain, break the queue without freeing anything. */
static void test_bad_used_id(void **state)
{
	static const uint32_t bad[] = { 16, 17, 0xffff, 0x10000, 0xffffffff };
	int tok;

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		open_q(16, 1);
		assert_true(add_req(3, 0, &tok) >= 0);
		dev_push(bad[i], 1);
		expect_broken(13, 1);
	}

	open_q(16, 1);
	int h = add_req(3, 0, &tok);
	dev_push((uint32_t)h + 1, 1);                       /* inside the chain */
	expect_broken(13, 1);

	open_q(16, 1);
	h = add_req(3, 0, &tok);
	dev_push((uint32_t)h + 3, 1);                       /* a free descriptor */
	expect_broken(13, 1);

	open_q(16, 1);                                      /* virtq_init mends it */
	assert_int_equal(q.broken, 0);
	assert_true(add_req(1, 0, &tok) >= 0);
}

/* test_duplicate_completion: the same chain reported twice comes back
 * once; the second report breaks the queue, whether another chain is in
 * flight (its descriptors stay taken) or not. */
static void test_duplicate_completion(void **state)
{
	int a, b;
	struct freq ra, rb;
	uint32_t len;

	(void)state;
	open_q(16, 0);
	assert_true(add_req(2, 1, &a) >= 0);
	assert_true(add_req(3, 2, &b) >= 0);
	assert_int_equal(dev_pop(&ra), 1);
	assert_int_equal(dev_pop(&rb), 1);
	dev_complete(&ra, 7);
	dev_complete(&ra, 7);
	assert_ptr_equal(virtq_get(&q, &len), &a);
	assert_int_equal(len, 16);
	expect_broken(13, 1);

	open_q(16, 0);
	assert_true(add_req(2, 1, &a) >= 0);
	assert_int_equal(dev_pop(&ra), 1);
	dev_complete(&ra, 7);
	assert_ptr_equal(virtq_get(&q, &len), &a);
	dev_complete(&ra, 7);                               /* nothing in flight */
	expect_broken(16, 0);
}

/* test_used_idx_runaway: used->idx ahead of what is in flight breaks the
 * queue before any stale entry is believed. */
static void test_used_idx_runaway(void **state)
{
	int a;
	struct freq r;

	(void)state;
	open_q(16, 1);
	assert_true(add_req(1, 1, &a) >= 0);
	assert_int_equal(dev_pop(&r), 1);
	dev_complete(&r, 0);
	dev.used->idx = (uint16_t)(dev.used_idx + 1);       /* claims two */
	expect_broken(15, 1);

	open_q(16, 1);
	dev.used->idx = 0x8000;                             /* nothing in flight */
	expect_broken(16, 0);
}

/* test_len_clamped: a device claiming more bytes than the chain can take
 * is believed only up to the chain's writable size. */
static void test_len_clamped(void **state)
{
	int a;
	struct freq r;
	uint32_t len;

	(void)state;
	open_q(16, 1);
	assert_true(add_req(3, 1, &a) >= 0);
	assert_int_equal(dev_pop(&r), 1);
	dev_push(r.head, 0xffffff00);
	assert_ptr_equal(virtq_get(&q, &len), &a);
	assert_int_equal(len, 17);
	assert_true(add_req(1, 1, &a) >= 0);                /* readable only */
	assert_int_equal(dev_pop(&r), 1);
	dev_push(r.head, 4);
	assert_ptr_equal(virtq_get(&q, &len), &a);
	assert_int_equal(len, 0);
	assert_int_equal(q.broken, 0);
}

/* test_invalid_args: each bad call returns -EINVAL and changes nothing. */
static void test_invalid_args(void **state)
{
	static struct virtq snap;
	static uint8_t msnap[MEM_SIZE];
	const struct vq_buf wr_then_rd[2] = { { AREA(0), 4, 1 }, { AREA(0) + 16, 4, 0 } };
	const struct vq_buf rwr[3] = { { AREA(0), 4, 0 }, { AREA(0) + 16, 4, 1 }, { AREA(0) + 32, 1, 0 } };
	const struct vq_buf ok[1] = { { AREA(0), 4, 0 } };
	int tok;

	(void)state;
	open_q(16, 1);
	assert_true(add_req(2, 0, &tok) >= 0);
	memcpy(&snap, &q, sizeof(q));
	memcpy(msnap, mem, MEM_SIZE);
	assert_int_equal(virtq_add(&q, ok, 0, &tok), -EINVAL);
	assert_int_equal(virtq_add(&q, ok, -1, &tok), -EINVAL);
	assert_int_equal(virtq_add(&q, NULL, 1, &tok), -EINVAL);
	assert_int_equal(virtq_add(&q, ok, 1, NULL), -EINVAL);
	assert_int_equal(virtq_add(&q, wr_then_rd, 2, &tok), -EINVAL);
	assert_int_equal(virtq_add(&q, rwr, 3, &tok), -EINVAL);
	assert_int_equal(memcmp(&snap, &q, sizeof(q)), 0);
	assert_int_equal(memcmp(msnap, mem, MEM_SIZE), 0);
	/* Writable only, and one long chain using the whole queue, are fine. */
	assert_true(virtq_add(&q, &wr_then_rd[0], 1, &tok) >= 0);
	open_q(16, 1);
	{
		struct vq_buf all[17];
		struct freq r;
		uint32_t len;

		for (int i = 0; i < 17; i++)
			all[i] = (struct vq_buf){ AREA(i), 8, i >= 10 };
		assert_int_equal(virtq_add(&q, all, 17, &tok), -ENOSPC);
		assert_true(virtq_add(&q, all, 16, &tok) >= 0);
		assert_int_equal(dev_pop(&r), 1);
		assert_int_equal(r.n, 16);
		assert_int_equal(r.wlen, 48);
		dev_complete(&r, 3);
		assert_ptr_equal(virtq_get(&q, &len), &tok);
		assert_int_equal(len, 48);
		assert_int_equal(q.num_free, 16);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_legacy),
		cmocka_unit_test(test_layout_modern),
		cmocka_unit_test_setup_teardown(test_init_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chains_1_to_3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wraparound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_used_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_used_idx_runaway, setup, teardown),
		cmocka_unit_test_setup_teardown(test_len_clamped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_args, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
