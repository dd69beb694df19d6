/*
 * runtime.c: the runtime handler: a thread of init that answers the
 * Linux system calls of native tasks (init itself, the servers, tests).
 *
 * Native tasks are linked with musl, whose start-up and library make a
 * few Linux calls: set_tid_address, brk and mmap for malloc, writev for
 * stdio, exit_group.  Their threads' exception endpoint is init's, so
 * each such call arrives here as an EXC_SYSCALL message (x8 = the call
 * number, x0-x5 = arguments); the reply carries the result in x0.
 * Memory comes from the caller's own budget (region_create for its task);
 * output goes to the debug console; exit and real faults end the task,
 * which init's watch notification then reports.
 *
 * This thread runs outside musl (no thread-local storage): it uses only
 * native calls and the formatting in log.c.
 */
#include "init.h"
#include "lichen/sys.h"

#include <string.h>

#define HANDLER_STACK  (32 * 1024)
#define BRK_BASE       0x0000001000000000UL
#define MMAP_BASE      0x0000002000000000UL
#define PAGE           4096UL
#define HANDLER_PRIO   48

/* Linux's numbers (include/uapi/asm-generic/unistd.h, errno.h). */
enum {
	NR_ioctl = 29, NR_writev = 66, NR_write = 64, NR_exit = 93, NR_exit_group = 94,
	NR_set_tid_address = 96, NR_futex = 98, NR_set_robust_list = 99,
	NR_clock_gettime = 113, NR_rt_sigaction = 134, NR_rt_sigprocmask = 135,
	NR_getpid = 172, NR_gettid = 178, NR_brk = 214, NR_munmap = 215, NR_mmap = 222,
	NR_mprotect = 226, NR_madvise = 233,
};
enum { EBADF = 9, ENOMEM = 12, EFAULT = 14, ENODEV = 19, EINVAL = 22, ENOTTY = 25, ENOSYS = 38 };

struct client clients[MAX_CLIENTS];
const struct bootinfo *boot;
static uint8_t handler_stack[HANDLER_STACK] __attribute__((aligned(16)));
static uint64_t nosys_seen[8];            /* calls already reported as missing */

void client_reset(struct client *c)
{
	c->brk_base = c->brk_cur = BRK_BASE;
	c->mmap_next = MMAP_BASE;
	c->exited = c->exit_code = c->faulted = 0;
}

struct client *client_new(const char *name)
{
	for (int i = 1; i < MAX_CLIENTS; i++) {
		if (!clients[i].used) {
			memset(&clients[i], 0, sizeof(clients[i]));
			clients[i].used = 1;
			clients[i].server = -1;
			strncpy(clients[i].name, name, sizeof(clients[i].name) - 1);
			client_reset(&clients[i]);
			return &clients[i];
		}
	}
	return NULL;
}

static int64_t read_client(struct client *c, uint64_t va, void *buf, uint64_t len)
{
	struct lc_ret r = lc_sys(SYS_mem_read, c->aspace, va, (uint64_t)buf, len, 0, 0);

	return r.err ? r.err : (r.r1 == len ? 0 : -EFAULT);
}

static int64_t write_client(struct client *c, uint64_t va, const void *buf, uint64_t len)
{
	struct lc_ret r = lc_sys(SYS_mem_write, c->aspace, va, (uint64_t)buf, len, 0, 0);

	return r.err ? r.err : (r.r1 == len ? 0 : -EFAULT);
}

/* print_from: copy len bytes of the client's memory to the console. */
static int64_t print_from(struct client *c, uint64_t va, uint64_t len)
{
	char buf[256];

	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (read_client(c, va + done, buf, n))
			return done ? (int64_t)done : -EFAULT;
		lc_debug_write(buf, n);
		done += n;
	}
	return (int64_t)len;
}

static int64_t do_write(struct client *c, const uint64_t *a)
{
	if (a[0] != 1 && a[0] != 2)
		return -EBADF;
	return print_from(c, a[1], a[2]);
}

