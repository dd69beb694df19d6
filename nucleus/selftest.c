/*
 * selftest.c: boot self-checks, one per timer tick (see selftest.h).
 *
 * The tick handler records when each of the first ticks arrived and marks
 * a check as due; the idle loop runs it (in thread context, so a check
 * may mask interrupts or wait for ticks).  Checks that need the
 * architecture (page tables, exception vectors) are in arch code.
 */
#include "selftest.h"
#include "arch.h"
#include "frame.h"
#include "memmap.h"
#include "printk.h"
#include "error.h"
#include "fmt.h"
#include "selftest_arch.h"
#include "layout.h"

#define TIMED_TICKS   10     /* ticks measured by the timer check */
#define TEST_FRAMES   512

struct check {
	const char *name;
	int (*run)(char *detail, size_t size);
};

static struct frame_pool *pool;
static const struct memmap *memmap;
static unsigned tick_hz;
static unsigned mode;
static volatile unsigned tick_count;
static volatile int due;
static uint64_t tick_time[TIMED_TICKS + 1];
static uint64_t frame_list[TEST_FRAMES];
static int next_check, passed, failed;

/* check_timer: the first ticks came in order, one interval apart on
 * average, none before its time. */
static int check_timer(char *d, size_t n)
{
	uint64_t freq = arch_counter_freq(), interval = freq / tick_hz;
	uint64_t span = tick_time[TIMED_TICKS] - tick_time[0];

	for (int i = 1; i <= TIMED_TICKS; i++)
		if (tick_time[i] <= tick_time[i - 1])
			return fmt_snprintf(d, n, "tick %d came before tick %d", i, i - 1), -1;
	if (span < (TIMED_TICKS - 1) * interval)
		return fmt_snprintf(d, n, "%d ticks in %lu counts, expected at least %lu",
				    TIMED_TICKS, (unsigned long)span,
				    (unsigned long)((TIMED_TICKS - 1) * interval)), -1;
	fmt_snprintf(d, n, "%d ticks, %lu us apart on average (%u Hz asked)",
		     TIMED_TICKS, (unsigned long)(span * 1000000 / freq / TIMED_TICKS), tick_hz);
	return 0;
}

static int in_usable_ram(uint64_t pa)
{
	struct range r[MEMMAP_MAX * 2];
	int k = memmap_usable(memmap, r, MEMMAP_MAX * 2);

	for (int i = 0; i < k && i < MEMMAP_MAX * 2; i++)
		if (pa >= r[i].base && pa + PAGE_SIZE <= r[i].end)
			return 1;
	return 0;
}

/* check_frames: frames come from usable RAM only, hold what is written,
 * are never handed out twice, and all return; a double free is refused. */
static int check_frames(char *d, size_t n)
{
	uint64_t before = pool->free;

	for (int i = 0; i < TEST_FRAMES; i++) {
		if (frame_alloc(pool, &frame_list[i]) != 0)
			return fmt_snprintf(d, n, "allocation %d failed", i), -1;
		if (!in_usable_ram(frame_list[i]))
			return fmt_snprintf(d, n, "frame %lx is not usable RAM",
					    (unsigned long)frame_list[i]), -1;
		*(volatile uint64_t *)arch_phys_to_virt(frame_list[i]) = frame_list[i];
	}
	for (int i = 0; i < TEST_FRAMES; i++)
		if (*(volatile uint64_t *)arch_phys_to_virt(frame_list[i]) != frame_list[i])
			return fmt_snprintf(d, n, "frame %lx shared or lost its contents",
					    (unsigned long)frame_list[i]), -1;
	for (int i = 0; i < TEST_FRAMES; i++)
		if (frame_free(pool, frame_list[i]) != 0)
			return fmt_snprintf(d, n, "free %d refused", i), -1;
	if (frame_free(pool, frame_list[0]) != ERR_INVAL)
		return fmt_snprintf(d, n, "a double free was accepted"), -1;
	if (pool->free != before)
		return fmt_snprintf(d, n, "free count %lu, was %lu", (unsigned long)pool->free,
				    (unsigned long)before), -1;
	fmt_snprintf(d, n, "%d frames allocated, checked and freed; %lu free",
		     TEST_FRAMES, (unsigned long)pool->free);
	return 0;
}

