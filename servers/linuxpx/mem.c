/*
 * mem.c: a Linux process's memory, as its pager builds it.
 *
 * Every page a process has comes from a region linuxpx creates, paid
 * from the process's budget, and maps into the process's address space;
 * the mapping keeps the region alive, so linuxpx closes its own handle at
 * once.  Syscall arguments in the process's memory are reached with the
 * nucleus's copy calls, which stop at a page that is not mapped (the
 * call then fails with -EFAULT, as on Linux).
 *
 * Not yet: pages on demand (everything is mapped when asked for), and
 * mappings of files.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define BRK_STEP      (256 * PAGE)          /* 1 MiB */

static uint64_t round_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

int copy_in(struct proc *p, void *dst, uint64_t src, size_t len)
{
	struct lc_ret r = lc_sys(SYS_mem_read, p->aspace, src, (uint64_t)dst, len, 0, 0);

	return r.err || r.r1 != len ? -EFAULT : 0;
}

int copy_out(struct proc *p, uint64_t dst, const void *src, size_t len)
{
	struct lc_ret r = lc_sys(SYS_mem_write, p->aspace, dst, (uint64_t)src, len, 0, 0);

	return r.err || r.r1 != len ? -EFAULT : 0;
}

/* copy_string_in: a NUL-terminated string of at most max - 1 bytes. */
int copy_string_in(struct proc *p, char *dst, uint64_t src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (copy_in(p, &dst[i], src + i, 1))
			return -EFAULT;
		if (!dst[i])
			return 0;
	}
	return -ENAMETOOLONG;
}

static unsigned rights_of(uint64_t prot)
{
	return RIGHT_READ | (prot & PROT_WRITE ? RIGHT_WRITE : 0) |
	       (prot & PROT_EXEC ? RIGHT_EXEC : 0);
}

/* map_fresh: pages of zeroed memory at va in p (an area of its own). */
int map_fresh(struct proc *p, uint64_t va, uint64_t pages, unsigned rights)
{
	uint32_t r;
	int err = lc_region_create_for(p->task, pages, &r);

	if (err)
		return -ENOMEM;
	err = lc_map(p->aspace, r, va, 0, pages, rights);
	if (!err && area_add(p, va, pages, rights, r, 0) < 0) {
		lc_unmap(p->aspace, va, pages);
		err = -ENOMEM;
	}
	if (err)
		lc_handle_close(r);
	return err ? -ENOMEM : 0;
}

/* unmap: pages gone from p and its areas. */
static void unmap(struct proc *p, uint64_t va, uint64_t pages)
{
	lc_unmap(p->aspace, va, pages);
	area_remove(p, va, va + pages * PAGE);
}

/* sys_brk: grow (or shrink) the heap after the program; the break it
 * has now (Linux returns the old one when it cannot move it). */
int64_t sys_brk(struct proc *p, uint64_t want)
{
	uint64_t end = round_up(want);

	if (want < p->brk_start || want > p->brk_start + BRK_MAX)
		return (int64_t)p->brk_cur;
	if (end > p->brk_end) {
		/* in steps of at least BRK_STEP (each step is an area), or
		 * just what is asked if a whole step does not fit */
		uint64_t need = end - p->brk_end, step = need < BRK_STEP ? BRK_STEP : need;

		if (p->brk_end + step > p->brk_start + BRK_MAX)
			step = need;
		if (map_fresh(p, p->brk_end, step / PAGE, RIGHT_READ | RIGHT_WRITE)) {
			if (step == need ||
			    map_fresh(p, p->brk_end, need / PAGE, RIGHT_READ | RIGHT_WRITE))
				return (int64_t)p->brk_cur;
			step = need;
		}
		p->brk_end += step;
	} else if (end < p->brk_end) {
		unmap(p, end, (p->brk_end - end) / PAGE);
		p->brk_end = end;
	}
	p->brk_cur = want;
	return (int64_t)want;
}

/* sys_mmap: anonymous private memory only, for now (files: -ENODEV). */
int64_t sys_mmap(struct proc *p, const uint64_t a[6])
{
	uint64_t len = round_up(a[1]), va;
	int err;

	if (!a[1] || len > (1UL << 36) || (a[0] & (PAGE - 1)))
		return -EINVAL;
	if (!(a[3] & MAP_ANONYMOUS))
		return -ENODEV;
	if (a[3] & MAP_FIXED) {
		va = a[0];
		unmap(p, va, len / PAGE);
	} else {
		va = p->mmap_next - len;
		p->mmap_next = va;
	}
	if (!(a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return va;                /* PROT_NONE: a reservation, nothing to map */
	err = map_fresh(p, va, len / PAGE, rights_of(a[2]));
	return err ? err : (int64_t)va;
}

int64_t sys_munmap(struct proc *p, uint64_t va, uint64_t len)
{
	if ((va & (PAGE - 1)) || !len)
		return -EINVAL;
	unmap(p, va, round_up(len) / PAGE);
	return 0;
}

/* sys_mprotect: what the nucleus can do (a range without a mapping is
 * -ENOMEM, as on Linux). */
int64_t sys_mprotect(struct proc *p, uint64_t va, uint64_t len, uint64_t prot)
{
	if ((va & (PAGE - 1)))
		return -EINVAL;
	if (!len)
		return 0;
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return 0;                 /* PROT_NONE: kept readable (not yet enforced) */
	len = round_up(len);
	if (area_protect(p, va, va + len, rights_of(prot)))
		return -EACCES;                   /* shared with another process: no copy-on-write yet */
	return lc_protect(p->aspace, va, len / PAGE, rights_of(prot)) ? -ENOMEM : 0;
}
