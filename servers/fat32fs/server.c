/*
 * server.c: fat32fs, the FAT32 core (core/) as a server speaking
 * lichen/fs.h, on blk through the retrying block client (a blk restart
 * is invisible here).
 *
 * One thread serves requests in turn.  Each client attaches a buffer
 * (mapped here at a per-client address) where names and data travel.
 * Open files are kept referenced in the core (fat_get) until closed, so
 * an unlinked open file stays readable and writable, as on Linux.
 *
 * A restart loses nothing: the block cache lives in the memory init
 * keeps for fat32fs across restarts (KEPT_ADDR, "keep=" in
 * servers.conf), and the new instance mounts with the core's "recover",
 * which first writes the dirty blocks the crashed one left there.  Next
 * to the cache, the answer to each client's last request is kept with
 * its sequence number, so that a request retried after the crash (its
 * answer was lost with the server) is answered again, not done twice.
 * If the last instance died between requests, the volume is as its last
 * answer left it and the new one goes on with it as its own; if it died
 * in the middle of one, the volume stays marked dirty, for fsck.fat.
 * Clients attach their buffer and open their files again
 * (ipc/lib/fsc.c does it for them).
 *
 * Not yet: waiting on blk in worker threads (requests are served one at
 * a time, each waiting for the disk).
 */
#include "lichen/sys.h"
#include "lichen/startinfo.h"
#include "lichen/server.h"
#include "lichen/blk.h"
#include "lichen/fs.h"
#include "fat.h"
#include "fsserver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLK_BUF_VA   0x0000002000000000UL
#define BLK_BUF_PAGES 32
#define CLIENT_VA    0x0000003000000000UL
#define CLIENT_SPAN  0x0000000010000000UL     /* 256 MiB of buffer per client */
#define MAX_CLIENTS  32
#define CACHE_BYTES  (8u << 20)          /* without kept memory */
#define KEPT_MAGIC   0x74706b5366746166UL  /* "fatSkpt" */

struct client_buf {
	uint8_t *base;
	uint64_t bytes;
	uint32_t region;
};

/* What a restart finds again at KEPT_ADDR, before the block cache. */
struct kept {
	uint64_t magic;
	uint64_t busy;                        /* 1 from a request's start to its kept answer,
					       * and from a start to its mount */
	uint64_t dirty;                       /* the volume may need fsck.fat: an instance
					       * died in a request, or it was dirty at a mount */
	struct answer {
		uint64_t badge, op, seq;      /* seq 0: none */
		uint64_t w[9];
	} answers[MAX_CLIENTS];
};

#define KEPT_HEAD ((sizeof(struct kept) + 4095) & ~4095UL)

/* Volatile: what is kept must be in memory, in program order, at the
 * instant a crash comes (a crash is a fault in this same thread). */
static volatile struct kept *kept;

static struct blk_client disk;
struct fat_vol vol;
static struct client_buf bufs[MAX_CLIENTS];
static uint32_t ep;

/* The block device for the core: through blk's DMA buffer. */
static int dev_io(void *ctx, uint64_t sector, uint32_t count, void *buf, int write)
{
	uint8_t *p = buf;

	(void)ctx;
	while (count) {
		uint32_t n = count < 256 ? count : 256;
		int r;

		if (write)
			memcpy(disk.buf, p, n * 512UL);
		r = write ? blk_write(&disk, sector, n, 0) : blk_read(&disk, sector, n, 0);
		if (r)
			return -EIO;
		if (!write)
			memcpy(p, disk.buf, n * 512UL);
		sector += n;
		count -= n;
		p += n * 512UL;
	}
	return 0;
}

static int dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	return dev_io(ctx, sector, count, buf, 0);
}

static int dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	return dev_io(ctx, sector, count, (void *)buf, 1);
}

static int dev_flush(void *ctx)
{
	(void)ctx;
	return blk_flush(&disk) ? -EIO : 0;
}

static void log_line(void *ctx, const char *msg)
{
	(void)ctx;
	printf("fat32fs: %s\n", msg);
	fflush(stdout);
}

static int64_t now(void *ctx)
{
	(void)ctx;
	return (int64_t)(lc_clock_ns() / 1000000000UL);
}

/* span: a piece of the client's buffer, or NULL if out of it. */
void *span(uint64_t badge, uint64_t off, uint64_t len)
{
	struct client_buf *b = &bufs[badge % MAX_CLIENTS];

	if (!b->base || off > b->bytes || len > b->bytes - off)
		return NULL;
	return b->base + off;
}

/* name_at: a NUL-terminated copy of a name in the client's buffer. */
int name_at(uint64_t badge, uint64_t off, uint64_t len, char *out)
{
	const char *p = span(badge, off, len);

	if (!p)
		return -EFAULT;
	if (!len || len >= FAT_NAME_BYTES)
		return -ENAMETOOLONG;
	memcpy(out, p, len);
	out[len] = '\0';
	return strlen(out) == len ? 0 : -EINVAL;
}