/* check_contig: a 64 KiB-aligned run of 16 frames, as a DMA buffer. */
static int check_contig(char *d, size_t n)
{
	uint64_t pa, before = pool->free, align = 16 * PAGE_SIZE;

	if (frame_alloc_contig(pool, 16, align, &pa) != 0)
		return fmt_snprintf(d, n, "no 16-frame run"), -1;
	if (pa % align)
		return fmt_snprintf(d, n, "run at %lx is not 64 KiB aligned", (unsigned long)pa), -1;
	for (int i = 0; i < 16; i++)
		if (frame_in_use(pool, pa + (uint64_t)i * PAGE_SIZE) != 1)
			return fmt_snprintf(d, n, "frame %d of the run is not in use", i), -1;
	if (frame_free_contig(pool, pa, 16) != 0 || pool->free != before)
		return fmt_snprintf(d, n, "the run did not return"), -1;
	if (frame_alloc_contig(pool, pool->free + 1, PAGE_SIZE, &pa) != ERR_NOMEM)
		return fmt_snprintf(d, n, "more frames than exist were handed out"), -1;
	fmt_snprintf(d, n, "16 frames at %lx, aligned and returned", (unsigned long)pa);
	return 0;
}

/* check_irq_mask: a tick that comes while interrupts are masked waits,
 * and is delivered once they are unmasked. */
static int check_irq_mask(char *d, size_t n)
{
	uint64_t freq = arch_counter_freq(), start;
	unsigned seen;

	arch_irq_disable();
	seen = tick_count;
	start = arch_counter();
	while (arch_counter() - start < 3 * freq / tick_hz)
		;
	if (tick_count != seen) {
		arch_irq_enable();
		return fmt_snprintf(d, n, "a tick arrived while masked"), -1;
	}
	arch_irq_enable();
	start = arch_counter();
	while (tick_count == seen && arch_counter() - start < freq / tick_hz / 2)
		;
	if (tick_count == seen)
		return fmt_snprintf(d, n, "the pending tick was lost on unmask"), -1;
	fmt_snprintf(d, n, "no tick while masked for 3 periods, delivered on unmask");
	return 0;
}

static int check_psci(char *d, size_t n)
{
	int v = arch_psci_version();

	if (v < 0)
		return fmt_snprintf(d, n, "no PSCI (error %d): cannot power off", v), -1;
	if ((v >> 16) < 1 && (v & 0xffff) < 2)
		return fmt_snprintf(d, n, "PSCI %d.%d is older than 0.2", v >> 16, v & 0xffff), -1;
	fmt_snprintf(d, n, "PSCI %d.%d", v >> 16, v & 0xffff);
	return 0;
}

static const struct check checks[] = {
	{ "timer",      check_timer },
	{ "frames",     check_frames },
	{ "contiguous", check_contig },
	{ "pagetable",  arch_selftest_pagetable },
	{ "vectors",    arch_selftest_vectors },
	{ "irq-mask",   check_irq_mask },
	{ "psci",       check_psci },
};

#define NCHECKS ((int)(sizeof(checks) / sizeof(checks[0])))

void selftest_start(struct frame_pool *fp, const struct memmap *mm, unsigned hz,
		    unsigned flags)
{
	pool = fp;
	memmap = mm;
	tick_hz = hz;
	mode = flags;
	tick_time[0] = arch_counter();
}

void selftest_tick(void)
{
	unsigned t = ++tick_count;

	if (t <= TIMED_TICKS)
		tick_time[t] = arch_counter();
	else if (next_check < NCHECKS)
		due = 1;
}

void selftest_poll(void)
{
	char detail[160];
	int err;

	if (!due)
		return;
	due = 0;
	detail[0] = '\0';
	err = checks[next_check].run(detail, sizeof(detail));
	kprintf("selftest: %s %s: %s\n", err ? "FAIL" : "ok  ", checks[next_check].name, detail);
	err ? failed++ : passed++;
	if (++next_check < NCHECKS)
		return;
	kprintf("selftest: done: %d passed, %d failed\n", passed, failed);
	if (mode & SELFTEST_CRASH) {
		kprintf("selftest: crashing on purpose (boot argument \"crash\")\n");
		arch_selftest_crash();
	}
	if (mode & SELFTEST_POWEROFF) {
		kprintf("selftest: powering off\n");
		arch_poweroff();
	}
}
