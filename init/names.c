/*
 * names.c: the name table (see names.h).  Small fixed arrays: a handful
 * of servers, a few dozen waiting clients.
 */
#include "names.h"

#include <string.h>

int names_valid(const char *name)
{
	size_t n = strnlen(name, NAME_LEN);

	if (n == 0 || n == NAME_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return 0;
	return 1;
}

struct name_entry *names_find(struct names *n, const char *name)
{
	for (int i = 0; i < NAMES_MAX; i++)
		if (n->e[i].name[0] && !strncmp(n->e[i].name, name, NAME_LEN))
			return &n->e[i];
	return NULL;
}

struct name_entry *names_register(struct names *n, const char *name, uint32_t endpoint,
				  uint32_t *old)
{
	struct name_entry *e = names_find(n, name);

	for (int i = 0; !e && i < NAMES_MAX; i++)
		if (!n->e[i].name[0]) {
			e = &n->e[i];
			strncpy(e->name, name, NAME_LEN - 1);
		}
	if (!e)
		return NULL;
	*old = e->endpoint;
	e->endpoint = endpoint;
	e->generation++;
	return e;
}

uint32_t names_unregister(struct names *n, const char *name)
{
	struct name_entry *e = names_find(n, name);
	uint32_t old = e ? e->endpoint : 0;

	if (e)
		e->endpoint = 0;
	return old;
}

int names_wait(struct names *n, const char *name, uint32_t reply, uint64_t client)
{
	for (int i = 0; i < WAITERS_MAX; i++) {
		if (!n->w[i].reply) {
			memset(n->w[i].name, 0, NAME_LEN);
			strncpy(n->w[i].name, name, NAME_LEN - 1);
			n->w[i].reply = reply;
			n->w[i].client = client;
			return 0;
		}
	}
	return -1;
}

uint32_t names_take_waiter(struct names *n, const char *name, uint64_t *client)
{
	for (int i = 0; i < WAITERS_MAX; i++) {
		if (n->w[i].reply && !strncmp(n->w[i].name, name, NAME_LEN)) {
			uint32_t r = n->w[i].reply;

			*client = n->w[i].client;
			n->w[i].reply = 0;
			return r;
		}
	}
	return 0;
}
