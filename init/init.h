/*
 * init.h: init's parts: the runtime handler (runtime.c), the client
 * table it serves, the module loader (loader.c) and output (log.c).
 */
#ifndef LICHEN_INIT_H
#define LICHEN_INIT_H

#include <stdint.h>
#include "lichen/abi.h"

#define MAX_CLIENTS 32

/* A task whose Linux calls the runtime handler answers: init itself
 * (client 0), every server and every test. */
struct client {
	int used;
	char name[32];
	uint32_t task, aspace;      /* init's handles to it */
	uint64_t brk_base, brk_cur; /* heap */
	uint64_t mmap_next;         /* where the next anonymous mapping goes */
	int exited;                 /* exit_group was called */
	int exit_code;
	int faulted;                /* it took an exception nobody handles */
	uint64_t fault_pc, fault_addr;
	unsigned fault_kind;
};

extern struct client clients[MAX_CLIENTS];
extern const struct bootinfo *boot;

/* runtime_start: create the handler thread (before musl's start-up). */
void runtime_start(const struct bootinfo *bi);

/* client_new: a free slot, zeroed and marked used; its badge is its index. */
struct client *client_new(const char *name);

/* load_task: start module m as a task (its own budget of budget bytes),
 * registered as a client; instance and test_ep go to its startinfo.
 * Returns the client index, or a negative error. */
int load_task(const struct bootinfo_module *m, uint64_t budget, uint32_t instance,
	      uint32_t test_ep, uint32_t watch, uint64_t watch_bit);

/* say: formatted output on the debug console (no libc, any thread). */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
