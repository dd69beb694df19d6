/*
 * sched.h: the scheduler: preemptive, priority-based round robin.
 *
 * 64 priority levels, each a FIFO run queue; the highest non-empty level
 * runs, its threads in turn, switching every 10 ms.  The running thread
 * stays at the head of its queue; at each 10 ms tick it moves to the
 * tail.  Waits with a timeout sit on one list sorted by deadline.
 * With nothing to run, the CPU waits for an interrupt.
 */
#ifndef LICHEN_SCHED_H
#define LICHEN_SCHED_H

#include <stdint.h>

struct thread;

#define SLICE_NS 10000000ULL

void sched_init(uint64_t counter_freq, uint64_t now);

/* sched_ready: t becomes runnable (at the tail, or the head if front). */
void sched_ready(struct thread *t, int front);

/* sched_unready: t leaves its run queue (it blocks or dies). */
void sched_unready(struct thread *t);

/* sched_current: the thread the CPU runs, or NULL when idle. */
struct thread *sched_current(void);

/* sched_pick: make the highest-priority runnable thread current and
 * return it, or NULL when there is none. */
struct thread *sched_pick(void);

/* sched_swap: the running thread t stops and next (same priority, not
 * queued) runs in its place at the head of the queue: a direct switch
 * for IPC.  1 if done, 0 if the conditions do not hold (nothing changed). */
int sched_swap(struct thread *t, struct thread *next);

/* sched_highest: the highest priority with a runnable thread, or -1. */
int sched_highest(void);

/* sched_yield: the current thread goes to the tail of its queue. */
void sched_yield(void);

/* Timeouts (deadlines in counter ticks). */
void sched_timeout_add(struct thread *t, uint64_t deadline);
void sched_timeout_remove(struct thread *t);

/* sched_tick: called by the timer interrupt with the counter's value:
 * expire timeouts and end slices. */
void sched_tick(uint64_t now);

/* sched_next_event: the counter value the timer should fire at next. */
uint64_t sched_next_event(void);

/* ns_to_ticks: a duration in counter ticks. */
uint64_t ns_to_ticks(uint64_t ns);

#endif
