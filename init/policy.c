/*
 * policy.c: the restart policy (see policy.h).
 */
#include "policy.h"

int64_t policy_on_death(struct restart_policy *p, uint64_t served)
{
	uint64_t delay;

	if (p->failed)
		return POLICY_FAILED;
	if (served) {
		p->crash_loop = 0;
		p->restarts++;
		return 0;
	}
	if (++p->crash_loop > POLICY_CRASH_LOOPS) {
		p->failed = 1;
		return POLICY_FAILED;
	}
	delay = POLICY_FIRST_DELAY_NS << (p->crash_loop - 1);
	if (delay > POLICY_MAX_DELAY_NS)
		delay = POLICY_MAX_DELAY_NS;
	p->restarts++;
	return (int64_t)delay;
}
