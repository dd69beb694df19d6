/*
 * policy.h: the supervisor's restart policy, pure logic (host-tested).
 *
 * A server that dies after serving at least one request since it last
 * started is restarted at once, always (crashes after real progress,
 * injected ones included).  One that dies again before serving anything
 * is in a crash loop: it is restarted after a delay that doubles from
 * 10 ms up to 1 s, and after five such deaths in a row it is marked
 * failed and left alone.
 */
#ifndef LICHEN_POLICY_H
#define LICHEN_POLICY_H

#include <stdint.h>

#define POLICY_FIRST_DELAY_NS  10000000ULL
#define POLICY_MAX_DELAY_NS    1000000000ULL
#define POLICY_CRASH_LOOPS     5
#define POLICY_FAILED          (-1)

struct restart_policy {
	unsigned restarts;          /* restarts so far */
	unsigned crash_loop;        /* deaths in a row without serving */
	int failed;
};

/* policy_on_death: the server died having served 'served' requests since
 * its last start.  Returns the delay in ns before restarting it (0: at
 * once), or POLICY_FAILED. */
int64_t policy_on_death(struct restart_policy *p, uint64_t served);

#endif
