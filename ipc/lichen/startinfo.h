/*
 * startinfo.h: what init gives each task it starts (servers, tests): a
 * read-only page at STARTINFO_ADDR with the handles the task begins with.
 * The values are the task's own handle numbers.
 */
#ifndef LICHEN_STARTINFO_H
#define LICHEN_STARTINFO_H

#include <stdint.h>

#define STARTINFO_ADDR   0x10000000UL
#define STARTINFO_MAGIC  0x4f464e4954524154UL   /* "TARTINFO" */
#define STARTINFO_MAX_DEV 32
#define IPCBUF_ADDR      0x0000ffffffe00000UL    /* the first thread's message buffer */

struct startinfo {
	uint64_t magic;
	char name[32];
	uint32_t self_task, self_aspace, self_thread;
	uint32_t instance;          /* tests: 0 or 1 (two instances run together) */
	uint32_t test_ep;           /* tests: an endpoint both instances hold (all rights) */
	uint32_t rtc_region;        /* tests: the PL031 real-time clock, if any */
	uint32_t rtc_irq;
	uint32_t name_ep;           /* init's name service (SEND) */
	uint64_t kept_bytes;        /* servers: memory kept across restarts, at KEPT_ADDR (name.h) */
	uint32_t system;            /* servers given "power": the system handle (poweroff) */
	char bootargs[512];         /* servers: the kernel command line */
	uint32_t ndevices;          /* servers: the devices init gave them */
	struct {
		uint32_t region, irq;   /* MMIO region (RW, MAP, PHYS), IRQ (CONTROL); 0: none */
		uint64_t base;
		char compatible[40];
	} devices[STARTINFO_MAX_DEV];
};

_Static_assert(sizeof(struct startinfo) <= 4096, "one page");

static inline const struct startinfo *startinfo(void)
{
	return (const struct startinfo *)STARTINFO_ADDR;
}

#endif
