/*
 * loader.c: starting a boot module as a new task.
 *
 * The module's ELF file (a read-only region) is mapped into init for
 * reading.  Each run of pages of the new task (elf_page_plan) is a fresh
 * region, paid by the new task's budget, mapped first into init at a
 * scratch address to be filled, then into the new task with the
 * segment's rights.  The stack gets a Linux-style start (argc, argv,
 * envp, auxv) so that musl runs unchanged, and a read-only startinfo page
 * lists the task's handles.  Its thread's Linux calls and faults go to
 * init's runtime handler, badged with the client's index.
 */
#include "init.h"
#include "elf.h"
#include "lichen/sys.h"
#include "lichen/startinfo.h"

#include <string.h>

#define PAGE          4096UL
#define MODULE_WINDOW 0x0000003000000000UL   /* init's view of a module file */
#define SCRATCH       0x0000003800000000UL   /* init's view of a page run being filled */
#define STACK_TOP     0x0000fffffff00000UL
#define STACK_PAGES   32
#define TASK_PRIO     32
#define USER_MIN      0x1000UL

struct load {
	struct client *c;
	uint32_t task, aspace;
	const uint8_t *file;
	uint64_t size;
};

/* fill_and_map: a region of pages at va in the new task, filled by fill
 * (through init's scratch mapping), then mapped with rights. */
static int fill_and_map(struct load *l, uint64_t va, uint64_t pages, unsigned rights,
			void (*fill)(struct load *, uint8_t *, uint64_t))
{
	uint32_t region;
	int err = lc_region_create_for(l->task, pages, &region);

	if (err)
		return err;
	err = lc_map(boot->self_aspace, region, SCRATCH, 0, pages, RIGHT_READ | RIGHT_WRITE);
	if (!err) {
		fill(l, (uint8_t *)SCRATCH, va);
		lc_unmap(boot->self_aspace, SCRATCH, pages);
		err = lc_map(l->aspace, region, va, 0, pages, rights);
	}
	lc_handle_close(region);
	return err;
}

static struct elf_image img;
static uint64_t run_lo, run_hi;

/* fill_segment_bytes: copy the file bytes that fall into [run_lo, run_hi). */
static void fill_segment_bytes(struct load *l, uint8_t *dst, uint64_t va)
{
	(void)va;
	for (int i = 0; i < img.nsegments; i++) {
		const struct elf_segment *s = &img.seg[i];
		uint64_t lo = s->vaddr > run_lo ? s->vaddr : run_lo;
		uint64_t hi = s->vaddr + s->filesz < run_hi ? s->vaddr + s->filesz : run_hi;

		if (lo < hi)
			memcpy(dst + (lo - run_lo), l->file + s->offset + (lo - s->vaddr), hi - lo);
	}
}

static unsigned rights_of(unsigned flags)
{
	return RIGHT_READ | ((flags & ELF_PF_W) ? RIGHT_WRITE : 0) |
	       ((flags & ELF_PF_X) ? RIGHT_EXEC : 0);
}

static int load_segments(struct load *l, uint64_t *entry)
{
	struct elf_pages runs[ELF_MAX_PAGE_RUNS];
	int n, err = elf_parse(l->file, l->size, USER_MIN, STACK_TOP - (1UL << 30), &img);

	if (err)
		return ERR_INVAL;
	n = elf_page_plan(&img, runs);
	for (int i = 0; i < n; i++) {
		run_lo = runs[i].lo;
		run_hi = runs[i].hi;
		err = fill_and_map(l, runs[i].lo, (runs[i].hi - runs[i].lo) / PAGE,
				   rights_of(runs[i].flags), fill_segment_bytes);
		if (err)
			return err;
	}
	*entry = img.entry;
	return 0;
}

static uint64_t stack_sp;

/* fill_stack: argc 1, argv { name }, no environment, auxv { AT_PAGESZ }. */
static void fill_stack(struct load *l, uint8_t *dst, uint64_t va)
{
	uint64_t top = va + STACK_PAGES * PAGE, str = top - 48;
	uint64_t words[8] = { 1, str, 0, 0, 6, PAGE, 0, 0 };

	stack_sp = (str - sizeof(words)) & ~15UL;
	memcpy((char *)dst + (str - va), l->c->name, sizeof(l->c->name));
	memcpy(dst + (stack_sp - va), words, sizeof(words));
}

static struct startinfo info;

static void fill_info(struct load *l, uint8_t *dst, uint64_t va)
{
	(void)l, (void)va;
	memcpy(dst, &info, sizeof(info));
}

static void fill_nothing(struct load *l, uint8_t *dst, uint64_t va)
{
	(void)l, (void)dst, (void)va;
}

/* give_rtc: tests get the PL031 real-time clock, to see an interrupt. */
static int give_rtc(struct load *l)
{
	for (uint32_t i = 0; i < boot->ndevices; i++) {
		const struct bootinfo_device *d = &boot->devices[i];
		int err;

		if (strcmp(d->compatible, "arm,pl031") || !d->irq)
			continue;
		err = lc_handle_give(l->task, d->region, RIGHT_READ | RIGHT_WRITE | RIGHT_MAP,
				     &info.rtc_region);
		return err ? err : lc_handle_give(l->task, d->irq, RIGHT_CONTROL, &info.rtc_irq);
	}
	return 0;
}

/* give_badged: an endpoint with SEND only, badged with the client's
 * index, so that its server knows who calls. */
