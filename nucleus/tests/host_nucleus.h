/*
 * host_nucleus.h: the nucleus's object code (tasks, handles, IPC, the
 * scheduler, address spaces) run on the host for unit tests.
 *
 * host_nucleus.c fakes only the hardware: a fake RAM buffer with made-up
 * physical addresses behind a real frame pool (frame.c), a counter the
 * test advances by hand, ASIDs from a counter, TLB flushes and IRQ
 * routing recorded in arrays, kprintf into a log buffer, and a panic
 * that fails the running test.  Every object operation is the real
 * nucleus code.
 */
#ifndef LICHEN_HOST_NUCLEUS_H
#define LICHEN_HOST_NUCLEUS_H

#include <stdint.h>
#include <stddef.h>

#include "budget.h"
#include "frame.h"

struct task;
struct thread;

#define HN_RAM_BASE  0x40000000ULL
#define HN_RAM_SIZE  (32ULL << 20)
#define HN_FREQ      62500000ULL         /* the generic timer of QEMU virt */

/* The native call numbers, from the one list. */
enum {
#define SYSCALL(num, name, rights, args, results) SYS_##name = num,
#include "lichen/syscalls.def"
#undef SYSCALL
};

extern struct frame_pool hn_frames;      /* the fake machine's RAM */
extern struct budget hn_root;            /* pays for every test task; never freed */
extern uint64_t hn_now;                  /* arch_counter() */

/* What the fakes recorded since hn_setup. */
struct hn_flush {
	uint16_t asid;
	uint64_t va, pages;
};
#define HN_MAX_FLUSHES 256
extern struct hn_flush hn_flushes[HN_MAX_FLUSHES];
extern unsigned hn_nflushes;
extern unsigned hn_asids_live;           /* allocated and not yet freed */
extern unsigned hn_threads_gone;         /* arch_thread_gone calls */
extern unsigned hn_irq_masked[64], hn_irq_unmasked[64];

/* hn_irq_fire: interrupt intid arrives (what the GIC driver would call);
 * 0 when nothing is attached to it. */
int hn_irq_fire(unsigned intid);

/* hn_setup / hn_teardown: CMocka per-test setup: fresh RAM, frame pool,
 * kmem, root budget, scheduler (counter at 0), empty records. */
int hn_setup(void **state);
int hn_teardown(void **state);

/* hn_log: everything kprintf wrote since hn_setup (or hn_log_clear). */
const char *hn_log(void);
void hn_log_clear(void);

/* Time: ticks of the fake counter; advancing does not call sched_tick. */
uint64_t hn_ticks(uint64_t ns);
void hn_advance_ns(uint64_t ns);

/* hn_task: a running task with a budget of bytes taken from hn_root.
 * The caller owns the creation reference. */
struct task *hn_task(const char *name, uint64_t bytes);

/* hn_thread: a thread of t at prio, charged to t's budget, held by a
 * handle in t's own table (as thread_create of the native call does),
 * resumed.  The pointer stays valid while the task holds that handle. */
struct thread *hn_thread(struct task *t, unsigned prio);

/* hn_install: a handle in t's table for o (taking a reference). */
uint32_t hn_install(struct task *t, void *o, uint32_t rights);

/* hn_sys: t makes native call num with the arguments already in its
 * registers.  Returns x0, or IPC_BLOCKED when t now waits. */
int64_t hn_sys(struct thread *t, unsigned num);

/* hn_run: t becomes the thread the CPU runs (a thread makes calls only
 * while it runs); the one that ran goes back to the head of its queue. */
void hn_run(struct thread *t);

/* hn_kill: task_kill(TASK_KILLED) and drop the creation reference. */
void hn_kill(struct task *t);

#endif
