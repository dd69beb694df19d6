/*
 * sleep.c: nanosleep without making linuxpx wait.  A sleeping process's
 * reply is kept with its deadline; a small thread of linuxpx (the
 * ticker) calls linuxpx's own endpoint every TICK while someone sleeps,
 * and linuxpx then answers those whose time has come.  The ticker waits
 * on a notification while nobody sleeps.  A sleep therefore lasts up to
 * a tick longer than asked, as on a Linux with a coarse timer.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

#define SLEEPERS 32
#define TICK_NS  2000000UL

struct sleeper {
	uint32_t reply;                       /* 0: free */
	int pid;
	uint64_t deadline;                    /* lc_clock_ns() */
	uint64_t words[EXC_REPLY_WORDS];
};

static struct sleeper sleepers[SLEEPERS];
static volatile int nsleeping;
static uint32_t ticker_note;
static uint8_t ticker_stack[8192] __attribute__((aligned(16)));

/* ticker: a native thread (no C library): only native calls. */
static void ticker(void)
{
	struct lc_msg m;
	uint64_t bits;

	for (;;) {
		if (!nsleeping)
			lc_notify_wait(ticker_note, 0, &bits);
		else
			lc_sleep(TICK_NS);
		if (nsleeping) {
			m.info = MSGINFO(TICK_LABEL, 0, 0);
			lc_call(px_endpoint, &m, 0);
		}
	}
}

int sleep_start(void)
{
	uint32_t th;

	if (lc_notify_create(&ticker_note) ||
	    lc_thread_create(startinfo()->self_task, (uint64_t)ticker,
			     (uint64_t)ticker_stack + sizeof(ticker_stack), 0, 32, &th) ||
	    lc_thread_resume(th))
		return -EIO;
	return 0;
}

int64_t sys_nanosleep(struct proc *p, uint64_t req)
{
	int64_t t[2];
	struct lc_ret r;

	if (copy_in(p, t, req, sizeof(t)))
		return -EFAULT;
	if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000)
		return -EINVAL;
	if (!t[0] && !t[1])
		return 0;
	for (int i = 0; i < SLEEPERS; i++) {
		struct sleeper *s = &sleepers[i];

		if (s->reply)
			continue;
		r = LC0(reply_save);
		if (r.err)
			return -EAGAIN;
		s->reply = (uint32_t)r.r1;
		s->pid = p->pid;
		s->deadline = lc_clock_ns() + (uint64_t)t[0] * 1000000000UL + (uint64_t)t[1];
		memcpy(s->words, current_words, sizeof(s->words));
		if (nsleeping++ == 0)
			lc_notify_signal(ticker_note, 1);
		return KEPT;
	}
	return -EAGAIN;                           /* too many sleep at once */
}

/* sleep_tick: answer the sleepers whose time has come. */
void sleep_tick(void)
{
	uint64_t now = lc_clock_ns();
	struct lc_msg m;

	for (int i = 0; i < SLEEPERS; i++) {
		struct sleeper *s = &sleepers[i];

		if (!s->reply || s->deadline > now)
			continue;
		memcpy(m.w, s->words, sizeof(s->words));
		m.w[EXC_X0] = 0;
		m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
		lc_reply(s->reply, &m);
		s->reply = 0;
		nsleeping--;
	}
}

/* sleep_forget: process p is gone: its sleep, if any, is dropped. */
void sleep_forget(struct proc *p)
{
	for (int i = 0; i < SLEEPERS; i++)
		if (sleepers[i].reply && sleepers[i].pid == p->pid) {
			lc_handle_close(sleepers[i].reply);
			sleepers[i].reply = 0;
			nsleeping--;
		}
}
