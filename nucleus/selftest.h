/*
 * selftest.h: the nucleus's tick-driven boot self-checks.
 *
 * After boot, one check runs per timer tick, each printing one line
 *   selftest: ok   NAME: detail        or   selftest: FAIL NAME: why
 * and then a summary line
 *   selftest: done: N passed, M failed
 * The system tests match these lines.  With "crash" in the boot
 * arguments the nucleus then reads an unmapped address on purpose, to
 * show (and test) its crash report; with "selftest" the machine powers
 * off after the summary (or after the crash report).
 */
#ifndef LICHEN_SELFTEST_H
#define LICHEN_SELFTEST_H

#include <stddef.h>

struct frame_pool;
struct memmap;

enum {
	SELFTEST_POWEROFF = 1 << 0,   /* boot argument "selftest": power off after */
	SELFTEST_CRASH    = 1 << 1,   /* boot argument "crash": then fault on purpose */
};

/* selftest_start: arm the checks; flags are SELFTEST_* bits. */
void selftest_start(struct frame_pool *fp, const struct memmap *mm, unsigned hz,
		    unsigned flags);

/* selftest_tick: the timer tick handler (interrupt context). */
void selftest_tick(void);

/* selftest_poll: run the check that is due, if any (thread context). */
void selftest_poll(void);

#endif
