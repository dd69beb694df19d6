/*
 * fastpath.h: the IPC fast path (fastpath.c).
 *
 * Each function either does the whole operation, switches to the thread
 * that runs next and returns the context the exit must load that
 * thread's x1-x15 from (the message words: a sender's context, or the
 * thread's own), or returns NULL having changed nothing: then the
 * general path does it.
 */
#ifndef LICHEN_FASTPATH_H
#define LICHEN_FASTPATH_H

#include <stdint.h>

struct thread;
struct context;

/* fastpath_svc: t executed "svc #imm" (syndrome esr). */
struct context *fastpath_svc(struct thread *t, unsigned imm, uint64_t esr);

/* fastpath_exception: t took an exception of kind EXC_*. */
struct context *fastpath_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far);

#endif
