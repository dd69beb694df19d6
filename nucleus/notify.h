/*
 * notify.h: notifications: a word of event bits for IRQs and for events
 * between tasks.  Signalling sets bits and never blocks; waiting returns
 * (and clears) the bits set so far, blocking while there are none.
 */
#ifndef LICHEN_NOTIFY_H
#define LICHEN_NOTIFY_H

#include <stdint.h>
#include "object.h"
#include "list.h"

struct thread;

struct notify {
	struct object obj;
	uint64_t bits;
	struct list waiters;     /* TS_NOTIFY threads, FIFO */
};

int notify_create(struct budget *b, struct notify **out);
void notify_signal(struct notify *n, uint64_t bits);

/* notify_wait: the bits (cleared) in *bits, or IPC_BLOCKED. */
int notify_wait(struct thread *t, struct notify *n, uint64_t timeout_ns, uint64_t *bits);

void notify_dequeue(struct thread *t);

#endif
