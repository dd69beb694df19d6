/*
 * init.h: init's parts: the runtime handler (runtime.c), the client
 * table it serves, the module loader (loader.c) and output (log.c).
 */
#ifndef LICHEN_INIT_H
#define LICHEN_INIT_H

#include <stdint.h>
#include "lichen/abi.h"
#include "lichen/name.h"
#include "policy.h"
#include "lichen/startinfo.h"

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
	/* servers */
	int server;                 /* index in the server table, or -1 */
	/* tests */
	int test;                   /* 1 + index of its test, or 0 */
	uint32_t instance;
};

extern struct client clients[MAX_CLIENTS];
extern const struct bootinfo *boot;

/* runtime_start: create the handler thread (before musl's start-up). */
void runtime_start(const struct bootinfo *bi);

/* client_new: a free slot, zeroed and marked used; its badge is its index. */
struct client *client_new(const char *name);

/* client_reset: a fresh heap and mapping area, no exit recorded (restart). */
void client_reset(struct client *c);

/* What init starts a task with (loader.c). */
struct task_spec {
	const struct bootinfo_module *module;
	uint64_t budget;                    /* bytes */
	uint32_t name_ep;                   /* given with SEND (0: none) */
	uint32_t test_ep, instance;         /* tests */
	uint32_t status_region;             /* servers: their status page */
	uint32_t kept_region;               /* servers: memory kept across restarts (0: none) */
	uint64_t kept_pages;
	int power;                          /* servers: gets the system handle (poweroff) */
	uint32_t watch;                     /* notification signalled at its death */
	uint64_t watch_bit;
	int ndevices;
	const struct bootinfo_device *devices[STARTINFO_MAX_DEV];
};

/* load_task: start spec's module as a task for client c (its task and
 * address-space handles go there).  0, or a negative error (reported). */
int load_task(const struct task_spec *spec, struct client *c);

/* say: formatted output on the debug console (no libc, any thread). */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
