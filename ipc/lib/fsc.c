/*
 * fsc.c: the client side of the file protocol (see lichen/fs.h).
 */
#include "lichen/fs.h"
#include "lichen/server.h"
#include "lichen/startinfo.h"

#include <errno.h>

int fs_connect(struct fs_client *c, uint64_t buf_pages, uint64_t map_at)
{
	struct lc_msg m;
	int64_t h = name_lookup("fat32fs", 1);

	if (h < 0)
		return (int)h;
	*c = (struct fs_client){ .ep = (uint32_t)h, .buf = (uint8_t *)map_at,
				 .buf_bytes = buf_pages * 4096 };
	if (lc_region_create(buf_pages, 0, &c->region) ||
	    lc_map(startinfo()->self_aspace, c->region, map_at, 0, buf_pages,
		   RIGHT_READ | RIGHT_WRITE))
		return -ENOMEM;
	((struct ipc_buffer *)IPCBUF_ADDR)->send_handles[0] = c->region;
	m.info = MSGINFO(FS_ATTACH, 0, 1);
	if (lc_call(c->ep, &m, 0))
		return -EIO;
	return (int)m.w[0];
}

int64_t fs_call(struct fs_client *c, unsigned op, const uint64_t w[6], struct lc_msg *m)
{
	m->info = MSGINFO(op, 6, 0);
	for (int i = 0; i < 6; i++)
		m->w[i] = w[i];
	if (lc_call(c->ep, m, 0))
		return -EIO;
	return (int64_t)m->w[0];
}
