/*
 * nested.c: a server goes on serving while its own request to another
 * server is pending.  Instance 1 is a slow back end (it holds each
 * request 200 ms).  Instance 0 is a front end: a worker thread waits on
 * the back end while the main thread answers five calls of a client
 * thread, all before the back end's answer comes.
 */
#include "tlib.h"

static uint32_t front, done;
static volatile int backend_answered, client_calls;

static void worker(uint64_t unused)
{
	struct lc_msg m = { .info = MSGINFO(1, 1, 0) };

	(void)unused;
	CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
	backend_answered = 1;
	lc_notify_signal(done, 1);
}

static void client(uint64_t unused)
{
	struct lc_msg m;

	(void)unused;
	for (int i = 0; i < 5; i++) {
		m.info = MSGINFO(2, 1, 0);
		m.w[0] = (uint64_t)i;
		if (lc_call(front, &m, 0) == 0 && m.w[0] == (uint64_t)i * 2 && !backend_answered)
			client_calls++;
	}
	lc_notify_signal(done, 2);
}

static void backend(void)
{
	struct lc_msg m;
	struct lc_ret r;

	CHECK_EQ(lc_recv(SI->test_ep, &m, 0), 0);
	r = LC0(reply_save);
	CHECK_EQ(r.err, 0);
	lc_sleep(200000000UL);
	m.info = MSGINFO(0, 0, 0);
	CHECK_EQ(lc_reply((uint32_t)r.r1, &m), 0);
	exit(0);
}

int main(void)
{
	struct lc_msg m;
	uint32_t th;
	uint64_t bits, seen = 0;
	int served = 0;

	if (SI->instance == 1)
		backend();
	CHECK_EQ(lc_endpoint_create(&front), 0);
	CHECK_EQ(lc_notify_create(&done), 0);
	CHECK_EQ(tthread(worker, 0, 32, &th), 0);
	CHECK_EQ(tthread(client, 0, 32, &th), 0);
	CHECK_EQ(lc_recv(front, &m, 0), 0);
	for (;;) {
		m.w[0] *= 2;
		m.info = MSGINFO(0, 1, 0);
		if (++served == 5)
			break;
		CHECK_EQ(lc_reply_recv(front, &m, 0), 0);
	}
	CHECK_EQ(lc_reply_recv(front, &m, 1000000), ERR_TIMEOUT);   /* the 5th answer */
	while (seen != 3) {
		CHECK_EQ(lc_notify_wait(done, 5000000000UL, &bits), 0);
		seen |= bits;
	}
	CHECK_EQ(client_calls, 5);
	CHECK(backend_answered);
	tsay("  5 calls served while the worker's call to the back end was pending\n");
	exit(0);
}
