/*
 * sysfuzz.c: native calls with random numbers and arguments, from a
 * child task, by the hundred thousand; the nucleus must answer every one
 * (an error code is fine) and never fall over.
 *
 * The child's two threads run fuzz_child (below, in assembly: it needs
 * no stack and no library), which draws each call's number and x0-x5,
 * x17 from a pseudo-random sequence: small numbers, handle numbers (its
 * table holds its own task, address space and threads, an endpoint, a
 * notification and a region), addresses around its own pages, or any
 * 64-bit value.  With two threads and one endpoint, calls meet receives
 * (and the IPC fast paths run).  Each thread counts its calls in a page
 * this task shares.  Its calls may well
 * destroy it (unmap its own code, kill its own task) or stop it (sleep
 * for hours, suspend itself): this task watches the count, kills a child
 * that stalls or has made its share of calls, and starts a new one with
 * the next seed.  At the end, its
 * budget must be back exactly where it started: every object the
 * children made, in whatever state, was freed with them.
 */
#include "tlib.h"

#define CALLS      200000
#define PER_CHILD  5000               /* then the next seed */
#define CHILD_KIB  512
#define CODE_VA    0x400000UL
#define DATA_VA    0x500000UL
#define IPCBUF_VA  0x502000UL        /* one page apart: a hole in between */
#define IPCBUF2_VA 0x503000UL
#define SHARED_VA  0x0000006000000000UL
#define STALL_MS   3

/* What this task and a child share: for each of its two threads, its
 * count of calls and its seed (64 bytes apart). */
struct shared {
	struct {
		uint64_t calls;
		uint64_t seed;
		uint64_t pad[6];
	} thread[2];
};

void fuzz_child(void);
extern const char fuzz_child_end[];

/*
 * fuzz_child(x0 = DATA_VA): forever: x19 = x19 * A + C (Knuth's MMIX
 * constants), call number 1-45 (poweroff, 39, becomes 99: unknown), each
 * argument one of four kinds (an IPC call's x0 names the endpoint half
 * the time), x17 1-65535 ns and a sleep's x0 as short (a wait never
 * lasts), then "svc #0x4c" and the count in the shared page goes up.
 */
__asm__(
	".text\n"
	".balign 4096\n"
	".globl fuzz_child\n"
	"fuzz_child:\n"
	"	mov x20, x0\n"
	"	ldr x19, [x20, #8]\n"
	"	movz x21, #0x7f2d\n"
	"	movk x21, #0x4c95, lsl #16\n"
	"	movk x21, #0xf42d, lsl #32\n"
	"	movk x21, #0x5851, lsl #48\n"
	"	movz x22, #0xf30f\n"
	"	movk x22, #0x4a7c, lsl #16\n"
	"	movk x22, #0x9cf4, lsl #32\n"
	"	movk x22, #0x1405, lsl #48\n"
	"	mov x23, #45\n"
	".macro fuzz_arg reg\n"
	"	madd x19, x19, x21, x22\n"
	"	lsr x9, x19, #62\n"
	"	lsr \\reg, x19, #20\n"
	"	cbz x9, 1\\@f\n"
	"	cmp x9, #1\n"
	"	b.eq 2\\@f\n"
	"	cmp x9, #2\n"
	"	b.eq 3\\@f\n"
	"	mov \\reg, x19\n"
	"	b 4\\@f\n"
	"1\\@:	and \\reg, \\reg, #15\n"
	"	b 4\\@f\n"
	"2\\@:	and \\reg, \\reg, #7\n"
	"	add \\reg, \\reg, #1\n"
	"	b 4\\@f\n"
	"3\\@:	and \\reg, \\reg, #0x3ff8\n"
	"	add \\reg, \\reg, x20\n"
	"4\\@:\n"
	".endm\n"
	"0:	madd x19, x19, x21, x22\n"
	"	lsr x16, x19, #33\n"
	"	udiv x9, x16, x23\n"
	"	msub x16, x9, x23, x16\n"
	"	add x16, x16, #1\n"
	"	cmp x16, #39\n"
	"	mov x9, #99\n"
	"	csel x16, x9, x16, eq\n"
	"	fuzz_arg x0\n"
	"	fuzz_arg x1\n"
	"	fuzz_arg x2\n"
	"	fuzz_arg x3\n"
	"	fuzz_arg x4\n"
	"	fuzz_arg x5\n"
	"	madd x19, x19, x21, x22\n"
	"	ubfx x17, x19, #40, #16\n"
	"	add x17, x17, #1\n"
	"	cmp x16, #6\n"               /* call, send, recv, reply_recv: */
	"	b.lo 5f\n"
	"	cmp x16, #9\n"
	"	b.hi 5f\n"
	"	tbz x19, #5, 5f\n"
	"	mov x0, #4\n"                /* the shared endpoint, half the time */
	"5:	cmp x16, #35\n"              /* sleep: at most 65 us too */
	"	and x9, x0, #0xffff\n"
	"	csel x0, x9, x0, eq\n"
	"	svc #0x4c\n"
	"	ldr x9, [x20]\n"
	"	add x9, x9, #1\n"
	"	str x9, [x20]\n"
	"	b 0b\n"
	".purgem fuzz_arg\n"
	".globl fuzz_child_end\n"
	"fuzz_child_end:\n");

struct child {
	uint32_t task, aspace, thread, thread2, shared;
};

static uint64_t budget_used(void)
{
	return LC0(budget).r2;
}

/* give: one of our handles to the child, with all its rights, as the
 * child's next handle. */