static int give_badged(struct load *l, uint32_t ep, uint32_t *out)
{
	uint32_t dup;
	int err = lc_handle_dup(ep, RIGHT_SEND | RIGHT_XFER, (uint64_t)(l->c - clients), &dup);

	if (err)
		return err;
	err = lc_handle_give(l->task, dup, RIGHT_SEND, out);
	lc_handle_close(dup);
	return err;
}

/* give_devices: the devices named in the spec (region and IRQ each). */
static int give_devices(struct load *l, const struct task_spec *spec)
{
	for (int i = 0; i < spec->ndevices && i < STARTINFO_MAX_DEV; i++) {
		const struct bootinfo_device *d = spec->devices[i];
		int err = lc_handle_give(l->task, d->region, RIGHT_READ | RIGHT_WRITE | RIGHT_MAP |
					 RIGHT_PHYS, &info.devices[i].region);

		if (!err && d->irq)
			err = lc_handle_give(l->task, d->irq, RIGHT_CONTROL, &info.devices[i].irq);
		if (err)
			return err;
		info.devices[i].base = d->base;
		memcpy(info.devices[i].compatible, d->compatible, sizeof(d->compatible));
		info.ndevices++;
	}
	return 0;
}

/* give_handles: the task's own task, space and thread handles, and what
 * its spec gives it. */
static int give_handles(struct load *l, uint32_t th, const struct task_spec *spec)
{
	int err = lc_handle_give(l->task, l->task, RIGHT_ALL, &info.self_task);

	if (!err)
		err = lc_handle_give(l->task, l->aspace, RIGHT_ALL, &info.self_aspace);
	if (!err)
		err = lc_handle_give(l->task, th, RIGHT_ALL, &info.self_thread);
	if (!err && spec->name_ep)
		err = give_badged(l, spec->name_ep, &info.name_ep);
	if (!err && spec->test_ep)
		err = lc_handle_give(l->task, spec->test_ep, RIGHT_ALL, &info.test_ep);
	if (!err && spec->test_ep)
		err = give_rtc(l);
	if (!err)
		err = give_devices(l, spec);
	if (!err && spec->status_region)
		err = lc_map(l->aspace, spec->status_region, STATUS_ADDR, 0, 1,
			     RIGHT_READ | RIGHT_WRITE);
	if (!err && spec->power)
		err = lc_handle_give(l->task, boot->system, RIGHT_CONTROL, &info.system);
	if (!err && spec->module && spec->name_ep)
		memcpy(info.bootargs, boot->bootargs, sizeof(info.bootargs));
	if (!err && spec->kept_region) {
		err = lc_map(l->aspace, spec->kept_region, KEPT_ADDR, 0, spec->kept_pages,
			     RIGHT_READ | RIGHT_WRITE);
		info.kept_bytes = spec->kept_pages * PAGE;
	}
	return err;
}

static int start_thread(struct load *l, uint64_t entry, const struct task_spec *spec)
{
	uint32_t th;
	int err = lc_thread_create(l->task, entry, stack_sp, 0, TASK_PRIO, &th);

	if (err)
		return err;
	memset(&info, 0, sizeof(info));
	info.magic = STARTINFO_MAGIC;
	memcpy(info.name, l->c->name, sizeof(info.name) - 1);
	info.instance = spec->instance;
	err = give_handles(l, th, spec);
	if (!err)
		err = fill_and_map(l, STARTINFO_ADDR, 1, RIGHT_READ, fill_info);
	if (!err)
		err = fill_and_map(l, IPCBUF_ADDR, 1, RIGHT_READ | RIGHT_WRITE, fill_nothing);
	if (!err)
		err = lc_thread_handler(th, boot->exc_endpoint, (uint64_t)(l->c - clients));
	if (!err)
		err = lc_thread_ipcbuf(th, IPCBUF_ADDR);
	if (!err)
		err = lc_thread_resume(th);
	lc_handle_close(th);
	return err;
}

int load_task(const struct task_spec *spec, struct client *c)
{
	const struct bootinfo_module *m = spec->module;
	struct load l = { .c = c, .file = (const uint8_t *)MODULE_WINDOW, .size = m->size };
	uint64_t entry = 0, pages = (m->size + PAGE - 1) / PAGE;
	int err;

	err = lc_task_create_named(spec->budget, 0, c->name, &l.task, &l.aspace);
	if (err)
		goto fail;
	l.c->task = l.task;
	l.c->aspace = l.aspace;
	err = lc_map(boot->self_aspace, m->region, MODULE_WINDOW, 0, pages, RIGHT_READ);
	if (err)
		goto fail;
	err = load_segments(&l, &entry);
	lc_unmap(boot->self_aspace, MODULE_WINDOW, pages);
	if (!err)
		err = fill_and_map(&l, STACK_TOP - STACK_PAGES * PAGE, STACK_PAGES,
				   RIGHT_READ | RIGHT_WRITE, fill_stack);
	if (!err && spec->watch)
		err = lc_task_watch(l.task, spec->watch, spec->watch_bit);
	if (!err)
		err = start_thread(&l, entry, spec);
	if (!err)
		return 0;
fail:
	say("init: cannot start %s: error %d\n", m->name, err);
	if (l.task) {
		lc_task_kill(l.task);
		lc_handle_close(l.task);
		lc_handle_close(l.aspace);
	}
	c->task = c->aspace = 0;
	return err;
}
