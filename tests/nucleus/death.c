/*
 * death.c: a caller is told at once when its server dies.  In instance 1
 * a server thread receives the call and crashes (a store to address 0)
 * instead of answering; its task then ends, and instance 0's call
 * returns ERR_DEAD.  Instance 0 holds the endpoint without the right to
 * receive, so once instance 1 is gone the endpoint is dead: the next call
 * fails at once too.
 */
#include "tlib.h"

static void crashing_server(uint64_t unused)
{
	struct lc_msg m;

	(void)unused;
	CHECK_EQ(lc_recv(SI->test_ep, &m, 0), 0);
	*(volatile int *)0 = 1;                      /* a real fault, not an exit */
}

/* server: the crash is caught by this task's own handler (so that the
 * instance can end with status 0); the task then ends while the server
 * thread still owes its reply. */
static void server(void)
{
	struct lc_msg m;
	uint32_t handler, th;

	CHECK_EQ(lc_endpoint_create(&handler), 0);
	CHECK_EQ(tthread(crashing_server, 0, 32, &th), 0);
	CHECK_EQ(lc_thread_handler(th, handler, 7), 0);
	CHECK_EQ(lc_recv(handler, &m, 0), 0);
	CHECK_EQ(MSG_LABEL(m.info), EXC_PAGE_FAULT);
	CHECK_EQ(m.w[EXC_FAR], 0);
	CHECK_EQ(m.badge, 7);
	exit(0);
}

int main(void)
{
	struct lc_msg m = { .info = MSGINFO(1, 0, 0) };
	uint32_t send_only;
	uint64_t t0;

	if (SI->instance == 1)
		server();
	CHECK_EQ(lc_handle_dup(SI->test_ep, RIGHT_SEND, 0, &send_only), 0);
	CHECK_EQ(lc_handle_close(SI->test_ep), 0);
	t0 = lc_clock_ns();
	CHECK_EQ(lc_call(send_only, &m, 0), ERR_DEAD);
	tsay("  the call returned ERR_DEAD %lu us after it was made\n",
	     (unsigned long)((lc_clock_ns() - t0) / 1000));
	CHECK_EQ(lc_call(send_only, &m, 0), ERR_DEAD);
	tsay("  a later call to the dead endpoint fails at once\n");
	exit(0);
}
