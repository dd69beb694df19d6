/*
 * name.h: the name service protocol (init serves it; every task it
 * starts holds a handle to it, startinfo.name_ep).
 *
 * A name travels in words 0-3 (32 bytes, NUL-padded).  Replies carry a
 * result in word 0: 0 or a negative Linux errno value.
 *
 *   NAME_REGISTER  (server -> init) words 0-3 name; one handle: the
 *                  server's endpoint (SEND, DUP, XFER).  Registering again
 *                  after a restart replaces the old endpoint.
 *   NAME_LOOKUP    (client -> init) words 0-3 name, word 4 flags
 *                  (NAME_WAIT: if the name is not registered now, for
 *                  instance while its server restarts, answer when it
 *                  is).  Reply: one handle, the server's endpoint with
 *                  SEND only and the client's own badge; -ENOENT without
 *                  NAME_WAIT.
 *   NAME_INJECT    (anyone -> init) words 0-3 name, word 4 N: make that
 *                  server crash for real after its next N requests (0: at
 *                  once).  For tests and teaching.
 *   NAME_STATUS    (anyone -> init) words 0-3 name.  Reply: word 1
 *                  restarts, word 2 state (SERVER_*), word 3 requests served
 *                  since its last start.
 */
#ifndef LICHEN_NAME_H
#define LICHEN_NAME_H

#include <stdint.h>

enum { NAME_REGISTER = 1, NAME_LOOKUP, NAME_INJECT, NAME_STATUS, NAME_DIED };
#define NAME_WAIT 1
#define NAME_WORDS 4

enum { SERVER_STARTING = 1, SERVER_RUNNING, SERVER_RESTARTING, SERVER_FAILED };

/*
 * The status page: one page init shares with each server it starts
 * (mapped read-write in both, at STATUS_ADDR in the server).  It outlives
 * the server, so state that must survive a restart lives here.
 */
#define STATUS_ADDR 0x11000000UL

/*
 * Kept memory: a server configured with "keep=MiB" (configs/servers.conf)
 * finds that much memory at KEPT_ADDR, zeroed at its first start and
 * handed back as its last instance left it at every restart (init holds
 * the region).  fat32fs keeps its block cache there.  startinfo's
 * kept_bytes says how much (0: none).
 */
#define KEPT_ADDR 0x0000005000000000UL

struct server_status {
	uint64_t served;            /* requests served since the last start */
	uint64_t crash_after;       /* fault injection: crash when served reaches it (0: off) */
	uint64_t crash_armed;       /* 1 while crash_after is meaningful */
	uint64_t starts;            /* times this server was started */
	uint8_t keep[4096 - 32];    /* the server's own state across restarts */
};

_Static_assert(sizeof(struct server_status) == 4096, "one page");

#endif
