/*
 * syscall.h: the native call layer: decode, check, then act (STYLE.md).
 *
 * syscall_dispatch() takes the call number from x16 and runs the handler
 * named after the call (sys_call, sys_map, ...; the list is
 * ipc/lichen/syscalls.def).  A handler reads its arguments from the
 * thread's saved registers, checks every handle, right and address before
 * changing anything, and returns 0, a negative ERR_* code, or IPC_BLOCKED
 * when the thread now waits (its x0 is set when the wait ends).
 */
#ifndef LICHEN_SYSCALL_H
#define LICHEN_SYSCALL_H

#include <stdint.h>

struct thread;
struct handle;

void syscall_dispatch(struct thread *t);

/* Helpers for the handlers. */
#define ARG(t, n) ((t)->ctx.x[(n)])
#define SET(t, n, v) ((t)->ctx.x[(n)] = (uint64_t)(v))

/* lookup: the object of handle h in t's task, of type (0: any), with
 * the rights need. */
int lookup(struct thread *t, uint64_t h, int type, uint32_t need, struct handle **out);

/* install: a new handle for obj in t's task, its value in x[reg]. */
int install(struct thread *t, void *obj, uint32_t rights, uint64_t badge, int reg);

/* Switches the debug console call off (boot argument "debugcon=off"). */
void syscall_debug_console(int on);

#define SYSCALL(num, name, rights, args, results) int sys_##name(struct thread *t);
#include "lichen/syscalls.def"
#undef SYSCALL

#endif
