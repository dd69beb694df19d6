/*
 * blkc.c: the client side of the block protocol (see lichen/blk.h).
 * One request at a time; a request that fails because the server died
 * waits for "blk" to come back, attaches the buffer to the new server
 * and is sent again: requests name their sectors, so a retry is safe.
 */
#include "lichen/blk.h"
#include "lichen/server.h"
#include "lichen/sys.h"
#include "lichen/startinfo.h"

#include <errno.h>

static int64_t call_once(struct blk_client *c, struct lc_msg *m)
{
	int err = lc_call(c->ep, m, 0);

	return err ? err : (int64_t)m->w[0];
}

static int connect(struct blk_client *c)
{
	struct lc_msg m;
	int64_t h = name_lookup("blk", 1), r;

	if (h < 0)
		return (int)h;
	c->ep = (uint32_t)h;
	((struct ipc_buffer *)IPCBUF_ADDR)->send_handles[0] = c->region;
	m.info = MSGINFO(BLK_ATTACH, 0, 1);
	r = call_once(c, &m);
	if (r == 0) {
		m.info = MSGINFO(BLK_INFO, 0, 0);
		r = call_once(c, &m);
		c->capacity = m.w[1];
		c->max_sectors = m.w[3];
	}
	if (r) {
		lc_handle_close(c->ep);
		c->ep = 0;
	}
	return r == ERR_DEAD ? -EAGAIN : (int)r;
}

/* request: send m, reconnecting and resending while the server dies. */
static int request(struct blk_client *c, struct lc_msg *m)
{
	struct lc_msg sent = *m;

	for (int attempt = 0; attempt < 10000; attempt++) {
		int64_t r;

		if (!c->ep) {
			r = connect(c);
			if (r == -EAGAIN)
				continue;
			if (r)
				return (int)r;
		}
		*m = sent;
		r = call_once(c, m);
		if (r != ERR_DEAD)
			return r < -4096 ? -EIO : (int)r;
		lc_handle_close(c->ep);
		c->ep = 0;
		c->retries++;
	}
	return -EIO;
}

int blk_open(struct blk_client *c, uint64_t buf_pages, uint64_t map_at)
{
	*c = (struct blk_client){ .buf = (uint8_t *)map_at, .buf_bytes = buf_pages * 4096 };
	if (lc_region_create(buf_pages, REGION_CONTIG, &c->region) ||
	    lc_map(startinfo()->self_aspace, c->region, map_at, 0, buf_pages,
		   RIGHT_READ | RIGHT_WRITE))
		return -ENOMEM;
	for (int i = 0; i < 100; i++) {
		int r = connect(c);

		if (r != -EAGAIN)
			return r;
	}
	return -EIO;
}

static int transfer(struct blk_client *c, unsigned op, uint64_t sector, uint64_t count,
		    uint64_t offset)
{
	struct lc_msg m;

	m.info = MSGINFO(op, 3, 0);
	m.w[0] = sector;
	m.w[1] = count;
	m.w[2] = offset;
	return request(c, &m);
}

int blk_read(struct blk_client *c, uint64_t sector, uint64_t count, uint64_t offset)
{
	return transfer(c, BLK_READ, sector, count, offset);
}

int blk_write(struct blk_client *c, uint64_t sector, uint64_t count, uint64_t offset)
{
	return transfer(c, BLK_WRITE, sector, count, offset);
}

int blk_flush(struct blk_client *c)
{
	struct lc_msg m;

	m.info = MSGINFO(BLK_FLUSH, 0, 0);
	return request(c, &m);
}

int blk_info(struct blk_client *c)
{
	struct lc_msg m;
	int r;

	m.info = MSGINFO(BLK_INFO, 0, 0);
	r = request(c, &m);
	if (r == 0) {
		c->capacity = m.w[1];
		c->max_sectors = m.w[3];
	}
	return r;
}