static void give(struct child *c, uint32_t h)
{
	struct lc_ret info = lc_sys(SYS_handle_info, h, 0, 0, 0, 0, 0);
	uint32_t theirs;

	CHECK_EQ(info.err, 0);
	CHECK_EQ(lc_handle_give(c->task, h, (uint32_t)info.r2, &theirs), 0);
}

/* page: a fresh page mapped in the child at va (and kept by the map). */
static uint32_t page(struct child *c, uint64_t va, unsigned rights)
{
	uint32_t r;

	CHECK_EQ(lc_region_create(1, 0, &r), 0);
	CHECK_EQ(lc_map(c->aspace, r, va, 0, 1, rights), 0);
	return r;
}

static void start_child(struct child *c, uint64_t seed)
{
	volatile struct shared *sh = (volatile struct shared *)SHARED_VA;
	uint32_t code, h, own_thread;
	size_t size = (size_t)(fuzz_child_end - (const char *)fuzz_child);

	static const char name[16] = "fuzzchild";

	CHECK_EQ(lc_task_create_named(CHILD_KIB << 10, 0, name, &c->task, &c->aspace), 0);
	code = page(c, CODE_VA, RIGHT_READ | RIGHT_WRITE);
	CHECK(size <= 4096);
	CHECK_EQ(lc_sys(SYS_mem_write, c->aspace, CODE_VA, (uint64_t)fuzz_child, size, 0, 0).err, 0);
	CHECK_EQ(lc_protect(c->aspace, CODE_VA, 1, RIGHT_READ | RIGHT_EXEC), 0);
	c->shared = page(c, DATA_VA, RIGHT_READ | RIGHT_WRITE);
	CHECK_EQ(lc_map(SI->self_aspace, c->shared, SHARED_VA, 0, 1, RIGHT_READ | RIGHT_WRITE), 0);
	for (int k = 0; k < 2; k++) {
		sh->thread[k].calls = 0;
		sh->thread[k].seed = seed * 2 + (uint64_t)k;
	}
	h = page(c, IPCBUF_VA, RIGHT_READ | RIGHT_WRITE);
	lc_handle_close(h);
	h = page(c, IPCBUF2_VA, RIGHT_READ | RIGHT_WRITE);
	lc_handle_close(h);
	lc_handle_close(code);
	/* its handles 1-7: task, address space, threads, endpoint, notification, region */
	give(c, c->task);
	give(c, c->aspace);
	CHECK_EQ(lc_thread_create(c->task, CODE_VA, 0, DATA_VA, 5, &c->thread), 0);
	give(c, c->thread);
	CHECK_EQ(lc_thread_create(c->task, CODE_VA, 0, DATA_VA + 64, 5, &c->thread2), 0);
	give(c, c->thread2);
	CHECK_EQ(lc_endpoint_create(&h), 0);
	give(c, h);
	lc_handle_close(h);
	CHECK_EQ(lc_notify_create(&h), 0);
	give(c, h);
	lc_handle_close(h);
	CHECK_EQ(lc_region_create(4, 0, &h), 0);
	give(c, h);
	lc_handle_close(h);
	own_thread = c->thread;
	CHECK_EQ(lc_thread_ipcbuf(own_thread, IPCBUF_VA), 0);
	CHECK_EQ(lc_thread_ipcbuf(c->thread2, IPCBUF2_VA), 0);
	CHECK_EQ(lc_thread_resume(own_thread), 0);
	CHECK_EQ(lc_thread_resume(c->thread2), 0);
}

/* run_child: let it call until it dies, stalls or has made PER_CHILD
 * calls; its calls. */
static uint64_t run_child(struct child *c, uint64_t *died)
{
	volatile struct shared *sh = (volatile struct shared *)SHARED_VA;
	uint64_t last = 0, still = 0, calls = 0;

	for (;;) {
		struct lc_ret st;

		lc_sleep(1000000);
		st = lc_sys(SYS_task_status, c->task, 0, 0, 0, 0, 0);
		CHECK_EQ(st.err, 0);
		if (st.r1 != TASK_RUNNING) {
			(*died)++;
			break;
		}
		calls = sh->thread[0].calls + sh->thread[1].calls;
		if ((calls == last && ++still >= STALL_MS) || calls >= PER_CHILD)
			break;
		if (calls != last)
			still = 0;
		last = calls;
	}
	return sh->thread[0].calls + sh->thread[1].calls;
}

static void end_child(struct child *c)
{
	lc_task_kill(c->task);
	CHECK_EQ(lc_unmap(SI->self_aspace, SHARED_VA, 1), 0);
	lc_handle_close(c->shared);
	lc_handle_close(c->thread);
	lc_handle_close(c->thread2);
	lc_handle_close(c->aspace);
	lc_handle_close(c->task);
}

int main(void)
{
	uint64_t start, calls = 0, children = 0, died = 0;
	struct child c;

	if (SI->instance == 1)
		exit(0);
	/* a first child: this task's handle table grows to what a child
	 * needs once (tables grow and are not shrunk) */
	start_child(&c, 0x5eed0000 + children++);
	calls += run_child(&c, &died);
	end_child(&c);
	start = budget_used();
	while (calls < CALLS) {
		start_child(&c, 0x5eed0000 + children++);
		calls += run_child(&c, &died);
		end_child(&c);
	}
	tsay("  %lu random native calls from %lu child tasks (%lu ended by their own calls, "
	     "the others killed when they stalled or had made their share); budget back to %lu bytes exactly\n",
	     (unsigned long)calls, (unsigned long)children, (unsigned long)died,
	     (unsigned long)budget_used());
	CHECK_EQ(budget_used(), start);
	exit(0);
}
