/*
 * sys.h: native calls from user space (init and the servers).
 *
 * Plain calls go through lc_sys(); IPC calls through lc_ipc() (ipc.S),
 * which moves a whole struct lc_msg through the message registers.
 * Every call returns 0 or a negative ERR_* code (lichen/abi.h); results
 * come back through pointers.  No call touches errno or thread-local
 * storage, so these work before (and outside) musl's start-up.
 */
#ifndef LICHEN_SYS_H
#define LICHEN_SYS_H

#include <stdint.h>
#include <stddef.h>
#include "lichen/abi.h"
#include "lichen/sys_numbers.h"

/* A message as the registers carry it: x1 (msginfo), x2-x15, x16 (badge). */
struct lc_msg {
	uint64_t info;
	uint64_t w[MSG_REG_WORDS];
	uint64_t badge;
};

struct lc_ret {
	int64_t err;
	uint64_t r1, r2, r3, r4, r5;
};

static inline struct lc_ret lc_sys(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2,
				   uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x16 __asm__("x16") = num;

	__asm__ volatile("svc #0x4c"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 : "r"(x16) : "memory");
	return (struct lc_ret){ (int64_t)x0, x1, x2, x3, x4, x5 };
}

/* lc_ipc: the IPC calls (SYS_call, send, recv, reply_recv, reply). */
int64_t lc_ipc(uint64_t num, uint64_t handle, struct lc_msg *m, uint64_t timeout_ns);

static inline int lc_call(uint32_t ep, struct lc_msg *m, uint64_t timeout_ns)
{
	return (int)lc_ipc(SYS_call, ep, m, timeout_ns);
}

static inline int lc_send(uint32_t ep, struct lc_msg *m)
{
	return (int)lc_ipc(SYS_send, ep, m, 0);
}

static inline int lc_recv(uint32_t ep, struct lc_msg *m, uint64_t timeout_ns)
{
	return (int)lc_ipc(SYS_recv, ep, m, timeout_ns);
}

static inline int lc_reply_recv(uint32_t ep, struct lc_msg *m, uint64_t timeout_ns)
{
	return (int)lc_ipc(SYS_reply_recv, ep, m, timeout_ns);
}

static inline int lc_reply(uint32_t reply, struct lc_msg *m)
{
	return (int)lc_ipc(SYS_reply, reply, m, 0);
}

/*
 * lc_call_short / lc_reply_recv_short: IPC with at most one message word,
 * kept in registers end to end (no struct lc_msg in memory): the leanest
 * path, for servers' hot loops.  The other message registers (x3-x15)
 * come back clobbered.  *info and *w0 are sent and replaced by what is
 * received; *badge gets the sender's badge.
 */
#define LC_SHORT_CLOBBERS "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", \
	"x12", "x13", "x14", "x15", "memory"

/* lc_short: the one register-only IPC stub behind the two below. */
static inline int lc_short(uint64_t num, uint32_t ep, uint64_t *info, uint64_t *w0,
			   uint64_t *badge)
{
	register uint64_t x0 __asm__("x0") = ep;
	register uint64_t x1 __asm__("x1") = *info;
	register uint64_t x2 __asm__("x2") = *w0;
	register uint64_t x16 __asm__("x16") = num;
	register uint64_t x17 __asm__("x17") = 0;

	__asm__ volatile("svc #0x4c" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x16)
			 : "r"(x17) : LC_SHORT_CLOBBERS);
	*info = x1;
	*w0 = x2;
	*badge = x16;
	return (int)x0;
}

static inline int lc_call_short(uint32_t ep, uint64_t *info, uint64_t *w0)
{
	uint64_t badge;

	return lc_short(SYS_call, ep, info, w0, &badge);
}

static inline int lc_reply_recv_short(uint32_t ep, uint64_t *info, uint64_t *w0,
				      uint64_t *badge)
{
	return lc_short(SYS_reply_recv, ep, info, w0, badge);
}

#define LC0(name) lc_sys(SYS_##name, 0, 0, 0, 0, 0, 0)
#define LC(name, ...) lc_sys_n(SYS_##name, __VA_ARGS__)

static inline struct lc_ret lc_sys_n(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2,
				     uint64_t a3, uint64_t a4, uint64_t a5)
{
	return lc_sys(num, a0, a1, a2, a3, a4, a5);
}

/* Convenience wrappers, one per call that init and the tests use. */
static inline int lc_debug_write(const void *buf, size_t len)
{
	return (int)lc_sys(SYS_debug_write, (uint64_t)buf, len, 0, 0, 0, 0).err;
}

