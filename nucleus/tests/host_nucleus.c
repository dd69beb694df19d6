/*
 * host_nucleus.c: the hardware under the nucleus, faked for host unit
 * tests (see host_nucleus.h).  Only arch.h calls, kprintf and panic are
 * here; everything else the tests run is the nucleus's own code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_nucleus.h"
#include "arch.h"
#include "kmem.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "handle.h"
#include "endpoint.h"
#include "syscall.h"
#include "printk.h"
#include "panic.h"
#include "layout.h"
#include "error.h"

struct frame_pool hn_frames;
struct frame_pool *nucleus_frames = &hn_frames;   /* region.c's pool */
struct budget hn_root;
uint64_t hn_now;
struct hn_flush hn_flushes[HN_MAX_FLUSHES];
unsigned hn_nflushes, hn_asids_live, hn_threads_gone;
unsigned hn_irq_masked[64], hn_irq_unmasked[64];

static uint8_t *ram;
static uint16_t next_asid;
static char log_buf[16384];
static size_t log_len;

/* Physical <-> nucleus virtual: the fake RAM buffer. */

void *arch_phys_to_virt(uint64_t pa)
{
	if (pa < HN_RAM_BASE || pa >= HN_RAM_BASE + HN_RAM_SIZE)
		fail_msg("phys_to_virt(%#llx): outside the fake RAM", (unsigned long long)pa);
	return ram + (pa - HN_RAM_BASE);
}

uint64_t arch_virt_to_phys(const void *va)
{
	const uint8_t *p = va;

	if (p < ram || p >= ram + HN_RAM_SIZE)
		fail_msg("virt_to_phys(%p): outside the fake RAM", va);
	return HN_RAM_BASE + (uint64_t)(p - ram);
}

/* The generic timer. */

uint64_t arch_counter(void)
{
	return hn_now;
}

uint64_t arch_counter_freq(void)
{
	return HN_FREQ;
}

void arch_timer_set(uint64_t deadline)
{
	(void)deadline;
}

uint64_t hn_ticks(uint64_t ns)
{
	return ns_to_ticks(ns);
}

void hn_advance_ns(uint64_t ns)
{
	hn_now += ns_to_ticks(ns);
}

/* Address spaces and threads. */

int arch_asid_alloc(uint16_t *asid)
{
	if (next_asid == UINT16_MAX)
		return ERR_NOMEM;
	*asid = ++next_asid;
	hn_asids_live++;
	return 0;
}

void arch_asid_free(uint16_t asid)
{
	assert_true(asid != 0 && asid <= next_asid);
	assert_true(hn_asids_live > 0);
	hn_asids_live--;
}

void arch_tlb_flush(uint16_t asid, uint64_t va, uint64_t pages)
{
	if (hn_nflushes < HN_MAX_FLUSHES)
		hn_flushes[hn_nflushes] = (struct hn_flush){ asid, va, pages };
	hn_nflushes++;
}

void arch_aspace_gone(uint16_t asid)
{
	(void)asid;
}

void arch_thread_gone(struct thread *t)
{
	(void)t;
	hn_threads_gone++;
}

void arch_switch_to(struct thread *t)
{
	(void)t;
}

void arch_idle(void)
{
	fail_msg("arch_idle: a host test has nothing to wait for");
}

void arch_regs_get(struct thread *t, struct thread_regs *r)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->x, t->ctx.x, sizeof(r->x));
	r->sp = t->ctx.sp;
	r->pc = t->ctx.pc;
	r->pstate = t->ctx.pstate;
	r->tpidr = t->ctx.tpidr;
}

void arch_regs_set(struct thread *t, const struct thread_regs *r)
{
	memcpy(t->ctx.x, r->x, sizeof(r->x));
	t->ctx.sp = r->sp;
	t->ctx.pc = r->pc;
	t->ctx.tpidr = r->tpidr;
}

/* Interrupt lines. */

static void (*irq_fn[64])(void *);
static void *irq_arg[64];

int arch_irq_attach(unsigned intid, void (*fn)(void *), void *arg)
{
	if (intid >= 64)
		return ERR_INVAL;
	if (irq_fn[intid])
		return ERR_EXIST;        /* as gic.c: one route per line */
	irq_fn[intid] = fn;
	irq_arg[intid] = arg;
	return 0;
}

