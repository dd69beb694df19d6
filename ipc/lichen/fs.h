/*
 * fs.h: the file protocol (fat32fs, name "fat32fs").
 *
 * Files and directories are named by ids the server derives from their
 * place on disk, so they stay valid across a restart of the server; the
 * root is FS_ROOT.  Lookups go one path component at a time, so the
 * caller (linuxpx) handles mount points and "..".  Names and data travel
 * in a buffer the client attaches once (a region it shares with the
 * server): requests give offsets and lengths in it.  Replies: word 0 is
 * 0 (or a count) or a negative Linux errno.
 *
 *   FS_ATTACH    1 handle: the buffer region (READ, WRITE, MAP)
 *   FS_LOOKUP    w0 dir, w1 name offset, w2 name length -> w1 id, w2 mode, w3 size
 *   FS_OPEN      w0 id: keep it (an unlinked file stays usable until closed)
 *   FS_CLOSE     w0 id
 *   FS_READ      w0 id, w1 file offset, w2 length, w3 buffer offset -> w0 bytes
 *   FS_WRITE     the same -> w0 bytes
 *   FS_READDIR   w0 dir, w1 cookie (0: start), w2 buffer offset, w3 room
 *                -> w0 entries, w1 next cookie; entries in the buffer as
 *                struct fs_dirent records (8-byte aligned)
 *   FS_STAT      w0 id -> w1 mode, w2 size, w3 mtime, w4 atime, w5 ctime,
 *                w6 blocks, w7 blksize, w8 nlink
 *   FS_STATFS    -> w1 block size, w2 blocks, w3 free blocks, w4 name max
 *   FS_CREATE    w0 dir, w1 name offset, w2 name length, w3 FS_DIR or 0 -> w1 id
 *   FS_UNLINK    w0 dir, w1 name offset, w2 name length
 *   FS_RMDIR     the same (the directory must be empty)
 *   FS_RENAME    w0 from dir, w1/w2 name, w3 to dir, w4/w5 name
 *   FS_TRUNCATE  w0 id, w1 size
 *   FS_SETTIMES  w0 id, w1 atime, w2 mtime (Unix seconds; -1 keeps)
 *   FS_CHMOD     w0 id, w1 1: read-only, 0: writable
 *   FS_FSYNC     w0 id
 *   FS_SYNC      everything to the disk
 *   FS_UNMOUNT   everything to the disk, and the volume marked clean
 */
#ifndef LICHEN_FS_H
#define LICHEN_FS_H

#include <stdint.h>
#include "lichen/sys.h"

enum {
	FS_ATTACH = 1, FS_LOOKUP, FS_OPEN, FS_CLOSE, FS_READ, FS_WRITE, FS_READDIR,
	FS_STAT, FS_STATFS, FS_CREATE, FS_UNLINK, FS_RMDIR, FS_RENAME, FS_TRUNCATE,
	FS_SETTIMES, FS_CHMOD, FS_FSYNC, FS_SYNC, FS_UNMOUNT,
};
#define FS_ROOT 1
#define FS_DIR  1

/* Word 6 of every request: its sequence number for this client (0:
 * none).  fat32fs keeps its answer to each client's last request across
 * a restart of its own: a request sent again with the same number gets
 * that answer again instead of being done twice. */
#define FS_SEQ_WORD 6

struct fs_dirent {
	uint64_t id;
	uint32_t is_dir;
	uint32_t name_len;       /* bytes of name, which follows, NUL-ended */
	char name[];
};

/* The client side (ipc/lib/fsc.c): finds "fat32fs" and attaches a buffer
 * of buf_pages mapped at map_at; *buf is where it is.  0 or -errno.
 * When fat32fs dies, fs_call finds it again once init has restarted it,
 * attaches the buffer again, opens again the files it held open, and
 * sends the request again with its sequence number. */
#define FS_CLIENT_OPENS 32
struct fs_client {
	uint32_t ep, region;
	uint8_t *buf;
	uint64_t buf_bytes;
	uint64_t seq;                    /* of the last request */
	uint64_t open[FS_CLIENT_OPENS];  /* ids held with FS_OPEN (0: free) */
	uint64_t reconnects;             /* restarts of fat32fs seen */
};

int fs_connect(struct fs_client *c, uint64_t buf_pages, uint64_t map_at);

/* fs_call: one request with up to six words; the reply in *m, its word 0
 * returned (a count or -errno; -EIO if the server could not be reached). */
int64_t fs_call(struct fs_client *c, unsigned op, const uint64_t w[6], struct lc_msg *m);

#endif
