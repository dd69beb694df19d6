/*
 * pingpong.c: two tasks, two address spaces, one endpoint.  Instance 1
 * serves (reply_recv), instance 0 calls 1,000 times and checks every
 * answer (the figures are measured by bench.c).
 */
#include "tlib.h"

#define LABEL_ADD  1
#define LABEL_QUIT 2
#define ROUNDS     1000

static void serve(void)
{
	struct lc_msg m;
	int err = lc_recv(SI->test_ep, &m, 0);

	for (;;) {
		CHECK_EQ(err, 0);
		if (MSG_LABEL(m.info) == LABEL_QUIT)
			break;
		CHECK_EQ(MSG_LABEL(m.info), LABEL_ADD);
		m.w[0] += 1;
		m.w[13] = m.badge;
		m.info = MSGINFO(0, MSG_REG_WORDS, 0);
		err = lc_reply_recv(SI->test_ep, &m, 0);
	}
	m.info = 0;
	lc_reply_recv(SI->test_ep, &m, 1000);   /* answer the quit; wait 1 us for nothing */
	exit(0);
}

static void client(void)
{
	struct lc_msg m = { 0 };

	for (uint64_t i = 0; i < ROUNDS; i++) {
		m.info = MSGINFO(LABEL_ADD, MSG_REG_WORDS, 0);
		m.w[0] = i;
		for (int k = 1; k < 13; k++)
			m.w[k] = i * k;
		CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
		CHECK_EQ(m.w[0], i + 1);
		CHECK_EQ(m.w[12], i * 12);        /* the other words come back untouched */
		CHECK_EQ(m.w[13], 0);             /* the badge the server saw */
	}
	tsay("  %d calls answered in order across two address spaces\n", ROUNDS);
	m.info = MSGINFO(LABEL_QUIT, 0, 0);
	CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
	exit(0);
}

int main(void)
{
	if (SI->instance == 1)
		serve();
	client();
}
