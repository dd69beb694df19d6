/*
 * deferred.c: a server keeps three replies (reply_save) and answers them
 * in reverse order, while its three callers (threads of instance 0) wait.
 * Each caller learns in which order it was answered.
 */
#include "tlib.h"

#define CALLERS 3

static volatile uint64_t answer[CALLERS];
static uint32_t done;

static void caller(uint64_t i)
{
	struct lc_msg m = { .info = MSGINFO(1, 1, 0), .w = { i } };
	int err = lc_call(SI->test_ep, &m, 0);

	answer[i] = err ? 100 + (uint64_t)-err : m.w[0];
	lc_notify_signal(done, 1UL << i);
}

static void server(void)
{
	uint32_t saved[CALLERS];
	struct lc_msg m;
	struct lc_ret r;

	for (int i = 0; i < CALLERS; i++) {
		CHECK_EQ(lc_recv(SI->test_ep, &m, 0), 0);
		r = LC0(reply_save);
		CHECK_EQ(r.err, 0);
		saved[m.w[0]] = (uint32_t)r.r1;
	}
	/* a plain recv is refused while a reply is owed: none is owed now */
	for (int k = 0; k < CALLERS; k++) {
		m.info = MSGINFO(0, 1, 0);
		m.w[0] = (uint64_t)k;                    /* the k-th answer given */
		CHECK_EQ(lc_reply(saved[CALLERS - 1 - k], &m), 0);
	}
	/* a reply handle is one-shot: it is gone now */
	CHECK_EQ(lc_reply(saved[0], &m), ERR_BADH);
	exit(0);
}

int main(void)
{
	uint32_t th;
	uint64_t bits, seen = 0;

	if (SI->instance == 1)
		server();
	CHECK_EQ(lc_notify_create(&done), 0);
	for (uint64_t i = 0; i < CALLERS; i++)
		CHECK_EQ(tthread(caller, i, 30 - (unsigned)i, &th), 0);
	while (seen != (1UL << CALLERS) - 1) {
		CHECK_EQ(lc_notify_wait(done, 5000000000UL, &bits), 0);
		seen |= bits;
	}
	for (int i = 0; i < CALLERS; i++)
		CHECK_EQ(answer[i], CALLERS - 1 - i);
	tsay("  3 deferred replies answered in reverse order reached the right callers\n");
	exit(0);
}
