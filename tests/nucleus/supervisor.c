/*
 * supervisor.c: a task that crashes with no handler is destroyed and its
 * supervisor is told.  Instance 0 builds a child task by hand: one page
 * of code (a store to address 0) mapped executable at 0x400000, a thread
 * with no exception handler, and a watch notification.  The child
 * faults; the nucleus ends it and signals the watch; task_status tells
 * what happened.
 */
#include "tlib.h"

#include <string.h>

#define CHILD_CODE 0x400000UL

int main(void)
{
	static const uint32_t code[] = {
		0xf900001f,      /* str xzr, [x0]   (x0 = 0: a fault) */
		0x14000000,      /* b .             (never reached) */
	};
	uint32_t child, child_as, region, watch, th;
	uint64_t bits;
	uint32_t *page;
	struct lc_ret st;

	if (SI->instance == 1)
		exit(0);
	page = tmem(1, &region);
	CHECK(page != NULL);
	memcpy(page, code, sizeof(code));
	CHECK_EQ(lc_task_create(1 << 20, 0, &child, &child_as), 0);
	CHECK_EQ(lc_map(child_as, region, CHILD_CODE, 0, 1, RIGHT_READ | RIGHT_EXEC), 0);
	CHECK_EQ(lc_notify_create(&watch), 0);
	CHECK_EQ(lc_task_watch(child, watch, 4), 0);
	CHECK_EQ(lc_thread_create(child, CHILD_CODE, 0, 0, 30, &th), 0);
	CHECK_EQ(lc_thread_resume(th), 0);
	CHECK_EQ(lc_notify_wait(watch, 5000000000UL, &bits), 0);
	CHECK_EQ(bits, 4);
	st = lc_sys(SYS_task_status, child, 0, 0, 0, 0, 0);
	CHECK_EQ(st.err, 0);
	CHECK_EQ(st.r1, TASK_FAULTED);
	CHECK_EQ(st.r2, EXC_PAGE_FAULT);
	CHECK_EQ(st.r4, 0);
	CHECK_EQ(st.r5, CHILD_CODE);
	tsay("  a child that faulted with no handler was ended and its supervisor told "
	     "(fault at %lx, address %lx)\n", (unsigned long)st.r5, (unsigned long)st.r4);
	CHECK_EQ(lc_thread_resume(th), 0);           /* a dead thread stays dead */
	CHECK_EQ(lc_handle_close(th), 0);
	CHECK_EQ(lc_handle_close(child_as), 0);
	CHECK_EQ(lc_handle_close(child), 0);
	exit(0);
}
