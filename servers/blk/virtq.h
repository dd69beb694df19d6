/*
 * virtq.h: a split virtqueue (virtio 1.x and legacy), driver side,
 * without hardware: the descriptor table, the available ring and the
 * used ring live in one physically contiguous block the caller provides,
 * and the caller tells the device where (QueuePFN or the three address
 * registers) and notifies it.
 *
 * Invariants the queue owns: every descriptor is either on the private
 * free list or in exactly one chain in flight; a chain is in flight from
 * virtq_add until virtq_get returns its token; nothing the device writes
 * (the used ring, or a descriptor it has no business touching) is trusted
 * to find a descriptor, so a misbehaving device can break the queue
 * (q->broken) but not the driver's memory.
 *
 * Not thread safe: one thread adds and gets.  No allocation, no OS calls.
 */
#ifndef LICHEN_BLK_VIRTQ_H
#define LICHEN_BLK_VIRTQ_H

#include <stdint.h>
#include <stddef.h>

#define VIRTQ_MAX 256

/* The rings as the device sees them (little endian, as are aarch64 and
 * the hosts the tests run on). */
struct vq_desc  { uint64_t addr; uint32_t len; uint16_t flags; uint16_t next; };
struct vq_avail { uint16_t flags; uint16_t idx; uint16_t ring[]; };
struct vq_used_elem { uint32_t id; uint32_t len; };
struct vq_used  { uint16_t flags; uint16_t idx; struct vq_used_elem ring[]; };

_Static_assert(sizeof(struct vq_desc) == 16, "virtio descriptor is 16 bytes");
_Static_assert(sizeof(struct vq_avail) == 4, "avail ring header is 4 bytes");
_Static_assert(sizeof(struct vq_used_elem) == 8, "used element is 8 bytes");
_Static_assert(sizeof(struct vq_used) == 4, "used ring header is 4 bytes");

#define VQ_DESC_F_NEXT  1
#define VQ_DESC_F_WRITE 2
#define VQ_USED_F_NO_NOTIFY 1               /* in used->flags, set by the device */

/*
 * Barriers.  VQ_WMB orders the descriptor and ring stores before the store
 * that moves avail->idx; VQ_RMB orders the load of used->idx before the
 * loads of the entries it covers; VQ_MB is both (store idx, then load
 * used->flags).  VQ_IO_WMB is what the caller needs between virtq_add and
 * the MMIO write to QueueNotify (normal memory before device memory, as
 * Linux's writel does).  On the host all four are compiler barriers.
 */
#if defined(__aarch64__)
#define VQ_WMB()    __asm__ volatile("dmb ishst" ::: "memory")
#define VQ_RMB()    __asm__ volatile("dmb ishld" ::: "memory")
#define VQ_MB()     __asm__ volatile("dmb ish" ::: "memory")
#define VQ_IO_WMB() __asm__ volatile("dmb oshst" ::: "memory")
#else
#define VQ_WMB()    __asm__ volatile("" ::: "memory")
#define VQ_RMB()    __asm__ volatile("" ::: "memory")
#define VQ_MB()     __asm__ volatile("" ::: "memory")
#define VQ_IO_WMB() __asm__ volatile("" ::: "memory")
#endif

/* One buffer of a chain: its physical address and length, and whether
 * the device writes it (else it reads it). */
struct vq_buf { uint64_t pa; uint32_t len; int device_writes; };

struct virtq {
	uint16_t size;                  /* power of two, <= VIRTQ_MAX */
	volatile struct vq_desc *desc;
	volatile struct vq_avail *avail;
	volatile struct vq_used *used;
	uint16_t free_head, num_free, last_used;
	void *token[VIRTQ_MAX];         /* per head descriptor */
	uint16_t chain_len[VIRTQ_MAX];  /* per head; 0: not the head of a chain in flight */
	/* Private state, never shared with the device. */
	uint16_t next[VIRTQ_MAX];       /* free list and chain links */
	uint32_t wcap[VIRTQ_MAX];       /* per head: bytes the device may write */
	uint16_t avail_idx;             /* our copy of avail->idx */
	uint16_t chains;                /* chains in flight */
	int broken;                     /* the device broke the protocol: reset it */
};

/* virtq_layout: bytes needed for a queue of size entries, and the offsets
 * of avail and used within one physically contiguous block.  legacy != 0:
 * the virtio legacy layout (used ring at the next 4096 boundary, the
 * QueueAlign the driver sets; the total is rounded to 4096 as the spec's
 * virtq_size does); legacy == 0: the modern layout (desc 16-aligned,
 * avail 2-aligned, used 4-aligned, still one block).  The block itself
 * must be 4096-aligned (legacy) or 16-aligned (modern). */
size_t virtq_layout(uint16_t size, int legacy, size_t *avail_off, size_t *used_off);

/* virtq_init: set q up over mem (at least virtq_layout bytes, which it
 * clears), every descriptor free.  Returns 0, or -EINVAL for a size that
 * is 0, not a power of two or above VIRTQ_MAX, a NULL mem, or mem not
 * aligned as virtq_layout requires.  Also the way to reuse q after the
 * device was reset. */
int virtq_init(struct virtq *q, void *mem, uint16_t size, int legacy);

/* virtq_add: put a chain of n buffers (device-readable ones first, then
 * device-writable ones) on the queue with the caller's token (not NULL;
 * given back by virtq_get) and publish it in the avail ring.  Returns the
 * head descriptor's index; -ENOSPC when fewer than n descriptors are free;
 * -EINVAL for n <= 0, NULL bufs or token, or a readable buffer after a
 * writable one; -EIO when the queue is broken.  Nothing changes on error.
 * The caller then notifies the device (VQ_IO_WMB first). */
int virtq_add(struct virtq *q, const struct vq_buf *bufs, int n, void *token);

/* virtq_get: the next chain the device has finished, in the device's
 * order: returns its token and frees its descriptors, with *len the bytes
 * the device says it wrote (clamped to the chain's writable bytes).
 * Returns NULL with *len 0 when nothing is pending.  A used id out of
 * range or not the head of a chain in flight, or used->idx running ahead
 * of what is in flight, marks the queue broken: NULL with *len
 * (uint32_t)-1, now and on every later call until virtq_init. */
void *virtq_get(struct virtq *q, uint32_t *len);

/* virtq_in_flight: chains added and not yet returned by virtq_get. */
unsigned virtq_in_flight(const struct virtq *q);

/* virtq_needs_notify: whether the device asked to be notified of new
 * buffers (it clears VQ_USED_F_NO_NOTIFY); a hint only. */
int virtq_needs_notify(const struct virtq *q);

#endif
