/*
 * arch.h: what portable nucleus code may ask of the architecture.
 *
 * Everything machine-specific (system registers, exception levels, the
 * GIC, the generic timer, PSCI, the page-table format) sits behind these
 * calls, implemented in nucleus/arch/aarch64/.
 */
#ifndef LICHEN_ARCH_H
#define LICHEN_ARCH_H

#include <stdint.h>
#include <stddef.h>

#include "range.h"

struct platform;
struct memmap;
struct frame_pool;

/* Boot: record where the image was loaded and what head.S passes about
 * the entry (first call of nucleus_main); how the CPU was entered, in
 * words, for the boot log;
 * the device tree as the boot map shows it (at most *max_size bytes
 * readable); the image's physical range, .bss included. */
void arch_boot_init(uint64_t image_pa, uint64_t arch_info);
void arch_boot_describe(char *buf, size_t size);
const void *arch_boot_dtb(uint64_t dtb_pa, size_t *max_size);
struct range arch_image_range(void);

/* The early console (a PL011 from the device tree): 0 or ERR_NOENT. */
int arch_console_init(const struct platform *plat);
void arch_console_putc(char c);

/* CPU identity for the banner: MIDR_EL1 and a readable name. */
uint64_t arch_cpu_id(void);
void arch_cpu_name(uint64_t midr, char *buf, size_t size);

/* Kernel page tables: map the image, the direct map of usable RAM and the
 * platform's devices, then switch to them (mmu.c). */
void arch_mmu_init(const struct platform *plat, const struct memmap *mm);

/* Take page-table pages from the frame pool once it exists. */
void arch_mmu_use_frames(struct frame_pool *fp);

/* Physical <-> nucleus virtual addresses. */
void *arch_phys_to_virt(uint64_t pa);
uint64_t arch_virt_to_phys(const void *va);

/* Map a device's MMIO range; returns its virtual address or 0. */
uintptr_t arch_map_device(uint64_t pa, uint64_t size);

/* Interrupts: the controller (from the platform), then local masking. */
int arch_irq_init(const struct platform *plat);
void arch_irq_enable(void);
void arch_irq_disable(void);
int arch_irq_enabled(void);
void arch_wait_for_interrupt(void);

/* User-space interrupt lines (irq.c): route, mask, unmask. */
int arch_irq_attach(unsigned intid, void (*fn)(void *), void *arg);
void arch_irq_detach(unsigned intid);
void arch_irq_mask(unsigned intid);
void arch_irq_unmask(unsigned intid);

/* Running user threads (user.c). */
struct thread;
struct thread_regs;
void arch_user_init(uint64_t empty_table_pa);
int arch_asid_alloc(uint16_t *asid);
void arch_asid_free(uint16_t asid);
void arch_tlb_flush(uint16_t asid, uint64_t va, uint64_t pages);
void arch_aspace_gone(uint16_t asid);
void arch_thread_gone(struct thread *t);
void arch_switch_to(struct thread *t);
void arch_fp_claim(struct thread *t);
void arch_regs_get(struct thread *t, struct thread_regs *r);
void arch_regs_set(struct thread *t, const struct thread_regs *r);
void arch_idle(void);
__attribute__((noreturn)) void arch_enter_user(void);

/* The timer: fire(now) runs at each expiry; arch_timer_set chooses the
 * next one (an absolute counter value). */
int arch_timer_start(const struct platform *plat, void (*fire)(uint64_t now));
void arch_timer_set(uint64_t deadline);
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);

/* Power: PSCI through the conduit the device tree names. */
void arch_psci_init(const struct platform *plat);
int arch_psci_version(void);
__attribute__((noreturn)) void arch_poweroff(void);
__attribute__((noreturn)) void arch_halt(void);

#endif
