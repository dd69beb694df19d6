/*
 * fastpath.h: the IPC fast paths (fastpath_ipc.c, fastpath.c).
 *
 * Each is called for the running thread (sched_current()), the one that
 * entered the nucleus, and either does the whole operation, switches to
 * the thread that runs next and returns non-zero, or returns 0 having
 * changed nothing: then the general path does it, with the same result.
 */
#ifndef LICHEN_FASTPATH_H
#define LICHEN_FASTPATH_H

#include <stdint.h>

struct thread;
struct context;

/* fastpath_call, fastpath_reply_recv: the thread of ctx made that
 * native call ("svc #0x4c"); its message words are still in x2-x15
 * (called from vectors.S only: see fastpath_ipc.c).  They return the
 * context of the thread to return to, keeping x2-x15; for reply_recv,
 * with FASTPATH_ANSWER set when it answers an exception: then x2-x12
 * become that thread's x0-x8, pc and sp.  0: nothing done. */
#define FASTPATH_ANSWER 1
struct context *fastpath_call(struct context *ctx);
uintptr_t fastpath_reply_recv(struct context *ctx);

/* fastpath_svc: t executed "svc #imm" (syndrome esr), all its registers
 * saved: unless it is a native call, an exception for t's handler. */
int fastpath_svc(struct thread *t, unsigned imm, uint64_t esr);

/* fastpath_exception: t took an exception of kind EXC_*. */
int fastpath_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far);

#endif
