/*
 * faults.c: exceptions as messages, handled by a pager in user space.
 * A worker thread's exceptions go to the main thread, which:
 *   - maps a page where the worker faulted, and resumes it;
 *   - skips an undefined instruction (resumes at pc + 4);
 *   - answers an "svc #0" (a Linux-style call) with a result in x0;
 *   - breaks copy-on-write: the worker writes a shared read-only page,
 *     the pager copies it into a fresh region mapped read-write there;
 *   - interrupts the worker while it waits in recv and while it spins,
 *     and resumes it with new registers.
 * Then the pager's copy calls: mem_read stops at an unmapped page and
 * mem_write at a read-only one, saying where and why.
 */
#include "tlib.h"

#include <string.h>

#define LAZY_VA  0x0000008000000000UL
#define COW_VA   0x0000008100000000UL
#define PAGE     4096UL

static uint32_t handler, quiet, worker_th;
static volatile int spinning, step;

static void after_spin(void);

static void worker(uint64_t unused)
{
	volatile uint64_t *lazy = (volatile uint64_t *)LAZY_VA;
	volatile uint64_t *cow = (volatile uint64_t *)COW_VA;
	struct lc_msg m;
	uint64_t x0;

	(void)unused;
	step = 1;
	if (lazy[3] != 0xfeed)                         /* faults; the pager maps it */
		tsay("  FAIL lazy page holds %lx\n", (unsigned long)lazy[3]);
	step = 2;
	__asm__ volatile(".inst 0x00000000");          /* udf #0 */
	step = 3;
	{
		register uint64_t r0 __asm__("x0") = 5;
		register uint64_t r8 __asm__("x8") = 123;
		__asm__ volatile("svc #0" : "+r"(r0) : "r"(r8) : "memory");
		x0 = r0;
	}
	if (x0 != 456)
		tsay("  FAIL svc #0 returned %lu\n", (unsigned long)x0);
	step = 4;
	cow[0] = 77;                                   /* write to a read-only share */
	step = 5;
	x0 = (uint64_t)lc_recv(quiet, &m, 0);           /* interrupted while blocked */
	if (x0 != 777)
		tsay("  FAIL interrupted recv resumed with x0 %ld\n", (long)x0);
	step = 6;
	spinning = 1;
	for (;;)                                       /* interrupted while running */
		;
}

static void after_spin(void)
{
	step = 7;
	for (;;)
		lc_sys(SYS_thread_suspend, worker_th, 0, 0, 0, 0, 0);
}

static void expect(unsigned label, struct lc_msg *m)
{
	CHECK_EQ(lc_recv(handler, m, 5000000000UL), 0);
	CHECK_EQ(MSG_LABEL(m->info), label);
	CHECK_EQ(MSG_WORDS(m->info), EXC_WORDS);
}

/* resume: answer the exception (through a saved reply, so that this
 * thread does not wait for the next one here). */
static void resume(struct lc_msg *m)
{
	struct lc_ret r = LC0(reply_save);

	CHECK_EQ(r.err, 0);
	m->info = MSGINFO(0, EXC_REPLY_WORDS, 0);
	CHECK_EQ(lc_reply((uint32_t)r.r1, m), 0);
}

/* check_regs: the full register set of the stopped worker agrees with
 * its exception message, and can be written back (FP registers too). */
static void check_regs(struct lc_msg *m)
{
	static struct thread_regs r, again;

	CHECK_EQ(lc_sys(SYS_thread_regs, worker_th, (uint64_t)&r, REGS_GET, 0, 0, 0).err, 0);
	CHECK_EQ(r.pc, m->w[EXC_PC]);
	CHECK_EQ(r.sp, m->w[EXC_SP]);
	CHECK_EQ(r.x[8], m->w[8]);
	r.x[20] = 0x2020;
	r.q[5] = ((__uint128_t)0x55 << 64) | 0x5555;
	r.pstate |= 0x3c0;                  /* masking interrupts is not for EL0 to ask */
	CHECK_EQ(lc_sys(SYS_thread_regs, worker_th, (uint64_t)&r, REGS_SET, 0, 0, 0).err, 0);
	CHECK_EQ(lc_sys(SYS_thread_regs, worker_th, (uint64_t)&again, REGS_GET, 0, 0, 0).err, 0);
	CHECK_EQ(again.x[20], 0x2020);
	CHECK(again.q[5] == r.q[5]);
	CHECK_EQ(again.pstate & 0x3c0, 0);
	CHECK_EQ(lc_sys(SYS_thread_regs, worker_th, 0x10, REGS_GET, 0, 0, 0).err, ERR_FAULT);
	tsay("  thread_regs read the whole register set and wrote it back (x20, q5; "
	     "PSTATE's mask bits refused)\n");
}

