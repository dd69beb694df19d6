/*
 * selftest.h: the nucleus's tick-driven boot self-checks.
 *
 * After boot, one check runs per timer tick, each printing one line
 *   selftest: ok   NAME: detail        or   selftest: FAIL NAME: why
 * and then a summary line
 *   selftest: done: N passed, M failed
 * The system tests match these lines.  With "selftest" in the boot
 * arguments the machine powers off after the summary.
 */
#ifndef LICHEN_SELFTEST_H
#define LICHEN_SELFTEST_H

#include <stddef.h>

struct frame_pool;
struct memmap;

void selftest_start(struct frame_pool *fp, const struct memmap *mm, unsigned hz,
		    int poweroff_when_done);

/* selftest_tick: the timer tick handler (interrupt context). */
void selftest_tick(void);

/* selftest_poll: run the check that is due, if any (thread context). */
void selftest_poll(void);

#endif
