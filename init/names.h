/*
 * names.h: the name table of init's name service, pure logic
 * (host-tested).  A name maps to the endpoint a server registered, or to
 * nothing while the server is (re)starting; lookups that may wait are
 * kept until the name is registered again.
 */
#ifndef LICHEN_NAMES_H
#define LICHEN_NAMES_H

#include <stdint.h>

#define NAME_LEN     32
#define NAMES_MAX    32
#define WAITERS_MAX  64

struct name_entry {
	char name[NAME_LEN];
	uint32_t endpoint;          /* init's handle; 0: not registered now */
	uint32_t generation;        /* bumped at each registration */
};

struct name_waiter {
	char name[NAME_LEN];
	uint32_t reply;             /* the saved reply of the lookup; 0: free */
	uint64_t client;            /* badge of the client that asked */
};

struct names {
	struct name_entry e[NAMES_MAX];
	struct name_waiter w[WAITERS_MAX];
};

/* names_valid: 1 for a name of 1..31 printable characters, NUL-ended. */
int names_valid(const char *name);

/* names_register: set name -> endpoint.  Returns the entry, or NULL when
 * the table is full.  *old gets the endpoint it replaces (0: none). */
struct name_entry *names_register(struct names *n, const char *name, uint32_t endpoint,
				  uint32_t *old);

/* names_unregister: the server of name died; returns its old endpoint. */
uint32_t names_unregister(struct names *n, const char *name);

/* names_find: the entry for name, registered or not, or NULL. */
struct name_entry *names_find(struct names *n, const char *name);

/* names_wait: keep a lookup until name is registered; 0, or -1 if full. */
int names_wait(struct names *n, const char *name, uint32_t reply, uint64_t client);

/* names_take_waiter: one waiter for name, removed from the table (0 if
 * none); its client's badge in *client. */
uint32_t names_take_waiter(struct names *n, const char *name, uint64_t *client);

#endif