static inline int lc_handle_close(uint32_t h)
{
	return (int)lc_sys(SYS_handle_close, h, 0, 0, 0, 0, 0).err;
}

static inline int lc_handle_dup(uint32_t h, uint32_t rights, uint64_t badge, uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_handle_dup, h, rights, badge, 0, 0, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

static inline int lc_handle_give(uint32_t task, uint32_t h, uint32_t rights, uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_handle_give, task, h, rights, 0, 0, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

static inline int lc_endpoint_create(uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_endpoint_create, 0, 0, 0, 0, 0, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

static inline int lc_notify_create(uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_notify_create, 0, 0, 0, 0, 0, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

static inline int lc_notify_signal(uint32_t n, uint64_t bits)
{
	return (int)lc_sys(SYS_notify_signal, n, bits, 0, 0, 0, 0).err;
}

int lc_notify_wait(uint32_t n, uint64_t timeout_ns, uint64_t *bits);

static inline int lc_region_create(uint64_t pages, unsigned flags, uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_region_create, pages, flags, 0, 0, 0, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

/* lc_region_create_for: the same, paid by another task's budget. */
static inline int lc_region_create_for(uint32_t task, uint64_t pages, uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_region_create, pages, 0, task, 0, 0, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

static inline int lc_map(uint32_t as, uint32_t region, uint64_t va, uint64_t first,
			 uint64_t pages, unsigned rights)
{
	return (int)lc_sys(SYS_map, as, region, va, first, pages, rights).err;
}

static inline int lc_unmap(uint32_t as, uint64_t va, uint64_t pages)
{
	return (int)lc_sys(SYS_unmap, as, va, pages, 0, 0, 0).err;
}

static inline int lc_protect(uint32_t as, uint64_t va, uint64_t pages, unsigned rights)
{
	return (int)lc_sys(SYS_protect, as, va, pages, rights, 0, 0).err;
}

static inline int lc_task_create(uint64_t budget, unsigned flags, uint32_t *task, uint32_t *as)
{
	struct lc_ret r = lc_sys(SYS_task_create, budget, flags, 0, 0, 0, 0);

	*task = (uint32_t)r.r1;
	*as = (uint32_t)r.r2;
	return (int)r.err;
}

/* lc_task_create_named: the same, with a name (16 bytes readable). */
static inline int lc_task_create_named(uint64_t budget, unsigned flags, const char name[16],
				       uint32_t *task, uint32_t *as)
{
	struct lc_ret r = lc_sys(SYS_task_create, budget, flags, (uint64_t)name, 0, 0, 0);

	*task = (uint32_t)r.r1;
	*as = (uint32_t)r.r2;
	return (int)r.err;
}

static inline int lc_thread_create(uint32_t task, uint64_t pc, uint64_t sp, uint64_t arg,
				   unsigned prio, uint32_t *out)
{
	struct lc_ret r = lc_sys(SYS_thread_create, task, pc, sp, arg, prio, 0);

	*out = (uint32_t)r.r1;
	return (int)r.err;
}

static inline int lc_thread_resume(uint32_t th)
{
	return (int)lc_sys(SYS_thread_resume, th, 0, 0, 0, 0, 0).err;
}

static inline int lc_thread_handler(uint32_t th, uint32_t ep, uint64_t badge)
{
	return (int)lc_sys(SYS_thread_handler, th, ep, badge, 0, 0, 0).err;
}

static inline int lc_thread_ipcbuf(uint32_t th, uint64_t va)
{
	return (int)lc_sys(SYS_thread_ipcbuf, th, va, 0, 0, 0, 0).err;
}

static inline int lc_task_kill(uint32_t task)
{
	return (int)lc_sys(SYS_task_kill, task, 0, 0, 0, 0, 0).err;
}

static inline int lc_task_watch(uint32_t task, uint32_t n, uint64_t bits)
{
	return (int)lc_sys(SYS_task_watch, task, n, bits, 0, 0, 0).err;
}

static inline uint64_t lc_clock_ns(void)
{
	return lc_sys(SYS_clock, 0, 0, 0, 0, 0, 0).r1;
}

static inline uint64_t lc_counter(void)
{
	return lc_sys(SYS_clock, 0, 0, 0, 0, 0, 0).r2;
}

static inline int lc_sleep(uint64_t ns)
{
	return (int)lc_sys(SYS_sleep, ns, 0, 0, 0, 0, 0).err;
}

static inline int lc_poweroff(uint32_t system)
{
	return (int)lc_sys(SYS_poweroff, system, 0, 0, 0, 0, 0).err;
}

#endif
