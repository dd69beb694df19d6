/*
 * fsc.c: the client side of the file protocol (see lichen/fs.h).
 *
 * Every request carries a sequence number.  When fat32fs dies, a call
 * fails with ERR_DEAD; the client then waits for init to register it
 * again, attaches its buffer again, opens again the files it holds open,
 * and sends the request again with the same number: fat32fs answers a
 * request it had already done from the answer it kept (docs/protocols/fs.md).
 */
#include "lichen/fs.h"
#include "lichen/server.h"
#include "lichen/startinfo.h"

#include <errno.h>

#define ATTEMPTS 1000

/* attach: give the server our buffer (a duplicate of our handle goes). */
static int attach(struct fs_client *c)
{
	struct lc_msg m;
	int err;

	((struct ipc_buffer *)IPCBUF_ADDR)->send_handles[0] = c->region;
	m.info = MSGINFO(FS_ATTACH, 0, 1);
	err = lc_call(c->ep, &m, 0);
	if (err)
		return err == ERR_DEAD ? -EAGAIN : -EIO;
	return (int)m.w[0];
}

/* reconnect: fat32fs died: find its new instance, attach again, open
 * again what we held (a file that went meanwhile is dropped). */
static int reconnect(struct fs_client *c)
{
	struct lc_msg m;
	int64_t h;
	int r;

	lc_handle_close(c->ep);
	h = name_lookup("fat32fs", 1);
	if (h < 0)
		return (int)h;
	c->ep = (uint32_t)h;
	c->reconnects++;
	if ((r = attach(c)) != 0)
		return r;
	for (int i = 0; i < FS_CLIENT_OPENS; i++) {
		if (!c->open[i])
			continue;
		m.info = MSGINFO(FS_OPEN, 1, 0);
		m.w[0] = c->open[i];
		if (lc_call(c->ep, &m, 0))
			return -EAGAIN;
		if (m.w[0])
			c->open[i] = 0;
	}
	return 0;
}

/* remember: keep track of the files held open, to open them again. */
static void remember(struct fs_client *c, unsigned op, uint64_t id)
{
	for (int i = 0; i < FS_CLIENT_OPENS; i++) {
		if (op == FS_OPEN && !c->open[i]) {
			c->open[i] = id;
			return;
		}
		if (op == FS_CLOSE && c->open[i] == id) {
			c->open[i] = 0;
			return;
		}
	}
}

int fs_connect(struct fs_client *c, uint64_t buf_pages, uint64_t map_at)
{
	int64_t h = name_lookup("fat32fs", 1);

	if (h < 0)
		return (int)h;
	/* sequence numbers go on increasing across this client slot's
	 * tasks: fat32fs keeps answers by badge, and badges are reused */
	*c = (struct fs_client){ .ep = (uint32_t)h, .buf = (uint8_t *)map_at,
				 .buf_bytes = buf_pages * 4096, .seq = lc_clock_ns() };
	if (lc_region_create(buf_pages, 0, &c->region) ||
	    lc_map(startinfo()->self_aspace, c->region, map_at, 0, buf_pages,
		   RIGHT_READ | RIGHT_WRITE))
		return -ENOMEM;
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		int r = attach(c);

		if (r != -EAGAIN)
			return r;
		if ((r = reconnect(c)) != 0 && r != -EAGAIN)
			return r;
	}
	return -EIO;
}

int64_t fs_call(struct fs_client *c, unsigned op, const uint64_t w[6], struct lc_msg *m)
{
	uint64_t seq = ++c->seq;

	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		int err;

		m->info = MSGINFO(op, FS_SEQ_WORD + 1, 0);
		for (int i = 0; i < 6; i++)
			m->w[i] = w[i];
		m->w[FS_SEQ_WORD] = seq;
		err = lc_call(c->ep, m, 0);
		if (!err) {
			if ((op == FS_OPEN || op == FS_CLOSE) && m->w[0] == 0)
				remember(c, op, w[0]);
			return (int64_t)m->w[0];
		}
		if (err != ERR_DEAD)
			return -EIO;
		while ((err = reconnect(c)) == -EAGAIN && ++attempt < ATTEMPTS)
			;
		if (err)
			return -EIO;
	}
	return -EIO;
}