int64_t fs_attach(struct lc_msg *m)
{
	struct client_buf *b = &bufs[m->badge % MAX_CLIENTS];
	uint32_t h = ((struct ipc_buffer *)IPCBUF_ADDR)->recv_handles[0];
	uint64_t va = CLIENT_VA + (m->badge % MAX_CLIENTS) * CLIENT_SPAN;
	struct lc_ret info;

	if (MSG_HANDLES(m->info) != 1 || !h)
		return -EINVAL;
	info = lc_sys(SYS_region_info, h, 0, 0, 0, 0, 0);
	if (info.err || info.r1 * 4096 > CLIENT_SPAN)
		return -EINVAL;
	if (b->base)
		lc_unmap(startinfo()->self_aspace, (uint64_t)b->base, b->bytes / 4096);
	if (b->region)
		lc_handle_close(b->region);
	*b = (struct client_buf){ 0 };
	if (lc_map(startinfo()->self_aspace, h, va, 0, info.r1, RIGHT_READ | RIGHT_WRITE)) {
		lc_handle_close(h);
		return -EINVAL;
	}
	*b = (struct client_buf){ (uint8_t *)va, info.r1 * 4096, h };
	return 0;
}

/* stat_node: the words of an FS_STAT reply. */
int64_t stat_node(struct lc_msg *m, struct fat_node *n)
{
	struct fat_stat st;
	int r = fat_stat(&vol, n, &st);

	if (r)
		return r;
	m->w[1] = st.mode;
	m->w[2] = st.size;
	m->w[3] = (uint64_t)st.mtime;
	m->w[4] = (uint64_t)st.atime;
	m->w[5] = (uint64_t)st.ctime;
	m->w[6] = st.blocks;
	m->w[7] = st.blksize;
	m->w[8] = st.nlink;
	return 0;
}


/* serve: one request; a retry of the last one answered for its client
 * (same sequence number) gets the kept answer again.  Opening and
 * closing are always done: what they change (the files held open) died
 * with the last instance, and the client opens its files again first. */
static void serve(struct lc_msg *m)
{
	unsigned op = MSG_LABEL(m->info);
	uint64_t seq = MSG_WORDS(m->info) > FS_SEQ_WORD ? m->w[FS_SEQ_WORD] : 0;
	int kept_answer = kept && seq && op != FS_OPEN && op != FS_CLOSE;
	volatile struct answer *a = kept_answer ? &kept->answers[m->badge % MAX_CLIENTS] : NULL;

	if (a && a->badge == m->badge && a->op == op && a->seq == seq) {
		for (int i = 0; i < 9; i++)
			m->w[i] = a->w[i];
	} else {
		if (kept)
			kept->busy = 1;
		m->w[0] = (uint64_t)fs_request(m);
		if (a) {
			a->seq = 0;             /* the words first, then the number that vouches for them */
			a->badge = m->badge;
			a->op = op;
			for (int i = 0; i < 9; i++)
				a->w[i] = m->w[i];
			a->seq = seq;
		}
		if (kept && op == FS_UNMOUNT && m->w[0] == 0)
			kept->dirty = 0;        /* unmounted cleanly: the flags on disk say so */
		if (kept)
			kept->busy = 0;         /* only now: the answer is kept */
	}
	m->info = MSGINFO(0, 9, 0);
}

/* cache_memory: the kept memory after its head, or (without any) a
 * fresh heap block; *recover says whether a crashed instance may have
 * left a cache there (1), and whether it stopped between two requests
 * (2: no instance died in a request or found the volume dirty since
 * this boot), its volume then as consistent as after its last answer. */
static void *cache_memory(size_t *size, int *recover)
{
	uint64_t bytes = startinfo()->kept_bytes;

	if (bytes <= KEPT_HEAD + (1u << 20)) {
		*size = CACHE_BYTES;
		*recover = 0;
		return malloc(CACHE_BYTES);
	}
	kept = (volatile struct kept *)KEPT_ADDR;
	if (kept->magic != KEPT_MAGIC) {
		memset((void *)kept, 0, sizeof(*kept));
		kept->magic = KEPT_MAGIC;
	}
	if (kept->busy)
		kept->dirty = 1;                /* the last one died in a request, or mounting */
	kept->busy = 1;                         /* until this mount is done */
	*size = bytes - KEPT_HEAD;
	*recover = kept->dirty ? 1 : 2;         /* 2: the volume is as the last answer left it */
	return (uint8_t *)KEPT_ADDR + KEPT_HEAD;
}

int main(void)
{
	struct lc_msg m;
	struct fat_dev dev = { NULL, dev_read, dev_write, dev_flush, 0 };
	struct fat_opts opts = { .log = log_line, .now = now };
	size_t size;
	int r, fresh = 1, recover;
	void *mem = cache_memory(&size, &recover);

	if (!mem || blk_open(&disk, BLK_BUF_PAGES, BLK_BUF_VA)) {
		printf("fat32fs: no block device\n");
		return 1;
	}
	dev.nsectors = disk.capacity;
	opts.recover = recover != 0;
	opts.resume = recover == 2;
	r = fat_mount(&vol, &dev, &opts, mem, size);
	if (r) {
		printf("fat32fs: cannot mount the disk (%d)\n", r);
		return 1;
	}
	if (kept) {
		if (vol.was_dirty)
			kept->dirty = 1;        /* dirty for some other reason: fsck.fat's business */
		kept->busy = 0;
	}
	if (lc_endpoint_create(&ep) || name_register("fat32fs", ep))
		return 1;
	printf("fat32fs: mounted, %lu sectors%s%s\n", (unsigned long)disk.capacity,
	       vol.was_dirty ? " (it was not cleanly unmounted)" : "",
	       kept ? ", cache kept across restarts" : "");
	fflush(stdout);
	for (;;) {
		int err = fresh ? lc_recv(ep, &m, 0) : lc_reply_recv(ep, &m, 0);

		fresh = 0;
		if (err) {
			fresh = 1;
			continue;
		}
		serve(&m);
		server_served();
	}
}
