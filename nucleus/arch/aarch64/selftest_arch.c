/*
 * selftest_arch.c: the AArch64 self-checks (see selftest_arch.h).
 */
#include "selftest_arch.h"
#include "arch.h"
#include "mmu.h"
#include "pgtable.h"
#include "trap.h"
#include "esr.h"
#include "layout.h"
#include "fmt.h"
#include "panic.h"

#define SELFTEST_BRK 0x4c1

extern char _start_image[], _etext[], _erodata[], _end[];
static const char rodata_probe[] = "rodata";
static int data_probe = 1;

struct leaf_count {
	unsigned long leaves, direct_bytes;
};

static void count_leaf(void *arg, const struct pt_leaf *leaf)
{
	struct leaf_count *c = arg;

	c->leaves++;
	if (leaf->va >= DIRECT_MAP_BASE && leaf->va < DEVICE_WINDOW)
		c->direct_bytes += leaf->size;
}

/* expect: va must map with exactly prot (ERR when unmapped). */
static int expect(const char *what, const void *va, unsigned prot, char *d, size_t n)
{
	struct pt_leaf leaf;

	if (pt_lookup(mmu_kernel_table(), (uint64_t)(uintptr_t)va, &leaf) != 0)
		return fmt_snprintf(d, n, "%s at %p is not mapped", what, va), -1;
	if (leaf.prot != prot)
		return fmt_snprintf(d, n, "%s at %p has rights %x, expected %x", what, va,
				    leaf.prot, prot), -1;
	if (leaf.pa + ((uint64_t)(uintptr_t)va - leaf.va) != arch_virt_to_phys(va))
		return fmt_snprintf(d, n, "%s at %p maps the wrong frame", what, va), -1;
	return 0;
}

int arch_selftest_pagetable(char *d, size_t n)
{
	struct leaf_count c = { 0, 0 };
	struct pt_leaf leaf;
	void *frame = arch_phys_to_virt(arch_virt_to_phys(&data_probe));

	if (expect("text", (const void *)arch_selftest_pagetable, PT_READ | PT_EXEC, d, n) ||
	    expect("rodata", rodata_probe, PT_READ, d, n) ||
	    expect("data", &data_probe, PT_READ | PT_WRITE, d, n))
		return -1;
	if (pt_lookup(mmu_kernel_table(), (uint64_t)(uintptr_t)frame, &leaf) != 0 ||
	    leaf.prot != (PT_READ | PT_WRITE))
		return fmt_snprintf(d, n, "direct map of %p missing or not RW-", frame), -1;
	if (pt_lookup(mmu_kernel_table(), (uint64_t)(uintptr_t)_start_image - PAGE_SIZE, &leaf) == 0 ||
	    pt_lookup(mmu_kernel_table(), (uint64_t)(uintptr_t)_end, &leaf) == 0)
		return fmt_snprintf(d, n, "the pages around the image are mapped"), -1;
	pt_walk(mmu_kernel_table(), 1, count_leaf, &c);
	fmt_snprintf(d, n, "text R-X, rodata R--, data RW-, %lu MiB direct map RW-, %lu leaf entries",
		     c.direct_bytes >> 20, c.leaves);
	return 0;
}

int arch_selftest_vectors(char *d, size_t n)
{
	volatile uint64_t esr = 0;

	trap_expect_brk(SELFTEST_BRK, (uint64_t *)&esr);
	__asm__ volatile("brk %0" : : "i"(SELFTEST_BRK) : "memory");
	if (ESR_EC(esr) != EC_BRK64 || (ESR_ISS(esr) & 0xffff) != SELFTEST_BRK)
		return fmt_snprintf(d, n, "brk gave ESR %lx", (unsigned long)esr), -1;
	fmt_snprintf(d, n, "brk #0x%x trapped (ESR %08lx, %s) and resumed", SELFTEST_BRK,
		     (unsigned long)esr, esr_class_name(ESR_EC(esr)));
	return 0;
}

void arch_selftest_crash(void)
{
	/* the boot window onto the device tree is unmapped after boot */
	(void)*(volatile uint64_t *)BOOT_DTB_WINDOW;
	panic("reading the unmapped %lx did not fault", (unsigned long)BOOT_DTB_WINDOW);
}
