/*
 * fsserver.h: what server.c (set-up, buffers, the block device) and
 * ops.c (one function per request of lichen/fs.h) share.
 */
#ifndef LICHEN_FSSERVER_H
#define LICHEN_FSSERVER_H

#include <stdint.h>
#include "lichen/sys.h"
#include "fat.h"

extern struct fat_vol vol;

/* span: len bytes at off in the buffer of client badge, or NULL. */
void *span(uint64_t badge, uint64_t off, uint64_t len);

/* name_at: a NUL-terminated copy of a name in the client's buffer. */
int name_at(uint64_t badge, uint64_t off, uint64_t len, char *out);

int64_t fs_attach(struct lc_msg *m);
int64_t stat_node(struct lc_msg *m, struct fat_node *n);

/* fs_request: serve one request; the reply's word 0 is what it returns. */
int64_t fs_request(struct lc_msg *m);

#endif
