/*
 * ipc.h: moving a message from one thread to another (ipc.c).  The
 * rendezvous logic is in endpoint.c; these only copy.
 */
#ifndef LICHEN_IPC_H
#define LICHEN_IPC_H

#include <stdint.h>

struct thread;
struct ipc_buffer;

/* ipc_transfer: from's message (x1 msginfo, x2-x15, long words, handles)
 * becomes to's received message (x0 0, x1, x2-x15, x16 badge). */
void ipc_transfer(struct thread *from, struct thread *to, uint64_t badge);

/* ipc_transfer_reply: the same for a reply (no badge). */
void ipc_transfer_reply(struct thread *from, struct thread *to);

/* Exceptions: record t's exception message; deliver it to a handler;
 * apply a handler's reply to the faulting thread's registers. */
void ipc_build_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far);
void ipc_transfer_exception(struct thread *t, struct thread *handler);
void ipc_transfer_exception_reply(struct thread *handler, struct thread *t);

/* ipc_buffer_of: t's message buffer in the nucleus's view, or NULL when
 * it has none or it is not mapped (writable, if write). */
struct ipc_buffer *ipc_buffer_of(struct thread *t, int write);

#endif
