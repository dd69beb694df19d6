/*
 * server.h: what every server built on Lichen's runtime uses: finding
 * names, registering its own, counting requests, and the fault injection
 * that init can arm (see name.h).
 */
#ifndef LICHEN_SERVER_H
#define LICHEN_SERVER_H

#include <stdint.h>
#include "lichen/name.h"

/* name_lookup: an endpoint for name (SEND, this task's badge), waiting
 * for it to be registered if wait.  Returns the handle, or a negative
 * errno (-ENOENT, -EIO if init could not be reached). */
int64_t name_lookup(const char *name, int wait);

/* name_register: publish endpoint ep as name.  0 or a negative errno. */
int name_register(const char *name, uint32_t ep);

/* name_inject: make the server of name crash after its next n requests. */
int name_inject(const char *name, uint64_t n);

/* name_status: restarts, state and requests served of a server. */
int name_status(const char *name, uint64_t *restarts, uint64_t *state, uint64_t *served);

static inline volatile struct server_status *server_status(void)
{
	return (volatile struct server_status *)STATUS_ADDR;
}

/*
 * irq_relay_start: a driver's interrupts as messages.  Binds IRQ irq to
 * a new notification and starts a thread (on stack, of size bytes) that
 * turns each notification into a call to ep with label IRQ_LABEL from
 * badge 0, so that the driver's one serving thread handles interrupts in
 * turn with requests.  0 or a negative errno.
 */
#define IRQ_LABEL 100
int irq_relay_start(uint32_t ep, uint32_t irq, void *stack, uint64_t size);

/* server_served: count one request served; if init armed a crash for
 * this count, crash now, for real (a store to address 0). */
void server_served(void);

#endif
