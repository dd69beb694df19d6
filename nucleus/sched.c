/*
 * sched.c: run queues, time slices and timeouts (see sched.h).
 *
 * Pure logic: time comes in as counter values, so the host unit tests
 * drive it with made-up clocks.  When a timeout expires it calls
 * thread_timeout() (thread.c), which ends the wait.
 */
#include "sched.h"
#include "thread.h"
#include "panic.h"

static struct list runq[PRIO_LEVELS];
static struct list timeouts;
static uint64_t freq = 62500000, slice_ticks, next_slice;
struct sched_state sched;

void thread_timeout(struct thread *t);

void sched_init(uint64_t counter_freq, uint64_t now)
{
	for (int p = 0; p < PRIO_LEVELS; p++)
		list_init(&runq[p]);
	list_init(&timeouts);
	sched.nonempty = 0;
	sched.current = NULL;
	freq = counter_freq;
	slice_ticks = ns_to_ticks(SLICE_NS);
	next_slice = now + slice_ticks;
}

uint64_t ns_to_ticks(uint64_t ns)
{
	/* split to avoid overflow: ns * freq may exceed 64 bits */
	return (ns / 1000000000ULL) * freq + (ns % 1000000000ULL) * freq / 1000000000ULL;
}

static void enqueue(struct thread *t, int front)
{
	if (front)
		list_push_front(&runq[t->prio], &t->queue_link);
	else
		list_push_back(&runq[t->prio], &t->queue_link);
	sched.nonempty |= 1ULL << t->prio;
}

static void dequeue(struct thread *t)
{
	list_remove(&t->queue_link);
	if (list_empty(&runq[t->prio]))
		sched.nonempty &= ~(1ULL << t->prio);
}

/* preempt_current: the running thread steps back to the head of its
 * queue: it is next in line at its priority once it has run. */
static void preempt_current(void)
{
	enqueue(sched.current, 1);
	sched.current = NULL;
}

void sched_ready(struct thread *t, int front)
{
	KASSERT(!list_linked(&t->queue_link));
	t->state = TS_RUNNABLE;
	if (t->suspended || t == sched.current)
		return;
	/* a woken thread runs before the running one of its priority, as
	 * if the running one had handed over to it directly */
	if (front && sched.current && sched.current->prio == t->prio)
		preempt_current();
	enqueue(t, front);
}

void sched_unready(struct thread *t)
{
	if (t == sched.current)
		sched.current = NULL;
	else if (list_linked(&t->queue_link))
		dequeue(t);
}

struct thread *sched_current(void)
{
	return sched.current;
}

struct thread *sched_pick(void)
{
	struct thread *next;
	int p = sched_highest();

	if (sched.current && (int)sched.current->prio >= p)
		return sched.current;         /* nobody queued outranks it */
	if (p < 0)
		return NULL;
	if (sched.current)
		preempt_current();
	next = list_entry(list_first(&runq[p]), struct thread, queue_link);
	dequeue(next);
	sched.current = next;
	return next;
}

void sched_yield(void)
{
	if (sched.current) {
		enqueue(sched.current, 0);
		sched.current = NULL;
	}
}

void sched_timeout_add(struct thread *t, uint64_t deadline)
{
	struct list *pos;

	sched_timeout_remove(t);
	t->deadline = deadline;
	for (pos = timeouts.prev; pos != &timeouts; pos = pos->prev)
		if (list_entry(pos, struct thread, time_link)->deadline <= deadline)
			break;
	list_insert_after(pos, &t->time_link);
}


/* sched_tick: slices end on a fixed 10 ms grid (a thread switched in
 * late in a slice gets the rest of it), which keeps a thread switch free
 * of timer reprogramming: IPC switches threads constantly. */
void sched_tick(uint64_t now)
{
	struct list expired = LIST_INIT(expired), *pos;

	/* Move the expired ones aside, in deadline order, then wake them
	 * latest first: woken threads go to the front of their queue, so the
	 * earliest deadline ends up running first.  The list is read afresh
	 * at each step because a wake can end other threads (a task killed),
	 * which takes them off it. */
	/* The slice ends first: the running thread goes to the back of its
	 * queue before anyone woken now goes to the front. */
	if (now >= next_slice) {
		sched_yield();
		next_slice += slice_ticks;
		if (next_slice <= now)          /* the CPU was away: skip ahead */
			next_slice = now + slice_ticks;
	}
	while ((pos = list_first(&timeouts)) != NULL &&
	       list_entry(pos, struct thread, time_link)->deadline <= now) {
		list_remove(pos);
		list_push_back(&expired, pos);
	}
	while ((pos = expired.prev) != &expired) {
		struct thread *t = list_entry(pos, struct thread, time_link);

		sched_timeout_remove(t);
		thread_timeout(t);
	}
}

uint64_t sched_next_event(void)
{
	struct list *first = list_first(&timeouts);
	uint64_t next = next_slice;

	if (first && list_entry(first, struct thread, time_link)->deadline < next)
		next = list_entry(first, struct thread, time_link)->deadline;
	return next;
}
