/*
 * main.c: the nucleus's boot sequence, from the first C code to idle.
 *
 * head.S calls nucleus_main() with the MMU on, running at the linked
 * address, on the boot stack, with every interrupt masked.  The steps:
 *   1. read the device tree (through head.S's boot window);
 *   2. build the physical memory map: RAM minus reserved ranges;
 *   3. build and switch to the nucleus's real page tables (mmu.c);
 *   4. bring up the console and print the banner, then what is wrong with
 *      the machine, if anything (no RAM, conflicting reservations);
 *   5. start the frame allocator, the GIC and the timer tick;
 *   6. with "selftest" in the boot arguments: run the self-checks, one
 *      per tick (selftest.c), and power off;
 *   7. otherwise start init (userboot.c) and return to user space
 *      (entry.c): from then on the nucleus runs only when a thread traps
 *      or an interrupt comes.
 */
#include "arch.h"
#include "dt.h"
#include "memmap.h"
#include "frame.h"
#include "bootargs.h"
#include "printk.h"
#include "panic.h"
#include "selftest.h"
#include "error.h"
#include "sched.h"
#include "entry.h"
#include "kmem.h"
#include "syscall.h"
#include "userboot.h"
#include "layout.h"

#include <string.h>

#define TICK_HZ 100

static struct platform plat;
static struct memmap mm;
static struct frame_pool frames;
static int selftest_mode;
struct frame_pool *nucleus_frames = &frames;

/* on_timer: the timer interrupt: the scheduler's time, and the
 * self-checks' ticks when they run. */
static void on_timer(uint64_t now)
{
	entry_timer(now);
	if (selftest_mode)
		selftest_tick();
	arch_timer_set(sched_next_event());
}

void nucleus_main(uint64_t dtb_pa, uint64_t image_pa, uint64_t arch_info);

static void read_device_tree(uint64_t dtb_pa)
{
	size_t max;
	const void *fdt = arch_boot_dtb(dtb_pa, &max);

	if (dt_parse(fdt, max, dtb_pa, &plat) != 0)
		arch_halt();   /* no tree: no console to say so, nowhere to go */
}

static void build_memmap(void)
{
	memmap_init(&mm);
	for (int i = 0; i < plat.nmem; i++)
		memmap_add_ram(&mm, plat.mem[i]);
	memmap_reserve(&mm, arch_image_range(), 0, "nucleus image");
	memmap_reserve(&mm, (struct range){ plat.dtb_pa, plat.dtb_pa + plat.dtb_size },
		       0, "device tree");
	for (int i = 0; i < plat.nresv; i++)
		memmap_reserve(&mm, plat.resv[i].r, plat.resv[i].nomap, plat.resv[i].what);
}

static void print_banner(void)
{
	char cpu[64];
	uint64_t midr = arch_cpu_id();

	arch_cpu_name(midr, cpu, sizeof(cpu));
	kprintf("lichen %s (%s): cpu %s (MIDR %08lx), %lu MiB RAM, bootargs \"%s\"\n",
		LICHEN_VERSION, LICHEN_GIT_REV, cpu, (unsigned long)midr,
		(unsigned long)(memmap_ram_bytes(&mm) >> 20), plat.bootargs);
}

/* stop: a boot that cannot go on ends here, said plainly. */
static void __attribute__((noreturn)) stop(const char *why)
{
	kprintf("boot: %s: cannot continue\n", why);
	if (selftest_mode)
		arch_poweroff();
	arch_halt();
}

static void report_conflicts(void)
{
	for (int i = 0; i < mm.nconflicts; i++) {
		const struct conflict *c = &mm.conflicts[i];

		if (c->kind == CONFLICT_OVERLAP)
			kprintf("memory: reserved range %s [%lx-%lx) overlaps %s [%lx-%lx): "
				"both stay reserved\n", c->what, (unsigned long)c->r.base,
				(unsigned long)c->r.end, c->other_what,
				(unsigned long)c->other.base, (unsigned long)c->other.end);
		else
			kprintf("memory: reserved range %s [%lx-%lx) is not all in RAM\n",
				c->what, (unsigned long)c->r.base, (unsigned long)c->r.end);
	}
	if (mm.lost_conflicts)
		kprintf("memory: %d more conflicts not shown\n", mm.lost_conflicts);
	if (plat.dropped_ranges)
		kprintf("memory: %d ranges beyond the first %d ignored\n",
			plat.dropped_ranges, PLAT_MAX_RANGES);
}

