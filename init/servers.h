/*
 * servers.h: the servers init starts (servers.c) and the service loop
 * that supervises them and answers the name service (service.c).
 */
#ifndef LICHEN_INIT_SERVERS_H
#define LICHEN_INIT_SERVERS_H

#include <stdint.h>
#include "init.h"
#include "names.h"
#include "policy.h"

#define SERVERS_MAX 8

struct server {
	char name[NAME_LEN];
	struct task_spec spec;
	volatile struct server_status *status;   /* init's view of its status page */
	struct restart_policy policy;
	int client;                 /* its slot in clients[] (its badge) */
	int rest;                   /* its budget: what is left when it starts */
	int state;                  /* SERVER_* */
	uint64_t restart_at;        /* ns; 0: none pending */
};

extern struct server servers[SERVERS_MAX];
extern int nservers;

/* servers_configure: read the "servers.conf" boot module: one server per
 * line, "name module budget-MiB [keep=MiB] [power] compatible...".  Returns how
 * many. */
int servers_configure(uint32_t name_ep, uint32_t death);

/* server_start: (re)start server s in its client slot.  0 or an error. */
int server_start(struct server *s);

/* service_run: init's main loop: names, deaths, restarts, tests.  The
 * tests are module names (two instances each, run one after the other);
 * with tests, init powers off after the last.  Never returns. */
__attribute__((noreturn)) void service_run(uint32_t name_ep, uint32_t death,
					   char **tests, int ntests);

#endif
