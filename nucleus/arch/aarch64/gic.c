/*
 * gic.c: the GICv2 interrupt controller (QEMU virt's default).
 *
 * The distributor (GICD) routes interrupts; each CPU's interface (GICC)
 * signals them to that CPU.  At boot every shared interrupt (SPI) is
 * disabled and routed to CPU 0; a driver enables the line it uses.  The
 * IRQ path acknowledges (IAR), runs the line's handler, and ends (EOIR).
 * GICv3 is recognised in the device tree but not supported yet.
 */
#include "arch.h"
#include "gic.h"
#include "sysreg.h"
#include "platform.h"
#include "error.h"
#include "printk.h"

#define GICD_CTLR        0x000
#define GICD_TYPER       0x004
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ICPENDR     0x280
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_ICFGR       0xc00

#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010

#define SPURIOUS         1023
#define MAX_HANDLERS     64
#define DEFAULT_PRIORITY 0xa0

struct handler {
	unsigned intid;
	void (*fn)(void *arg);
	void *arg;
};

static uintptr_t gicd, gicc;
static unsigned nlines;
static struct handler handlers[MAX_HANDLERS];
static int nhandlers;

unsigned gic_lines(void)
{
	return nlines;
}

static void dist_init(void)
{
	mmio_write32(gicd + GICD_CTLR, 0);
	nlines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (nlines > 1020)
		nlines = 1020;
	for (unsigned i = 0; i < nlines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, 0xffffffff);
	}
	for (unsigned i = 0; i < nlines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, DEFAULT_PRIORITY * 0x01010101u);
	for (unsigned i = 32; i < nlines; i += 4)
		mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101);   /* CPU 0 */
	mmio_write32(gicd + GICD_CTLR, 1);
}

static void cpu_if_init(void)
{
	mmio_write32(gicc + GICC_PMR, 0xf0);     /* let every priority above 0xf0 in */
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
}

int arch_irq_init(const struct platform *plat)
{
	if (plat->gic_version == 3) {
		kprintf("gic: GICv3 at %lx is not supported yet (boot QEMU with its default GICv2)\n",
			(unsigned long)plat->gicd.base);
		return ERR_NOTSUP;
	}
	if (plat->gic_version != 2)
		return ERR_NOENT;
	gicd = arch_map_device(plat->gicd.base, range_size(plat->gicd));
	gicc = arch_map_device(plat->gicc.base, range_size(plat->gicc));
	if (!gicd || !gicc)
		return ERR_NOMEM;
	dist_init();
	cpu_if_init();
	return 0;
}

static void unmask(unsigned intid)
{
	mmio_write32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

static void mask(unsigned intid)
{
	mmio_write32(gicd + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

int gic_enable(unsigned intid, void (*fn)(void *), void *arg)
{
	int err = arch_irq_attach(intid, fn, arg);

	if (!err)
		unmask(intid);
	return err;
}

/* arch_irq_attach: route intid to fn(arg); the line stays masked. */
int arch_irq_attach(unsigned intid, void (*fn)(void *), void *arg)
{
	if (intid >= nlines || nhandlers == MAX_HANDLERS)
		return ERR_INVAL;
	for (int i = 0; i < nhandlers; i++)
		if (handlers[i].intid == intid)
			return ERR_EXIST;
	handlers[nhandlers++] = (struct handler){ intid, fn, arg };
	return 0;
}

void arch_irq_detach(unsigned intid)
{
	for (int i = 0; i < nhandlers; i++) {
		if (handlers[i].intid == intid) {
			mask(intid);
			handlers[i] = handlers[--nhandlers];
			return;
		}
	}
}

void arch_irq_mask(unsigned intid)
{
	mask(intid);
}

void arch_irq_unmask(unsigned intid)
{
	unmask(intid);
}

int gic_is_enabled(unsigned intid)
{
	return (mmio_read32(gicd + GICD_ISENABLER + (intid / 32) * 4) >> (intid % 32)) & 1;
}

/* gic_dispatch: serve every pending interrupt, called from the IRQ vector. */
void gic_dispatch(void)
{
	for (;;) {
		uint32_t iar = mmio_read32(gicc + GICC_IAR);
		unsigned intid = iar & 0x3ff;
		int served = 0;

		if (intid >= SPURIOUS)
			return;
		for (int i = 0; i < nhandlers; i++) {
			if (handlers[i].intid == intid) {
				handlers[i].fn(handlers[i].arg);
				served = 1;
			}
		}
		if (!served)
			kprintf("gic: interrupt %u has no handler\n", intid);
		mmio_write32(gicc + GICC_EOIR, iar);
	}
}

void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

int arch_irq_enabled(void)
{
	return !(sysreg_read(daif) & (1 << 7));
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("dsb sy\n wfi" : : : "memory");
}
