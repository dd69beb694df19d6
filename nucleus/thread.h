/*
 * thread.h: threads, the unit the scheduler runs.
 *
 * A thread belongs to one task (its handle table, budget and address
 * space), which several threads may share.  Its state says what it waits
 * for; the IPC fields say with whom.  The register state (struct context)
 * is saved on every entry to the nucleus, so a blocked thread needs no
 * nucleus stack: the nucleus has one stack per CPU.
 */
#ifndef LICHEN_THREAD_H
#define LICHEN_THREAD_H

#include <stdint.h>
#include "object.h"
#include "list.h"
#include "context.h"
#include "lichen/abi.h"

struct task;
struct endpoint;
struct notify;
struct reply;

enum thread_state {
	TS_INACTIVE,    /* created, never resumed */
	TS_RUNNABLE,    /* on a run queue (running, if it is current) */
	TS_SEND,        /* queued on an endpoint with a send */
	TS_CALL,        /* queued on an endpoint with a call */
	TS_RECV,        /* waiting on an endpoint for a message */
	TS_REPLY,       /* its call was received; waiting for the reply */
	TS_NOTIFY,      /* waiting on a notification */
	TS_SLEEP,       /* sleeping until its deadline */
	TS_DEAD,        /* its task is gone */
};

#define PRIO_LEVELS 64
#define PRIO_MAX    (PRIO_LEVELS - 1)

struct thread {
	struct object obj;
	struct context ctx;
	struct fp_context fp;
	struct task *task;           /* holds a reference */
	uint64_t ttbr;               /* its task's address space, as TTBR0_EL1 names it */
	struct list task_link;       /* on task->threads */
	enum thread_state state;
	int suspended;               /* not to run even when runnable */
	unsigned prio;
	struct list queue_link;      /* run queue or endpoint queue */
	struct list time_link;       /* timeout list, when deadline != 0 */
	uint64_t deadline;           /* counter value that ends the wait */
	struct endpoint *queued_on;  /* TS_SEND, TS_CALL, TS_RECV */
	struct notify *waiting_on;   /* TS_NOTIFY */
	uint64_t send_badge;         /* badge of the handle it sends through */
	int in_exception;            /* its TS_REPLY wait is an exception message */
	int in_exception_pending;    /* its TS_CALL wait carries an exception message */
	unsigned exc_kind;           /* EXC_* of that message */
	uint64_t exc_words[EXC_WORDS];
	int interrupt_pending;       /* enter the handler at the next return to user */
	/* the reply relationship: who must answer whom */
	struct thread *reply_to;     /* the caller this thread owes a reply (implicit slot) */
	struct thread *reply_by_thread; /* TS_REPLY: the thread that owes us (or NULL) */
	struct reply *reply_by_obj;  /* TS_REPLY: the reply object that owes us (or NULL) */
	struct endpoint *exc_ep;     /* where its exceptions go (holds a reference) */
	uint64_t exc_badge;
	uint64_t ipcbuf;             /* user address of its message buffer page (0: none) */
	char name[16];
};

static inline struct thread *thread_of_ctx(struct context *c)
{
	return container_of(c, struct thread, ctx);
}

/* thread_create: a suspended thread of task t, charged to budget b. */
int thread_create(struct task *t, struct budget *b, uint64_t pc, uint64_t sp,
		  uint64_t arg, unsigned prio, struct thread **out);

/* thread_resume / thread_suspend: let it run, or hold it. */
void thread_resume(struct thread *t);
void thread_suspend(struct thread *t);

/* thread_wake: end the current wait of t with x0 = result. */
void thread_wake(struct thread *t, int64_t result);

/* thread_abort_wait: take t off whatever it waits on, without waking. */
void thread_abort_wait(struct thread *t);

/* thread_kill: t stops for good (its task is dying); callers waiting
 * for its reply get ERR_DEAD. */
void thread_kill(struct thread *t);

/* thread_block: the current wait of t starts (state, optional timeout in
 * counter ticks, 0 = none). */
void thread_block(struct thread *t, enum thread_state s, uint64_t timeout_ns);

#endif
