/*
 * blk.h: the block device protocol (the blk server, name "blk").
 *
 * Data never travels in messages: a client attaches one physically
 * contiguous region of its own (REGION_CONTIG, given with RIGHT_PHYS),
 * and the device reads and writes it directly (DMA).  Requests name
 * 512-byte sectors and an offset in that buffer.  Replies carry 0 or a
 * negative Linux errno in word 0.
 *
 *   BLK_INFO    Reply: word 1 capacity in sectors, word 2 block size,
 *               word 3 most sectors per request.
 *   BLK_ATTACH  one handle: the client's buffer region.  Replaces an
 *               earlier one.  -EINVAL if it is not contiguous, or lacks
 *               RIGHT_PHYS or RIGHT_MAP.
 *   BLK_READ    word 0 sector, word 1 sectors, word 2 offset in the buffer
 *   BLK_WRITE   the same; acknowledged only once the device has the data
 *   BLK_FLUSH   everything acknowledged is on stable storage
 *
 * Errors: -ERANGE past the end of the disk; -EINVAL a count of 0 or above
 * the maximum, an offset not a multiple of 512, or a transfer past the
 * end of the buffer; -ENOBUFS no buffer attached; -EIO the device failed;
 * -EAGAIN too many requests in flight.
 *
 * Retry rules: every request is safe to retry after the server died (it
 * names its sectors; a write is acknowledged only when done), after
 * attaching the buffer again to the new server.  The client library
 * (ipc/lib/blkc.c) does this, one request at a time per thread, so two
 * writes to the same sectors are never in flight together.
 */
#ifndef LICHEN_BLK_H
#define LICHEN_BLK_H

#include <stdint.h>
#include <stddef.h>

enum { BLK_INFO = 1, BLK_ATTACH, BLK_READ, BLK_WRITE, BLK_FLUSH };
#define BLK_SECTOR 512

/* The client side (ipc/lib/blkc.c): finds "blk", keeps a DMA buffer of
 * buf_pages attached, retries across restarts of the server. */
struct blk_client {
	uint32_t ep;                /* 0: not connected */
	uint32_t region;            /* the buffer's region */
	uint8_t *buf;               /* where the buffer is mapped here */
	uint64_t buf_bytes;
	uint64_t capacity, max_sectors;
	uint64_t retries;           /* requests sent again after a restart */
};

int blk_open(struct blk_client *c, uint64_t buf_pages, uint64_t map_at);
int blk_read(struct blk_client *c, uint64_t sector, uint64_t count, uint64_t offset);
int blk_write(struct blk_client *c, uint64_t sector, uint64_t count, uint64_t offset);
int blk_flush(struct blk_client *c);
int blk_info(struct blk_client *c);

#endif
