/*
 * fastpath.h: the IPC fast path (fastpath.c).  Each returns 1 when it
 * did the whole call (and switched threads), 0 to take the general path.
 */
#ifndef LICHEN_FASTPATH_H
#define LICHEN_FASTPATH_H

struct thread;

int fastpath_call(struct thread *t);
int fastpath_reply_recv(struct thread *t);

#include <stdint.h>
int fastpath_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far);

#endif
