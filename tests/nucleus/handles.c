/*
 * handles.c: handle transfer, one region shared by two address spaces
 * with different rights, and isolation probes: a handle the task does not
 * hold, a mapping its handle does not allow, nucleus memory.
 */
#include "tlib.h"

#include <string.h>

#define SHARED_VA  0x0000007000000000UL
#define NUCLEUS_VA 0xffff000040000000UL

static uint32_t probe_ep, probe_th;

/* probe_parked: where the probe resumes after its fault: it stops. */
static void probe_parked(void)
{
	for (;;)
		lc_sys(SYS_thread_suspend, probe_th, 0, 0, 0, 0, 0);
}

/* probe: read nucleus memory; must fault, never succeed. */
static void probe(uint64_t unused)
{
	(void)unused;
	tsay("  probe read %lx\n", (unsigned long)*(volatile uint64_t *)NUCLEUS_VA);
}

static void owner(void)
{
	struct lc_msg m;
	struct ipc_buffer *buf = (struct ipc_buffer *)IPCBUF_ADDR;
	uint32_t region, ro;
	uint64_t *p = tmem(1, &region);

	CHECK(p != NULL);
	p[0] = 0x1234;
	CHECK_EQ(lc_handle_dup(region, RIGHT_READ | RIGHT_MAP | RIGHT_XFER, 0, &ro), 0);
	buf->send_handles[0] = ro;
	m.info = MSGINFO(1, 1, 1);
	m.w[0] = (uint64_t)p;
	CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);     /* the peer has mapped and read it */
	p[0] = 0x5678;                                 /* now a write it must see */
	m.info = MSGINFO(2, 0, 0);
	CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
	CHECK_EQ(m.w[0], 0x5678);
	tsay("  a region shared read-write here and read-only there: both see the same bytes\n");
	exit(0);
}

static void check_isolation(uint32_t got)
{
	struct lc_msg m;
	struct lc_ret r;

	CHECK_EQ(lc_map(SI->self_aspace, got, SHARED_VA + 0x10000, 0, 1,
			RIGHT_READ | RIGHT_WRITE), ERR_RIGHTS);
	CHECK_EQ(lc_map(SI->self_aspace, got, NUCLEUS_VA, 0, 1, RIGHT_READ), ERR_INVAL);
	CHECK_EQ(lc_map(SI->self_aspace, 0x7fff1234, SHARED_VA + 0x20000, 0, 1, RIGHT_READ), ERR_BADH);
	CHECK_EQ(lc_handle_close(0x7fff1234), ERR_BADH);
	CHECK_EQ(lc_map(SI->self_aspace, got, SHARED_VA + 0x30000, 0, 2, RIGHT_READ), ERR_RANGE);
	CHECK_EQ(lc_endpoint_create(&probe_ep), 0);
	CHECK_EQ(tthread(probe, 0, 32, &probe_th), 0);
	CHECK_EQ(lc_thread_handler(probe_th, probe_ep, 0), 0);
	CHECK_EQ(lc_recv(probe_ep, &m, 0), 0);
	CHECK_EQ(MSG_LABEL(m.info), EXC_PAGE_FAULT);
	CHECK_EQ(m.w[EXC_FAR], NUCLEUS_VA);
	r = LC0(reply_save);
	CHECK_EQ(r.err, 0);
	m.w[EXC_PC] = (uint64_t)probe_parked;
	m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
	CHECK_EQ(lc_reply((uint32_t)r.r1, &m), 0);
	tsay("  refused: a handle not held, rights not given, a range past the region, "
	     "a nucleus address; a read of nucleus memory faulted\n");
}

/* check_memory: frames reach a new owner zeroed; contiguous memory
 * tells its physical address only to a handle with RIGHT_PHYS. */
static void check_memory(void)
{
	uint32_t r, dup;
	uint64_t *p = tmem(16, &r);
	struct lc_ret info;

	memset(p, 0xff, 16 * 4096);
	CHECK_EQ(lc_unmap(SI->self_aspace, (uint64_t)p, 16), 0);
	CHECK_EQ(lc_handle_close(r), 0);
	p = tmem(16, NULL);
	for (int i = 0; i < 16 * 512; i++)
		CHECK_EQ(p[i], 0);
	CHECK_EQ(lc_region_create(8, REGION_CONTIG, &r), 0);
	info = lc_sys(SYS_region_info, r, 0, 0, 0, 0, 0);
	CHECK_EQ(info.r1, 8);
	CHECK(info.r2 != 0 && (info.r2 & 4095) == 0);
	CHECK_EQ(lc_handle_dup(r, RIGHT_READ | RIGHT_MAP, 0, &dup), 0);
	CHECK_EQ(lc_sys(SYS_region_info, dup, 0, 0, 0, 0, 0).r2, 0);
	tsay("  new memory arrives zeroed; a contiguous region at %lx tells its address "
	     "only with RIGHT_PHYS\n", (unsigned long)info.r2);
}

static void peer(void)
{
	struct lc_msg m;
	struct ipc_buffer *buf = (struct ipc_buffer *)IPCBUF_ADDR;
	volatile uint64_t *shared = (volatile uint64_t *)SHARED_VA;
	uint32_t got;
	struct lc_ret info, r;

	CHECK_EQ(lc_recv(SI->test_ep, &m, 0), 0);
	CHECK_EQ(MSG_HANDLES(m.info), 1);
	got = buf->recv_handles[0];
	info = lc_sys(SYS_handle_info, got, 0, 0, 0, 0, 0);
	CHECK_EQ(info.err, 0);
	CHECK_EQ(info.r1, OBJ_REGION);
	CHECK_EQ(info.r2, RIGHT_READ | RIGHT_MAP | RIGHT_XFER);
	CHECK_EQ(lc_map(SI->self_aspace, got, SHARED_VA, 0, 1, RIGHT_READ), 0);
	CHECK_EQ(shared[0], 0x1234);
	r = LC0(reply_save);                 /* keep the caller waiting while we probe */
	CHECK_EQ(r.err, 0);
	check_isolation(got);
	check_memory();
	m.info = 0;
	CHECK_EQ(lc_reply((uint32_t)r.r1, &m), 0);
	CHECK_EQ(lc_recv(SI->test_ep, &m, 0), 0);
	m.w[0] = shared[0];
	m.info = MSGINFO(0, 1, 0);
	lc_reply_recv(SI->test_ep, &m, 1000);
	exit(0);
}

int main(void)
{
	if (SI->instance == 1)
		peer();
	owner();
}
