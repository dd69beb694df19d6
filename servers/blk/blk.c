/*
 * blk.c: the virtio-blk driver server (virtio-mmio, legacy and modern
 * interfaces), speaking lichen/blk.h.
 *
 * Start: find the block device among the virtio-mmio slots init gave
 * (DeviceID 2), reset it (a restarted blk must not trust what a dead one
 * left), negotiate, set up one virtqueue in a contiguous region of its
 * own, register "blk".  Then one thread serves requests in turn: a read
 * or write is checked, put on the queue with its reply kept
 * (reply_save), and the server goes on; the interrupt (relayed as a
 * message by a second thread) completes requests and answers their
 * callers.  Several requests are in flight at once; the server never
 * blocks on a client or on the device.
 */
#include "lichen/sys.h"
#include "lichen/startinfo.h"
#include "lichen/server.h"
#include "lichen/blk.h"
#include "virtq.h"

#include <errno.h>
#include <string.h>

#define MMIO_VA      0x0000002000000000UL
#define QUEUE_VA     0x0000002100000000UL
#define CLIENT_VA    0x0000003000000000UL   /* clients' buffers, 1 GiB apart */
#define CLIENT_SPAN  0x0000000040000000UL
#define PAGE         4096UL
#define QSIZE        128
#define MAX_CLIENTS  64
#define MAX_SECTORS  256                    /* 128 KiB per request */

/* virtio-mmio registers (virtio 1.2, 4.2.2; legacy 4.2.4) */
enum {
	MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, DEV_FEATURES = 0x010,
	DEV_FEATURES_SEL = 0x014, DRV_FEATURES = 0x020, DRV_FEATURES_SEL = 0x024,
	GUEST_PAGE_SIZE = 0x028, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038,
	QUEUE_ALIGN = 0x03c, QUEUE_PFN = 0x040, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050,
	INT_STATUS = 0x060, INT_ACK = 0x064, STATUS = 0x070, QUEUE_DESC = 0x080,
	QUEUE_DRIVER = 0x090, QUEUE_DEVICE = 0x0a0, CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8, S_FAILED = 128 };
#define F_FLUSH    (1u << 9)
#define F_BLK_SIZE (1u << 6)
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4 };

struct req_header {
	uint32_t type, reserved;
	uint64_t sector;
};

/* One slot per request in flight: its header and status live in the
 * server's own DMA page, its reply is kept until the device is done. */
struct slot {
	struct req_header hdr;
	uint8_t status;
	uint8_t busy;
	uint32_t reply;
};

struct client_buf {
	uint32_t region;
	uint64_t pa, bytes;
};

static volatile uint32_t *regs;
static int legacy;
static struct virtq q;
static struct slot *slots;                 /* in the DMA page */
static uint64_t slots_pa;
static uint64_t capacity, blk_size = 512;
static int can_flush;
static struct client_buf bufs[MAX_CLIENTS];
static uint32_t ep, irq;
static uint8_t relay_stack[8192] __attribute__((aligned(16)));

static uint32_t rd(unsigned off)
{
	return regs[off / 4];
}

static void wr(unsigned off, uint32_t v)
{
	regs[off / 4] = v;
}

/* find_device: the first virtio-mmio slot holding a block device. */
static int find_device(void)
{
	const struct startinfo *si = startinfo();

	for (uint32_t i = 0; i < si->ndevices; i++) {
		uint64_t va = MMIO_VA + i * PAGE;

		if (lc_map(si->self_aspace, si->devices[i].region, va, 0, 1,
			   RIGHT_READ | RIGHT_WRITE))
			continue;
		regs = (volatile uint32_t *)(va + (si->devices[i].base & (PAGE - 1)));
		if (rd(MAGIC) == 0x74726976 && rd(DEVICE_ID) == 2) {
			irq = si->devices[i].irq;
			return 0;
		}
		lc_unmap(si->self_aspace, va, 1);
	}
	return -ENODEV;
}

