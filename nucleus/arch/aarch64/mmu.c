/*
 * mmu.c: the nucleus's own translation tables (TTBR1_EL1).
 *
 * At boot, head.S left a minimal map (see there).  arch_mmu_init() builds
 * the real one with pgtable.c:
 *   - the image by section: text read-execute, rodata read-only, data and
 *     bss read-write; nothing writable is executable;
 *   - the direct map: every RAM range except "no-map" reservations, read-
 *     write, never executable, at DIRECT_MAP_BASE + PA;
 *   - the console UART and any device mapped later, in the device window.
 * It then switches TTBR1 (mmu_switch_ttbr1 in head.S, run from the
 * identity map) and turns off TTBR0 walks until user tasks exist.
 *
 * Tables built before the frame allocator exists come from a static pool
 * in .bss; later ones from the frame allocator (mmu_use_frames).
 */
#include "arch.h"
#include "mmu.h"
#include "range.h"
#include "layout.h"
#include "sysreg.h"
#include "pgtable.h"
#include "platform.h"
#include "memmap.h"
#include "frame.h"
#include "error.h"
#include "panic.h"
#include "fmt.h"

#include <string.h>

#define POOL_PAGES 48

extern char _start_image[], _etext[], _erodata[], _end[];
extern void mmu_switch_ttbr1(uint64_t ttbr1);

static uint8_t table_pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static int pool_used;
static struct frame_pool *table_frames;
static uint64_t image_pa;
static unsigned entry_el;
static uintptr_t device_next = DEVICE_WINDOW;
static struct pgtable kernel_pt;

/* arch_boot_init: arch_info is the exception level head.S was entered at. */
void arch_boot_init(uint64_t pa, uint64_t arch_info)
{
	image_pa = pa;
	entry_el = (unsigned)arch_info;
}

void arch_boot_describe(char *buf, size_t size)
{
	fmt_snprintf(buf, size, "entered at EL%u%s", entry_el,
		     entry_el == 2 ? " and dropped to EL1" : "");
}

const void *arch_boot_dtb(uint64_t dtb_pa, size_t *max_size)
{
	uint64_t off = dtb_pa & (BLOCK_2M - 1);

	*max_size = 2 * BLOCK_2M - off;
	return (const void *)(BOOT_DTB_WINDOW + off);
}

struct range arch_image_range(void)
{
	return (struct range){ image_pa, image_pa + (uint64_t)(_end - _start_image) };
}

void *arch_phys_to_virt(uint64_t pa)
{
	struct range img = arch_image_range();

	if (pa >= img.base && pa < img.end)
		return _start_image + (pa - img.base);
	return (void *)(DIRECT_MAP_BASE + pa);
}

uint64_t arch_virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= (uintptr_t)_start_image && v < (uintptr_t)_end)
		return image_pa + (v - (uintptr_t)_start_image);
	return v - DIRECT_MAP_BASE;
}

static int alloc_table(void *ctx, uint64_t *pa)
{
	(void)ctx;
	if (pool_used < POOL_PAGES) {
		*pa = arch_virt_to_phys(table_pool[pool_used++]);
		return 0;
	}
	if (table_frames && frame_alloc(table_frames, pa) == 0) {
		memset(arch_phys_to_virt(*pa), 0, PAGE_SIZE);
		return 0;
	}
	return ERR_NOMEM;
}

static void *table_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return arch_phys_to_virt(pa);
}

void arch_mmu_use_frames(struct frame_pool *fp)
{
	table_frames = fp;
}

const struct pgtable *mmu_kernel_table(void)
{
	return &kernel_pt;
}

static void map_or_panic(uint64_t va, uint64_t pa, uint64_t size, unsigned prot,
			 const char *what)
{
	int err = pt_map(&kernel_pt, va, pa, size, prot, 0);

	if (err)
		panic("cannot map %s (va %lx pa %lx size %lx): %s", what,
		      (unsigned long)va, (unsigned long)pa, (unsigned long)size, err_name(err));
}

static void map_image(void)
{
	uint64_t base = (uint64_t)(uintptr_t)_start_image;

	map_or_panic(base, image_pa, (uint64_t)(_etext - _start_image),
		     PT_READ | PT_EXEC, "nucleus text");
	map_or_panic((uint64_t)(uintptr_t)_etext, image_pa + (uint64_t)(_etext - _start_image),
		     (uint64_t)(_erodata - _etext), PT_READ, "nucleus rodata");
	map_or_panic((uint64_t)(uintptr_t)_erodata, image_pa + (uint64_t)(_erodata - _start_image),
		     (uint64_t)(_end - _erodata), PT_READ | PT_WRITE, "nucleus data");
}

static void map_direct(const struct memmap *mm)
{
	struct range r[MEMMAP_MAX * 2];
	int n = memmap_mappable(mm, r, MEMMAP_MAX * 2);

	if (n > MEMMAP_MAX * 2)
		n = MEMMAP_MAX * 2;
	for (int i = 0; i < n; i++)
		map_or_panic(DIRECT_MAP_BASE + r[i].base, r[i].base, range_size(r[i]),
			     PT_READ | PT_WRITE, "direct map");
}

uintptr_t arch_map_device(uint64_t pa, uint64_t size)
{
	uint64_t off = pa & (PAGE_SIZE - 1);
	uint64_t len = (off + size + PAGE_SIZE - 1) & ~((uint64_t)PAGE_SIZE - 1);
	uintptr_t va = device_next;

	if (!size || len > DEVICE_WINDOW_END - device_next)
		return 0;
	if (pt_map(&kernel_pt, va, pa - off, len, PT_READ | PT_WRITE | PT_DEVICE, PT_PAGES_ONLY))
		return 0;
	dsb(ishst);   /* the new entry is visible to the walker before use */
	isb();
	device_next += len + PAGE_SIZE;   /* an unmapped guard page between devices */
	return va + off;
}

void arch_mmu_init(const struct platform *plat, const struct memmap *mm)
{
	void (*switch_at_pa)(uint64_t);
	int err;

	(void)plat;
	kernel_pt = (struct pgtable){ .alloc_table = alloc_table, .table_va = table_va };
	err = pt_init(&kernel_pt);
	if (err)
		panic("no page for the root table: %s", err_name(err));
	map_image();
	map_direct(mm);
	dsb(ishst);
	/* call it at its physical address, through the identity map */
	switch_at_pa = (void (*)(uint64_t))arch_virt_to_phys((const void *)mmu_switch_ttbr1);
	switch_at_pa(kernel_pt.root);
	/* the low half is for user tasks: no walks there until they exist */
	sysreg_write(tcr_el1, sysreg_read(tcr_el1) | TCR_EPD0);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" : : : "memory");
}
