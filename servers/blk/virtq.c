/*
 * virtq.c: the driver side of a split virtqueue (see virtq.h).
 *
 * The free list and the chain links are kept in q->next, private memory:
 * the descriptor table is shared with the device, which could overwrite
 * it, so the driver only ever writes it.  A chain is n descriptors taken
 * from the head of the free list in list order, so its links in q->next
 * are the free list's own; freeing it splices it back in front.  The only
 * things read back from shared memory are used->idx, used->flags and the
 * used elements, and each used id is checked against chain_len before it
 * is believed.
 *
 * avail->idx and used->idx are free-running 16-bit counters; a ring slot
 * is idx & (size - 1), which is idx % size because size is a power of two
 * that divides 65536, so the slots stay in step across the wrap.
 */
#include "virtq.h"

#include <errno.h>
#include <string.h>

#define ALIGN_UP(x, a) (((x) + (size_t)(a) - 1) & ~((size_t)(a) - 1))
#define LEGACY_ALIGN 4096

static int size_ok(uint16_t size)
{
	return size && size <= VIRTQ_MAX && (size & (size - 1)) == 0;
}

size_t virtq_layout(uint16_t size, int legacy, size_t *avail_off, size_t *used_off)
{
	size_t desc = sizeof(struct vq_desc) * size;
	size_t avail = sizeof(uint16_t) * (3 + (size_t)size);   /* + used_event */
	size_t used = sizeof(uint16_t) * 3 + sizeof(struct vq_used_elem) * size;
	size_t uoff;

	if (legacy) {
		uoff = ALIGN_UP(desc + avail, LEGACY_ALIGN);
		used = ALIGN_UP(used, LEGACY_ALIGN);
	} else {
		uoff = ALIGN_UP(desc + avail, 4);
	}
	if (avail_off)
		*avail_off = desc;
	if (used_off)
		*used_off = uoff;
	return uoff + used;
}

int virtq_init(struct virtq *q, void *mem, uint16_t size, int legacy)
{
	size_t avail_off, used_off, bytes;
	uintptr_t align = legacy ? LEGACY_ALIGN : 16;

	if (!q || !mem || !size_ok(size) || (uintptr_t)mem % align)
		return -EINVAL;
	bytes = virtq_layout(size, legacy, &avail_off, &used_off);
	memset(mem, 0, bytes);
	memset(q, 0, sizeof(*q));
	q->size = size;
	q->desc = mem;
	q->avail = (void *)((uint8_t *)mem + avail_off);
	q->used = (void *)((uint8_t *)mem + used_off);
	for (uint16_t i = 0; i + 1 < size; i++)
		q->next[i] = i + 1;
	q->free_head = 0;
	q->num_free = size;
	return 0;
}

/* check_chain: -EINVAL unless the chain is well formed (readable buffers
 * first); its writable bytes, saturated at UINT32_MAX, go to *wcap. */
static int check_chain(const struct vq_buf *bufs, int n, uint32_t *wcap)
{
	uint64_t w = 0;

	for (int i = 0; i < n; i++) {
		if (bufs[i].device_writes)
			w += bufs[i].len;
		else if (i > 0 && bufs[i - 1].device_writes)
			return -EINVAL;
	}
	*wcap = w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
	return 0;
}

int virtq_add(struct virtq *q, const struct vq_buf *bufs, int n, void *token)
{
	uint16_t head, d, slot;
	uint32_t wcap;

	if (n <= 0 || !bufs || !token || check_chain(bufs, n, &wcap))
		return -EINVAL;
	if (q->broken)
		return -EIO;
	if (n > q->num_free)
		return -ENOSPC;

	head = d = q->free_head;
	for (int i = 0; i < n; i++) {
		int last = i == n - 1;

		q->desc[d].addr = bufs[i].pa;
		q->desc[d].len = bufs[i].len;
		q->desc[d].flags = (uint16_t)((last ? 0 : VQ_DESC_F_NEXT) |
					      (bufs[i].device_writes ? VQ_DESC_F_WRITE : 0));
		q->desc[d].next = last ? 0 : q->next[d];
		if (!last)
			d = q->next[d];
	}
	q->free_head = q->next[d];          /* meaningless when the list empties */
	q->num_free -= (uint16_t)n;
	q->token[head] = token;
	q->chain_len[head] = (uint16_t)n;
	q->wcap[head] = wcap;
	q->chains++;

	slot = q->avail_idx & (q->size - 1);
	q->avail->ring[slot] = head;
	VQ_WMB();                           /* descriptors and slot before idx */
	q->avail_idx++;
	q->avail->idx = q->avail_idx;
	return head;
}

/* free_chain: put the chain starting at head back on the free list. */
static void free_chain(struct virtq *q, uint16_t head)
{
	uint16_t tail = head;

	for (uint16_t i = 1; i < q->chain_len[head]; i++)
		tail = q->next[tail];
	q->next[tail] = q->free_head;
	q->free_head = head;
	q->num_free += q->chain_len[head];
	q->chain_len[head] = 0;
	q->token[head] = NULL;
	q->chains--;
}

/* broken: mark the queue unusable (the device must be reset). */
static void *broken(struct virtq *q, uint32_t *len)
{
	q->broken = 1;
	*len = (uint32_t)-1;
	return NULL;
}

void *virtq_get(struct virtq *q, uint32_t *len)
{
	uint16_t pending, slot;
	uint32_t id, n;
	void *token;

	if (q->broken)
		return broken(q, len);
	pending = (uint16_t)(q->used->idx - q->last_used);
	*len = 0;
	if (pending == 0)
		return NULL;
	if (pending > q->chains)
		return broken(q, len);
	VQ_RMB();                           /* idx before the entries it covers */
	slot = q->last_used & (q->size - 1);
	id = q->used->ring[slot].id;
	n = q->used->ring[slot].len;
	if (id >= q->size || q->chain_len[id] == 0)
		return broken(q, len);

	token = q->token[id];
	*len = n < q->wcap[id] ? n : q->wcap[id];
	free_chain(q, (uint16_t)id);
	q->last_used++;
	return token;
}

unsigned virtq_in_flight(const struct virtq *q)
{
	return q->chains;
}

int virtq_needs_notify(const struct virtq *q)
{
	VQ_MB();                            /* our avail->idx store before the load */
	return !(q->used->flags & VQ_USED_F_NO_NOTIFY);
}
