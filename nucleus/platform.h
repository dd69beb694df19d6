/*
 * platform.h: what the device tree told the nucleus about the machine.
 *
 * dt.c fills a struct platform once at boot, and nothing after that reads
 * the tree again: every later step works from this plain structure, which
 * host unit tests can also build by hand.
 */
#ifndef LICHEN_PLATFORM_H
#define LICHEN_PLATFORM_H

#include <stdint.h>
#include "range.h"

#define PLAT_MAX_RANGES   16
#define PLAT_BOOTARGS_MAX 512
#define PLAT_MAX_DEVICES  64

enum psci_method { PSCI_NONE, PSCI_HVC, PSCI_SMC };

struct reserved {
	struct range r;
	int nomap;               /* /reserved-memory "no-map": not even mapped */
	char what[40];           /* where it came from, for messages */
};

/* A device for user-space drivers: its MMIO range and interrupt. */
struct plat_device {
	char compatible[40];     /* the first compatible string */
	struct range reg;
	unsigned intid;          /* GIC interrupt number (SPI), 0 if none */
};

struct platform {
	uint64_t dtb_pa, dtb_size;
	char model[64];

	struct range mem[PLAT_MAX_RANGES];   /* RAM, as listed */
	int nmem;
	struct reserved resv[PLAT_MAX_RANGES];
	int nresv;
	int dropped_ranges;      /* ranges beyond PLAT_MAX_RANGES (ignored) */

	int ncpus;
	enum psci_method psci;

	int gic_version;         /* 2, 3, or 0 when none was found */
	struct range gicd, gicc; /* distributor, CPU interface (GICv2) */
	unsigned timer_irq;      /* INTID of the EL1 virtual timer */

	int uart_found;
	struct range uart;       /* PL011 used as the console */

	char bootargs[PLAT_BOOTARGS_MAX];

	struct plat_device devices[PLAT_MAX_DEVICES];   /* top-level devices */
	int ndevices;
};

#endif
