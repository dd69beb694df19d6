/*
 * bench.c: the nucleus's IPC figures (make bench, tools/bench-nucleus.sh).
 *
 *   ipc.roundtrip.insns / .ns   call + reply_recv between two tasks in
 *                               different address spaces
 *   ipc.syscall_trap.insns      an "svc #0" of one task delivered to its
 *                               handler in another task, answered, resumed:
 *                               what every Linux system call will cost
 *   ipc.fault.insns             a page fault delivered to a user pager,
 *                               which maps a page and resumes the thread
 *
 * Instruction figures come from the counter under QEMU -icount
 * shift=0,sleep=off (one tick = 16 instructions); run without icount,
 * the same lines measure wall time in the guest.
 */
#include "tlib.h"

#define N          10000
#define FAULTS     1000
#define LAZY_VA    0x0000008000000000UL
#define PAGE       4096UL
#define LABEL_CALL 1
#define LABEL_QUIT 2
#define LABEL_NEXT 3
#define TRAP_BADGE 99

static uint32_t pager, lazy_region;
static volatile int trap_done, fault_done;

/* serve: first the round trips, answered with the short (register-only)
 * path, until LABEL_NEXT; then whole messages (the exceptions of the trap
 * test: x0-x8, pc, sp) until LABEL_QUIT. */
static void serve(void)
{
	struct lc_msg m;
	uint64_t info, w0 = 0, badge;
	int err = lc_recv(SI->test_ep, &m, 0);

	info = m.info;
	while (MSG_LABEL(info) != LABEL_NEXT) {
		CHECK_EQ(err, 0);
		info = MSGINFO(0, 1, 0);
		err = lc_reply_recv_short(SI->test_ep, &info, &w0, &badge);
	}
	m.info = 0;
	err = lc_reply_recv(SI->test_ep, &m, 0);
	for (;;) {
		CHECK_EQ(err, 0);
		if (MSG_LABEL(m.info) == LABEL_QUIT)
			break;
		m.info = m.badge == TRAP_BADGE ? MSGINFO(0, EXC_REPLY_WORDS, 0) : MSGINFO(0, 1, 0);
		err = lc_reply_recv(SI->test_ep, &m, 0);
	}
	m.info = 0;
	lc_reply_recv(SI->test_ep, &m, 1000);
	exit(0);
}

static void trapper(uint64_t unused)
{
	(void)unused;
	for (int i = 0; i < N; i++) {
		register uint64_t x8 __asm__("x8") = 172;
		__asm__ volatile("svc #0" : : "r"(x8) : "x0", "memory");
	}
	trap_done = 1;
}

static void toucher(uint64_t unused)
{
	(void)unused;
	for (uint64_t i = 0; i < FAULTS; i++)
		(void)*(volatile uint64_t *)(LAZY_VA + i * PAGE);
	fault_done = 1;
}

static void report(const char *name, uint64_t ticks, uint64_t ns, uint64_t n)
{
	tsay("bench %s.insns %lu insns\n", name, (unsigned long)(ticks * 16 / n));
	tsay("bench %s.ns %lu ns\n", name, (unsigned long)(ns / n));
}

static void roundtrip(void)
{
	uint64_t t0 = tcounter(), n0 = lc_clock_ns(), info, w0 = 0;

	for (int i = 0; i < N; i++) {
		info = MSGINFO(LABEL_CALL, 1, 0);
		lc_call_short(SI->test_ep, &info, &w0);
	}
	report("ipc.roundtrip", tcounter() - t0, lc_clock_ns() - n0, N);
	info = MSGINFO(LABEL_NEXT, 0, 0);
	CHECK_EQ(lc_call_short(SI->test_ep, &info, &w0), 0);
}

static void syscall_trap(void)
{
	uint32_t th;
	uint64_t t0 = tcounter(), n0 = lc_clock_ns();

	CHECK_EQ(tthread(trapper, 0, 32, &th), 0);
	CHECK_EQ(lc_thread_handler(th, SI->test_ep, TRAP_BADGE), 0);
	while (!trap_done)
		lc_sleep(100000);
	report("ipc.syscall_trap", tcounter() - t0, lc_clock_ns() - n0, N);
}

static void page_faults(void)
{
	struct lc_msg m;
	uint32_t th;
	uint64_t t0, n0;

	CHECK_EQ(lc_endpoint_create(&pager), 0);
	CHECK_EQ(lc_region_create(FAULTS, 0, &lazy_region), 0);
	CHECK_EQ(tthread(toucher, 0, 31, &th), 0);
	CHECK_EQ(lc_thread_handler(th, pager, 0), 0);
	t0 = tcounter();
	n0 = lc_clock_ns();
	CHECK_EQ(lc_recv(pager, &m, 0), 0);
	for (uint64_t i = 0; i < FAULTS; i++) {
		uint64_t page = (m.w[EXC_FAR] - LAZY_VA) / PAGE;

		CHECK_EQ(lc_map(SI->self_aspace, lazy_region, LAZY_VA + page * PAGE, page, 1,
				RIGHT_READ), 0);
		m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
		if (i + 1 < FAULTS)
			CHECK_EQ(lc_reply_recv(pager, &m, 0), 0);
	}
	report("ipc.fault", tcounter() - t0, lc_clock_ns() - n0, FAULTS);
	m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
	lc_reply_recv(pager, &m, 1000);
	for (int i = 0; i < 1000 && !fault_done; i++)
		lc_sleep(1000000);
	CHECK(fault_done);
}

int main(void)
{
	struct lc_msg m;

	if (SI->instance == 1)
		serve();
	roundtrip();
	syscall_trap();
	page_faults();
	m.info = MSGINFO(LABEL_QUIT, 0, 0);
	CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
	exit(0);
}
