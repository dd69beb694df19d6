/*
 * entry.h: what the nucleus does each time a user thread enters it
 * (entry.c), whatever the architecture: a native call, an exception, and
 * on the way out, choosing the thread that runs next.
 */
#ifndef LICHEN_ENTRY_H
#define LICHEN_ENTRY_H

#include <stdint.h>

struct thread;

/* entry_svc: t executed an svc with immediate imm. */
void entry_svc(struct thread *t, unsigned imm, uint64_t esr);

/* entry_exception: t took an exception of kind EXC_*: its handler gets a
 * message, or, with none, its task dies. */
void entry_exception(struct thread *t, unsigned kind, uint64_t esr, uint64_t far);

/* entry_exit: choose the next thread (idling until there is one), switch
 * to it and set the timer.  Returns to the architecture's exit path. */
void entry_exit(void);

/* entry_timer: the timer fired at counter value now. */
void entry_timer(uint64_t now);

#endif
