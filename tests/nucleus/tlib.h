/*
 * tlib.h: the small library of the nucleus's in-QEMU tests.
 *
 * A test is a boot module that init runs twice at once (instance 0 and
 * 1, see startinfo), sharing one endpoint.  It reports with tsay() and
 * passes by exiting with status 0.  Helper threads made with tthread()
 * run outside musl (no thread-local storage): in them, use only native
 * calls, tsay() and string functions.
 */
#ifndef LICHEN_TLIB_H
#define LICHEN_TLIB_H

#include <stdint.h>
#include <stdlib.h>
#include "lichen/sys.h"
#include "lichen/startinfo.h"

#define SI (startinfo())

void tsay(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* CHECK: a condition the test needs; on failure, say where and exit 1. */
#define CHECK(cond) do { \
	if (!(cond)) { \
		tsay("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		exit(1); \
	} } while (0)

/* CHECK_EQ: the same for two integers, showing both. */
#define CHECK_EQ(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { \
		tsay("  FAIL %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
		exit(1); \
	} } while (0)

/* tthread: a thread of this task running fn(arg) at priority prio, with
 * its own stack and message buffer; *th gets its handle.  When fn
 * returns the thread suspends itself for good. */
int tthread(void (*fn)(uint64_t), uint64_t arg, unsigned prio, uint32_t *th);

/* tmem: n pages of fresh memory mapped read-write in this task. */
void *tmem(uint64_t pages, uint32_t *region);

/* trand: the next of a fixed pseudo-random sequence (seeded by
 * *state), for workloads that must be the same at every run. */
uint64_t trand(uint64_t *state);

/* trestarts: how many times init restarted the server of name. */
uint64_t trestarts(const char *name);

/* The counter: under -icount shift=0 one tick is 16 instructions. */
static inline uint64_t tcounter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

#endif