static int negotiate(void)
{
	uint32_t features;

	wr(STATUS, 0);                                  /* reset */
	wr(STATUS, S_ACK);
	wr(STATUS, S_ACK | S_DRIVER);
	legacy = rd(VERSION) == 1;
	wr(DEV_FEATURES_SEL, 0);
	features = rd(DEV_FEATURES) & (F_FLUSH | F_BLK_SIZE);
	wr(DRV_FEATURES_SEL, 0);
	wr(DRV_FEATURES, features);
	can_flush = (features & F_FLUSH) != 0;
	if (!legacy) {
		wr(DRV_FEATURES_SEL, 1);
		wr(DRV_FEATURES, 1);                    /* VIRTIO_F_VERSION_1 */
		wr(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
		if (!(rd(STATUS) & S_FEATURES_OK))
			return -EIO;
	}
	capacity = (uint64_t)rd(CONFIG) | ((uint64_t)rd(CONFIG + 4) << 32);
	if (features & F_BLK_SIZE)
		blk_size = rd(CONFIG + 0x14);
	return 0;
}

/* setup_queue: queue 0 and the slots, in one contiguous region. */
static int setup_queue(void)
{
	size_t avail_off, used_off, bytes = virtq_layout(QSIZE, legacy, &avail_off, &used_off);
	uint64_t pages = (bytes + PAGE - 1) / PAGE + 2, pa;
	uint32_t region;
	struct lc_ret info;

	if (lc_region_create(pages, REGION_CONTIG, &region) ||
	    lc_map(startinfo()->self_aspace, region, QUEUE_VA, 0, pages, RIGHT_READ | RIGHT_WRITE))
		return -ENOMEM;
	info = lc_sys(SYS_region_info, region, 0, 0, 0, 0, 0);
	pa = info.r2;
	wr(QUEUE_SEL, 0);
	if (rd(QUEUE_NUM_MAX) < QSIZE || virtq_init(&q, (void *)QUEUE_VA, QSIZE, legacy))
		return -EIO;
	wr(QUEUE_NUM, QSIZE);
	if (legacy) {
		wr(GUEST_PAGE_SIZE, PAGE);
		wr(QUEUE_ALIGN, PAGE);
		wr(QUEUE_PFN, (uint32_t)(pa / PAGE));
	} else {
		wr(QUEUE_DESC, (uint32_t)pa);
		wr(QUEUE_DESC + 4, (uint32_t)(pa >> 32));
		wr(QUEUE_DRIVER, (uint32_t)(pa + avail_off));
		wr(QUEUE_DRIVER + 4, (uint32_t)((pa + avail_off) >> 32));
		wr(QUEUE_DEVICE, (uint32_t)(pa + used_off));
		wr(QUEUE_DEVICE + 4, (uint32_t)((pa + used_off) >> 32));
		wr(QUEUE_READY, 1);
	}
	slots = (struct slot *)(QUEUE_VA + (pages - 2) * PAGE);
	slots_pa = pa + (pages - 2) * PAGE;
	return 0;
}

static struct slot *free_slot(void)
{
	for (int i = 0; i < QSIZE; i++)
		if (!slots[i].busy)
			return &slots[i];
	return NULL;
}

static uint64_t pa_of(const void *p)
{
	return slots_pa + (uint64_t)((const uint8_t *)p - (const uint8_t *)slots);
}

/* submit: put a request on the queue with the caller's reply kept. */
static int64_t submit(uint32_t type, uint64_t sector, uint64_t pa, uint64_t bytes)
{
	struct slot *s = free_slot();
	struct vq_buf b[3];
	struct lc_ret r;
	int n = 0;

	if (!s)
		return -EAGAIN;
	s->hdr = (struct req_header){ type, 0, sector };
	s->status = 0xff;
	b[n++] = (struct vq_buf){ pa_of(&s->hdr), sizeof(s->hdr), 0 };
	if (bytes)
		b[n++] = (struct vq_buf){ pa, (uint32_t)bytes, type == T_IN };
	b[n++] = (struct vq_buf){ pa_of(&s->status), 1, 1 };
	r = LC0(reply_save);
	if (r.err)
		return -EIO;
	if (virtq_add(&q, b, n, s) < 0) {
		lc_handle_close((uint32_t)r.r1);
		return -EAGAIN;
	}
	s->busy = 1;
	s->reply = (uint32_t)r.r1;
	VQ_IO_WMB();                     /* the ring is in memory before the device hears */
	wr(QUEUE_NOTIFY, 0);
	return 1;                                       /* kept: answered later */
}

static int64_t transfer(struct lc_msg *m, uint32_t type)
{
	struct client_buf *cb = &bufs[m->badge % MAX_CLIENTS];
	uint64_t sector = m->w[0], count = m->w[1], off = m->w[2];

	if (!cb->region)
		return -ENOBUFS;
	if (!count || count > MAX_SECTORS || off % BLK_SECTOR || off > cb->bytes ||
	    count * BLK_SECTOR > cb->bytes - off)
		return -EINVAL;
	if (sector >= capacity || count > capacity - sector)
		return -ERANGE;
	return submit(type, sector, cb->pa + off, count * BLK_SECTOR);
}

static int64_t attach(struct lc_msg *m)
{
	struct client_buf *cb = &bufs[m->badge % MAX_CLIENTS];
	uint32_t h = ((struct ipc_buffer *)IPCBUF_ADDR)->recv_handles[0];
	struct lc_ret info;

	if (MSG_HANDLES(m->info) != 1 || !h)
		return -EINVAL;
	info = lc_sys(SYS_region_info, h, 0, 0, 0, 0, 0);
	if (info.err || !info.r2) {
		lc_handle_close(h);
		return -EINVAL;
	}
	if (cb->region)
		lc_handle_close(cb->region);
	*cb = (struct client_buf){ h, info.r2, info.r1 * PAGE };
	return 0;
}

/* complete: answer every request the device has finished. */
static void complete(void)
{
	struct slot *s;
	uint32_t len;
	struct lc_msg m;

	wr(INT_ACK, rd(INT_STATUS));
	while ((s = virtq_get(&q, &len)) != NULL) {
		m.w[0] = s->status == 0 ? 0 : (uint64_t)-EIO;
		m.info = MSGINFO(0, 1, 0);
		s->busy = 0;
		lc_reply(s->reply, &m);
		server_served();
	}
	if (q.broken) {
		/* the device broke the queue's rules: let init restart us, which
		 * resets it; the clients' requests are retried on the new blk */
		*(volatile int *)0 = 0;
	}
	lc_sys(SYS_irq_ack, irq, 0, 0, 0, 0, 0);
}

static int64_t handle(struct lc_msg *m)
{
	switch (MSG_LABEL(m->info)) {
	case BLK_INFO:
		m->w[1] = capacity;
		m->w[2] = blk_size;
		m->w[3] = MAX_SECTORS;
		return 0;
	case BLK_ATTACH: return attach(m);
	case BLK_READ:   return transfer(m, T_IN);
	case BLK_WRITE:  return transfer(m, T_OUT);
	case BLK_FLUSH:  return can_flush ? submit(T_FLUSH, 0, 0, 0) : 0;
	default:         return -ENOSYS;
	}
}


static int setup(void)
{
	int err = find_device();

	if (!err)
		err = negotiate();
	if (!err)
		err = setup_queue();
	if (!err && lc_endpoint_create(&ep))
		err = -EIO;
	if (!err)
		err = irq_relay_start(ep, irq, relay_stack, sizeof(relay_stack));
	if (err)
		return err;
	wr(STATUS, rd(STATUS) | S_DRIVER_OK);
	return name_register("blk", ep);
}

int main(void)
{
	struct lc_msg m;
	int fresh = 1;

	if (setup())
		return 1;
	for (;;) {
		int64_t r;
		int err = fresh ? lc_recv(ep, &m, 0) : lc_reply_recv(ep, &m, 0);

		fresh = 0;
		if (err) {
			fresh = 1;
			continue;
		}
		if (MSG_LABEL(m.info) == IRQ_LABEL && m.badge == 0) {
			complete();
			m.info = MSGINFO(0, 0, 0);
			continue;
		}
		r = handle(&m);
		if (r == 1) {                      /* kept for the device */
			fresh = 1;
			continue;
		}
		if (MSG_LABEL(m.info) != BLK_READ && MSG_LABEL(m.info) != BLK_WRITE)
			server_served();
		m.w[0] = (uint64_t)r;
		m.info = MSGINFO(0, 4, 0);
	}
}
