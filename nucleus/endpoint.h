/*
 * endpoint.h: endpoints, where synchronous messages meet.
 *
 * An endpoint has two queues: threads waiting to send (send or call) and
 * threads waiting to receive.  A message moves when both sides are there;
 * nothing is buffered in the nucleus.  When no handle with RECV right is
 * left, the endpoint is dead: queued and later senders get ERR_DEAD at
 * once (that is how a client learns its server crashed), and so do the
 * receivers still waiting.
 */
#ifndef LICHEN_ENDPOINT_H
#define LICHEN_ENDPOINT_H

#include <stdint.h>
#include "object.h"
#include "list.h"

struct thread;
struct handle;

struct endpoint {
	struct object obj;
	struct list senders;         /* TS_SEND and TS_CALL threads, FIFO */
	struct list receivers;       /* TS_RECV threads, FIFO */
	uint32_t receive_handles;    /* handles with RIGHT_RECV */
	int dead;
};

int endpoint_create(struct budget *b, struct endpoint **out);

/* endpoint_dequeue: take t off the endpoint queue it waits on. */
void endpoint_dequeue(struct thread *t);

/* endpoint_handle_changed: a handle with RECV right came (+1) or went (-1). */
void endpoint_handle_changed(struct endpoint *ep, int delta);

/* The IPC operations, on behalf of the current thread t; each returns the
 * syscall's result, or IPC_BLOCKED when t now waits (its x0 is set when
 * the wait ends). */
#define IPC_BLOCKED 1
int ipc_call(struct thread *t, struct endpoint *ep, uint64_t badge, uint64_t timeout_ns);
int ipc_send(struct thread *t, struct endpoint *ep, uint64_t badge, int nonblock,
	     uint64_t timeout_ns);
int ipc_recv(struct thread *t, struct endpoint *ep, uint64_t timeout_ns);
int ipc_reply(struct thread *t, struct thread *caller);

/* ipc_exception: t took an exception: call its handler with the
 * exception message (kind: EXC_*).  ERR_DEAD when it has no live handler. */
int ipc_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far);

/* ipc_check_send: may t send the message in its registers (words,
 * handles, buffer)?  0 or an error, before anything changes. */
int ipc_check_send(struct thread *t);

#endif