void arch_irq_detach(unsigned intid)
{
	assert_true(intid < 64 && irq_fn[intid]);
	irq_fn[intid] = NULL;
}

int hn_irq_fire(unsigned intid)
{
	if (intid >= 64 || !irq_fn[intid])
		return 0;
	irq_fn[intid](irq_arg[intid]);
	return 1;
}

void arch_irq_mask(unsigned intid)
{
	hn_irq_masked[intid % 64]++;
}

void arch_irq_unmask(unsigned intid)
{
	hn_irq_unmasked[intid % 64]++;
}

/* Console, power, panic. */

void arch_console_putc(char c)
{
	if (log_len + 1 < sizeof(log_buf))
		log_buf[log_len++] = c;
	log_buf[log_len] = 0;
}

void kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (const char *p = buf; *p; p++)
		arch_console_putc(*p);
	if (getenv("HN_VERBOSE"))
		fputs(buf, stderr);
}

const char *hn_log(void)
{
	return log_buf;
}

void hn_log_clear(void)
{
	log_len = 0;
	log_buf[0] = 0;
}

void arch_poweroff(void)
{
	fail_msg("arch_poweroff called");
	abort();
}

void panic_at(const char *func, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "nucleus panic in %s: %s\n", func, buf);
	fail_msg("nucleus panic in %s: %s", func, buf);
	abort();
}

/* Set-up. */

int hn_setup(void **state)
{
	struct range all = { HN_RAM_BASE, HN_RAM_BASE + HN_RAM_SIZE };

	(void)state;
	ram = aligned_alloc(PAGE_SIZE, HN_RAM_SIZE);
	if (!ram)
		return -1;
	memset(ram, 0xee, HN_RAM_SIZE);
	if (frame_pool_init(&hn_frames, &all, 1, arch_phys_to_virt, 1))
		return -1;
	kmem_init(&hn_frames, arch_phys_to_virt, arch_virt_to_phys);
	hn_root = (struct budget){ .limit = hn_frames.free * PAGE_SIZE, .refs = 1 };
	hn_now = 0;
	sched_init(HN_FREQ, 0);
	next_asid = 0;
	hn_nflushes = hn_asids_live = hn_threads_gone = 0;
	memset(hn_irq_masked, 0, sizeof(hn_irq_masked));
	memset(hn_irq_unmasked, 0, sizeof(hn_irq_unmasked));
	memset(irq_fn, 0, sizeof(irq_fn));
	hn_log_clear();
	return 0;
}

int hn_teardown(void **state)
{
	(void)state;
	free(ram);
	ram = NULL;
	return 0;
}

/* Helpers. */

struct task *hn_task(const char *name, uint64_t bytes)
{
	struct task *t;

	assert_int_equal(task_create(&hn_root, bytes, 0, name, &t), 0);
	return t;
}

uint32_t hn_install(struct task *t, void *o, uint32_t rights)
{
	uint32_t h;

	assert_int_equal(handle_install(&t->handles, o, rights, 0, &h), 0);
	return h;
}

struct thread *hn_thread(struct task *t, unsigned prio)
{
	struct thread *th;

	assert_int_equal(thread_create(t, t->budget, 0x400000, 0x800000, 0, prio, &th), 0);
	hn_install(t, th, RIGHT_ALL);
	obj_put(&th->obj);
	thread_resume(th);
	return th;
}

int64_t hn_sys(struct thread *t, unsigned num)
{
	t->ctx.x[16] = num;
	syscall_dispatch(t);
	if (t->state != TS_RUNNABLE)
		return IPC_BLOCKED;
	return (int64_t)t->ctx.x[0];
}

void hn_run(struct thread *t)
{
	struct thread *c = sched_current();

	if (c == t)
		return;
	assert_int_equal(t->state, TS_RUNNABLE);
	assert_false(t->suspended);
	if (c) {
		sched_unready(c);
		sched_ready(c, 1);
	}
	sched_unready(t);
	sched.current = t;
}

void hn_kill(struct task *t)
{
	task_kill(t, TASK_KILLED);
	obj_put(&t->obj);
}