static int64_t do_writev(struct client *c, const uint64_t *a)
{
	uint64_t iov[2 * 16];
	int64_t total = 0;

	if (a[0] != 1 && a[0] != 2)
		return -EBADF;
	if (a[2] > 16)
		return -EINVAL;
	if (read_client(c, a[1], iov, a[2] * 16))
		return -EFAULT;
	for (uint64_t i = 0; i < a[2]; i++) {
		int64_t n = print_from(c, iov[2 * i], iov[2 * i + 1]);

		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

static unsigned rights_of(uint64_t prot)
{
	return RIGHT_READ | ((prot & 2) ? RIGHT_WRITE : 0) | ((prot & 4) ? RIGHT_EXEC : 0);
}

/* map_new: fresh zeroed memory for the client, paid by its budget. */
static int map_new(struct client *c, uint64_t va, uint64_t pages, unsigned rights)
{
	uint32_t region;
	int err = lc_region_create_for(c->task, pages, &region);

	if (err)
		return err;
	err = lc_map(c->aspace, region, va, 0, pages, rights);
	lc_handle_close(region);          /* the mapping keeps the region */
	return err;
}

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

static int64_t do_brk(struct client *c, const uint64_t *a)
{
	uint64_t want = a[0], old_top = page_up(c->brk_cur), new_top = page_up(want);

	if (want < c->brk_base || want > c->brk_base + (1UL << 32))
		return (int64_t)c->brk_cur;
	if (new_top > old_top && map_new(c, old_top, (new_top - old_top) / PAGE,
					 RIGHT_READ | RIGHT_WRITE))
		return (int64_t)c->brk_cur;
	if (new_top < old_top)
		lc_unmap(c->aspace, new_top, (old_top - new_top) / PAGE);
	c->brk_cur = want;
	return (int64_t)want;
}

static int64_t do_mmap(struct client *c, const uint64_t *a)
{
	uint64_t len = page_up(a[1]), prot = a[2], flags = a[3], va;

	if (!len)
		return -EINVAL;
	if (!(flags & 0x20) || (int64_t)a[4] != -1)     /* MAP_ANONYMOUS, no file */
		return -ENODEV;
	if (flags & 0x10) {                              /* MAP_FIXED */
		va = a[0];
		lc_unmap(c->aspace, va, len / PAGE);
	} else {
		va = c->mmap_next;
		c->mmap_next += len + PAGE;                  /* a guard page between */
	}
	if (prot == 0)
		return (int64_t)va;                      /* reserved, mapped by mprotect */
	return map_new(c, va, len / PAGE, rights_of(prot)) ? -ENOMEM : (int64_t)va;
}

static int64_t do_mprotect(struct client *c, const uint64_t *a)
{
	uint64_t pages = page_up(a[1]) / PAGE;
	int err;

	if (a[2] == 0)
		return lc_unmap(c->aspace, a[0], pages) ? -EINVAL : 0;
	err = lc_protect(c->aspace, a[0], pages, rights_of(a[2]));
	if (err == ERR_NOENT)                    /* a PROT_NONE reservation: map it now */
		err = map_new(c, a[0], pages, rights_of(a[2]));
	return err ? -ENOMEM : 0;
}

static int64_t do_clock_gettime(struct client *c, const uint64_t *a)
{
	uint64_t ns = lc_clock_ns(), ts[2] = { ns / 1000000000UL, ns % 1000000000UL };

	return write_client(c, a[1], ts, sizeof(ts)) ? -EFAULT : 0;
}

static void report_nosys(struct client *c, uint64_t nr)
{
	if (nr < 512 && !(nosys_seen[nr / 64] & (1UL << (nr % 64)))) {
		nosys_seen[nr / 64] |= 1UL << (nr % 64);
		say("init: %s made Linux call %lu, which the runtime handler does not serve (ENOSYS)\n",
		    c->name, (unsigned long)nr);
	}
}

/* serve: one Linux call; returns x0, or 1 with *gone set when the caller
 * must not be answered (it exited). */
static int64_t serve(struct client *c, uint64_t nr, const uint64_t *a, int *gone)
{
	switch (nr) {
	case NR_write:           return do_write(c, a);
	case NR_writev:          return do_writev(c, a);
	case NR_brk:             return do_brk(c, a);
	case NR_mmap:            return do_mmap(c, a);
	case NR_munmap:          return lc_unmap(c->aspace, a[0], page_up(a[1]) / PAGE) ? -EINVAL : 0;
	case NR_mprotect:        return do_mprotect(c, a);
	case NR_clock_gettime:   return do_clock_gettime(c, a);
	case NR_set_tid_address:
	case NR_getpid:
	case NR_gettid:          return (int64_t)(c - clients) + 1;
	case NR_ioctl:           return -ENOTTY;
	case NR_set_robust_list:
	case NR_rt_sigaction:
	case NR_rt_sigprocmask:
	case NR_madvise:
	case NR_futex:           return 0;
	case NR_exit:
	case NR_exit_group:
		c->exited = 1;
		c->exit_code = (int)a[0];
		*gone = 1;
		return 0;
	default:
		report_nosys(c, nr);
		return -ENOSYS;
	}
}

/* end_client: the task is finished (exit or fault): kill it; init's
 * watch notification tells the supervisor. */
static void end_client(struct client *c)
{
	if (c == &clients[0]) {
		say("init: init itself %s: powering off\n", c->exited ? "exited" : "faulted");
		lc_poweroff(boot->system);
	}
	lc_task_kill(c->task);
}

static void handle(struct lc_msg *m, int *answer)
{
	struct client *c = m->badge < MAX_CLIENTS ? &clients[m->badge] : NULL;
	unsigned kind = MSG_LABEL(m->info);
	int gone = 0;

	*answer = 0;
	if (!c || !c->used)
		return;
	if (kind != EXC_SYSCALL) {
		c->faulted = 1;
		c->fault_kind = kind;
		c->fault_pc = m->w[EXC_PC];
		c->fault_addr = m->w[EXC_FAR];
		say("init: %s took exception %u at pc %lx (address %lx, esr %lx)\n", c->name,
		    kind, (unsigned long)m->w[EXC_PC], (unsigned long)m->w[EXC_FAR],
		    (unsigned long)m->w[EXC_ESR]);
		end_client(c);
		return;
	}
	m->w[EXC_X0] = (uint64_t)serve(c, m->w[8], &m->w[EXC_X0], &gone);
	if (gone) {
		end_client(c);
		return;
	}
	m->info = MSGINFO(0, EXC_REPLY_WORDS, 0);
	*answer = 1;
}

static void handler_main(void)
{
	struct lc_msg m;
	int answer = 0;

	for (;;) {
		int err = answer ? lc_reply_recv(boot->exc_endpoint, &m, 0)
				 : lc_recv(boot->exc_endpoint, &m, 0);

		if (err) {
			say("init: runtime handler: receive failed (%d)\n", err);
			answer = 0;
			continue;
		}
		handle(&m, &answer);
	}
}

void runtime_start(const struct bootinfo *bi)
{
	uint32_t th;
	int err;

	boot = bi;
	clients[0] = (struct client){ .used = 1, .name = "init", .task = bi->self_task,
				      .aspace = bi->self_aspace, .brk_base = BRK_BASE,
				      .brk_cur = BRK_BASE, .mmap_next = MMAP_BASE };
	err = lc_thread_create(bi->self_task, (uint64_t)handler_main,
			       (uint64_t)(handler_stack + HANDLER_STACK), 0, HANDLER_PRIO, &th);
	if (err) {
		say("init: cannot create the runtime handler thread (%d)\n", err);
		lc_poweroff(bi->system);
	}
	lc_thread_resume(th);
}