static void cow_break(struct lc_msg *m, uint64_t *original)
{
	uint32_t fresh;
	uint64_t *copy = tmem(1, &fresh);

	CHECK_EQ(m->w[EXC_FAR], COW_VA);
	memcpy(copy, original, PAGE);                  /* the pager copies ... */
	CHECK_EQ(lc_unmap(SI->self_aspace, COW_VA, 1), 0);
	CHECK_EQ(lc_map(SI->self_aspace, fresh, COW_VA, 0, 1, RIGHT_READ | RIGHT_WRITE), 0);
	resume(m);                                     /* ... and the write is redone */
}

static void pager_copies(void)
{
	uint32_t r;
	uint8_t *two = tmem(1, &r), buf[2 * PAGE];
	struct lc_ret c;

	memset(two, 0xab, PAGE);
	c = lc_sys(SYS_mem_read, SI->self_aspace, (uint64_t)two + 100, (uint64_t)buf, 2 * PAGE, 0, 0);
	CHECK_EQ(c.err, 0);
	CHECK_EQ(c.r1, PAGE - 100);
	CHECK_EQ(c.r2, MEM_UNMAPPED);
	CHECK_EQ(c.r3, (uint64_t)two + PAGE);
	CHECK_EQ(buf[0], 0xab);
	CHECK_EQ(lc_protect(SI->self_aspace, (uint64_t)two, 1, RIGHT_READ), 0);
	c = lc_sys(SYS_mem_write, SI->self_aspace, (uint64_t)two, (uint64_t)buf, 8, 0, 0);
	CHECK_EQ(c.r2, MEM_READONLY);
	CHECK_EQ(c.r1, 0);
	tsay("  mem_read stopped at the unmapped page after %lu bytes; mem_write refused "
	     "a read-only page\n", (unsigned long)(PAGE - 100));
}

int main(void)
{
	struct lc_msg m;
	uint32_t lazy_region, cow_region;
	uint64_t *lazy, *original;

	if (SI->instance == 1)
		exit(0);
	CHECK_EQ(lc_endpoint_create(&handler), 0);
	CHECK_EQ(lc_endpoint_create(&quiet), 0);
	lazy = tmem(1, &lazy_region);
	lazy[3] = 0xfeed;
	original = tmem(1, &cow_region);
	original[0] = 11;
	CHECK_EQ(lc_map(SI->self_aspace, cow_region, COW_VA, 0, 1, RIGHT_READ), 0);
	CHECK_EQ(tthread(worker, 0, 31, &worker_th), 0);
	CHECK_EQ(lc_thread_handler(worker_th, handler, 42), 0);

	expect(EXC_PAGE_FAULT, &m);
	CHECK_EQ(m.w[EXC_FAR], LAZY_VA + 3 * 8);
	CHECK_EQ(m.badge, 42);
	CHECK_EQ(lc_map(SI->self_aspace, lazy_region, LAZY_VA, 0, 1, RIGHT_READ), 0);
	resume(&m);
	tsay("  page fault delivered (far %lx), page mapped by the handler, thread resumed\n",
	     (unsigned long)LAZY_VA + 24);

	expect(EXC_UNDEFINED, &m);
	m.w[EXC_PC] += 4;
	resume(&m);
	tsay("  undefined instruction delivered as a message and skipped\n");

	expect(EXC_SYSCALL, &m);
	CHECK_EQ(m.w[8], 123);
	CHECK_EQ(m.w[0], 5);
	m.w[0] = 456;
	resume(&m);
	tsay("  svc #0 delivered as a message (x8 123), answered in x0\n");

	expect(EXC_PAGE_FAULT, &m);
	cow_break(&m, original);
	while (step < 5)
		lc_sleep(1000000);
	CHECK_EQ(original[0], 11);
	CHECK_EQ(*(volatile uint64_t *)COW_VA, 77);
	tsay("  copy-on-write broken by the user pager: the writer has its copy, the original is intact\n");

	lc_sleep(10000000);                            /* let it block in recv */
	CHECK_EQ(lc_sys(SYS_thread_interrupt, worker_th, 0, 0, 0, 0, 0).err, 0);
	expect(EXC_INTERRUPT, &m);
	CHECK_EQ((int64_t)m.w[0], ERR_INTR);
	m.w[0] = 777;
	resume(&m);
	while (!spinning)
		lc_sleep(1000000);
	CHECK_EQ(lc_sys(SYS_thread_interrupt, worker_th, 0, 0, 0, 0, 0).err, 0);
	expect(EXC_INTERRUPT, &m);
	check_regs(&m);
	m.w[EXC_PC] = (uint64_t)after_spin;
	resume(&m);
	while (step < 7)
		lc_sleep(1000000);
	tsay("  a blocked and a running thread were interrupted into their handler and "
	     "resumed with new registers\n");
	pager_copies();
	exit(0);
}