static void start_frames(void)
{
	struct range usable[MEMMAP_MAX * 2];
	int n = memmap_usable(&mm, usable, MEMMAP_MAX * 2);
	int err = frame_pool_init(&frames, usable, n < MEMMAP_MAX * 2 ? n : MEMMAP_MAX * 2,
				  arch_phys_to_virt, 1);

	if (err)
		panic("frame allocator: %s", err_name(err));
	arch_mmu_use_frames(&frames);
	kprintf("memory: %lu MiB RAM in %d ranges, %lu frames free (%lu KiB), %d reserved ranges\n",
		(unsigned long)(memmap_ram_bytes(&mm) >> 20), mm.nram,
		(unsigned long)frames.free, (unsigned long)(frames.free * 4), mm.nresv);
}

static void start_interrupts(void)
{
	int err = arch_irq_init(&plat);

	if (err)
		stop(plat.gic_version == 3 ? "GICv3 is not supported yet"
					   : "no usable GICv2 in the device tree");
	sched_init(arch_counter_freq(), arch_counter());
	err = arch_timer_start(&plat, on_timer);
	if (err)
		stop("no usable architected timer in the device tree");
	kprintf("boot: GICv2, timer tick at %d Hz (counter %lu Hz), %d CPUs found, "
		"CPU 0 runs, the others stay parked\n", TICK_HZ,
		(unsigned long)arch_counter_freq(), plat.ncpus);
}

/* run_selftests: the boot self-checks, one per tick; never returns
 * (they end by powering off, or crashing on purpose). */
static void __attribute__((noreturn)) run_selftests(void)
{
	selftest_start(&frames, &mm, TICK_HZ,
		       SELFTEST_POWEROFF |
		       (bootargs_flag(plat.bootargs, "crash") ? SELFTEST_CRASH : 0));
	arch_irq_enable();
	for (;;) {
		arch_timer_set(sched_next_event());
		arch_wait_for_interrupt();
		selftest_poll();
	}
}

/* start_user: hand the machine to init; never returns. */
static void __attribute__((noreturn)) start_user(void)
{
	uint64_t empty;
	char opt[8];

	kmem_init(&frames, arch_phys_to_virt, arch_virt_to_phys);
	if (frame_alloc(&frames, &empty))
		stop("no memory for user space");
	memset(arch_phys_to_virt(empty), 0, PAGE_SIZE);
	arch_user_init(empty);
	if (bootargs_value(plat.bootargs, "debugcon", opt, sizeof(opt)) >= 0 && !strcmp(opt, "off"))
		syscall_debug_console(0);
	if (userboot(&plat, &frames))
		stop("there is no init to run");
	entry_exit();
	arch_enter_user();
}

void nucleus_main(uint64_t dtb_pa, uint64_t image_pa, uint64_t arch_info)
{
	char how[64];
	uint64_t boot_us;

	arch_boot_init(image_pa, arch_info);
	read_device_tree(dtb_pa);
	build_memmap();
	arch_mmu_init(&plat, &mm);
	arch_console_init(&plat);
	arch_psci_init(&plat);
	selftest_mode = bootargs_flag(plat.bootargs, "selftest");
	panic_set_poweroff(selftest_mode);
	print_banner();
	boot_us = arch_counter() * 1000000 / arch_counter_freq();
	arch_boot_describe(how, sizeof(how));
	kprintf("boot: first output %lu us after reset; %s, image at %lx, device tree at %lx "
		"(%lu bytes), PSCI via %s\n", (unsigned long)boot_us,
		how, (unsigned long)arch_image_range().base, (unsigned long)plat.dtb_pa,
		(unsigned long)plat.dtb_size,
		plat.psci == PSCI_HVC ? "hvc" : plat.psci == PSCI_SMC ? "smc" : "nothing");
	if (mm.nram == 0)
		stop("the device tree has no usable /memory node, so there is no RAM");
	report_conflicts();
	start_frames();
	start_interrupts();
	if (selftest_mode)
		run_selftests();
	start_user();
}
