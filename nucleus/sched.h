/*
 * sched.h: the scheduler: preemptive, priority-based round robin.
 *
 * 64 priority levels, each a FIFO run queue; the highest non-empty level
 * runs, its threads in turn, switching every 10 ms.  The running thread
 * is kept out of the queues (as in seL4): a thread that blocks, or hands
 * the CPU straight to another in IPC, touches no queue at all.  When
 * something preempts it, it goes back to the head of its queue; at each
 * 10 ms tick, to the tail.  Waits with a timeout sit on one list sorted
 * by deadline.  With nothing to run, the CPU waits for an interrupt.
 */
#ifndef LICHEN_SCHED_H
#define LICHEN_SCHED_H

#include <stdint.h>
#include "thread.h"

#define SLICE_NS 10000000ULL

void sched_init(uint64_t counter_freq, uint64_t now);

/* The scheduler's state; public only for the inline functions below,
 * which the IPC fast path uses on every call. */
struct sched_state {
	uint64_t nonempty;               /* bit p: a thread of priority p is queued */
	struct thread *current;          /* running (and on no queue), or NULL */
};
extern struct sched_state sched;

/* sched_ready: t becomes runnable (at the tail, or the head if front: a
 * woken thread, which also goes before the running thread of its
 * priority). */
void sched_ready(struct thread *t, int front);

/* sched_unready: t leaves the CPU or its run queue (it blocks or dies). */
void sched_unready(struct thread *t);

/* sched_current: the thread the CPU runs, or NULL when idle. */
struct thread *sched_current(void);

/* sched_pick: make the highest-priority runnable thread current and
 * return it, or NULL when there is none. */
struct thread *sched_pick(void);

/* sched_highest: the highest priority of a queued thread (the running
 * one aside), or -1. */
static inline int sched_highest(void)
{
	return sched.nonempty ? 63 - __builtin_clzll(sched.nonempty) : -1;
}

/* sched_may_hand_off: if the running thread stopped now, would the
 * scheduler choose next (runnable, on no queue) to run?  Yes unless next
 * is held or a queued thread outranks it. */
static inline int sched_may_hand_off(const struct thread *next)
{
	/* no queued thread above next->prio: no bit set above bit prio */
	return !next->suspended && (sched.nonempty >> next->prio) <= 1;
}

/* sched_hand_off: then let next run in place of the running thread
 * (which is about to wait): the direct switch of IPC, which touches no
 * queue. */
static inline void sched_hand_off(struct thread *next)
{
	next->state = TS_RUNNABLE;
	sched.current = next;
}

/* sched_yield: the current thread goes to the tail of its queue. */
void sched_yield(void);

/* Timeouts (deadlines in counter ticks). */
void sched_timeout_add(struct thread *t, uint64_t deadline);
/* sched_timeout_remove: t's timeout, if any, is off (inline: the IPC
 * fast path cancels a caller's timeout when it answers the call). */
static inline void sched_timeout_remove(struct thread *t)
{
	if (list_linked(&t->time_link))
		list_remove(&t->time_link);
	t->deadline = 0;
}

/* sched_tick: called by the timer interrupt with the counter's value:
 * expire timeouts and end slices. */
void sched_tick(uint64_t now);

/* sched_next_event: the counter value the timer should fire at next. */
uint64_t sched_next_event(void);

/* ns_to_ticks: a duration in counter ticks. */
uint64_t ns_to_ticks(uint64_t ns);

#endif
