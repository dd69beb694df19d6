/*
 * sysreg.h: system register access and barriers, for arch code only.
 * Portable nucleus files never include this (STYLE.md, habit 2).
 */
#ifndef LICHEN_SYSREG_H
#define LICHEN_SYSREG_H

#include <stdint.h>

#define sysreg_read(reg) ({ \
	uint64_t v_; \
	__asm__ volatile("mrs %0, " #reg : "=r"(v_)); \
	v_; })

#define sysreg_write(reg, v) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)) : "memory")

#define isb()      __asm__ volatile("isb" : : : "memory")
#define dsb(opt)   __asm__ volatile("dsb " #opt : : : "memory")

/* MMIO accessors: device memory must be touched with single accesses. */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
