/*
 * userboot.c: the nucleus hands the machine to init.
 *
 * init is an ordinary task, created here from its boot module (a static
 * ELF executable), with a budget of all the RAM the nucleus does not
 * need, and handles to everything else: every device's MMIO range and
 * interrupt, the boot modules, the device tree, its own task, address
 * space and thread, the system object (power off), and the endpoint its
 * own exceptions go to (served by init's first act: see init/start.S).
 * A read-only bootinfo page at BOOTINFO_ADDR lists them all.
 *
 * Its first thread starts at the ELF entry point with a Linux-style
 * initial stack (argc, argv, envp, auxv), so that musl's start-up code
 * runs unchanged.
 */
#include "userboot.h"
#include "task.h"
#include "thread.h"
#include "aspace.h"
#include "region.h"
#include "endpoint.h"
#include "irq.h"
#include "handle.h"
#include "budget.h"
#include "frame.h"
#include "platform.h"
#include "sched.h"
#include "printk.h"
#include "arch.h"
#include "error.h"
#include "layout.h"
#include "elf.h"
#include "lichen/abi.h"

#include <string.h>

#define STACK_TOP      0x0000fffffff00000UL
#define STACK_PAGES    32
#define IPCBUF_ADDR    0x0000ffffffe00000UL
#define BOOTINFO_PAGES ((sizeof(struct bootinfo) + PAGE_SIZE - 1) / PAGE_SIZE)
#define INIT_PRIO      48
#define NUCLEUS_KEEP   (4UL << 20)     /* frames kept back for the nucleus itself */

static struct budget root_budget;

static const struct boot_module *find_module(const char *name)
{
	for (uint64_t i = 0; i < boot_module_count; i++)
		if (!strcmp(boot_modules[i].name, name))
			return &boot_modules[i];
	return NULL;
}

/* new_region: a zeroed RAM region mapped at va with prot; *out borrowed. */
static int new_region(struct task *t, uint64_t va, uint64_t pages, unsigned prot,
		      struct region **out)
{
	struct region *r;
	int err = region_create_ram(t->budget, pages, 0, &r);

	if (err)
		return err;
	err = aspace_map(t->aspace, r, va, 0, pages, prot, MAP_RIGHTS);
	obj_put(&r->obj);          /* the mapping keeps it */
	*out = r;
	return err;
}

/* copy_to_region: bytes into a region at a byte offset. */
static void copy_to_region(struct region *r, uint64_t off, const void *src, uint64_t len)
{
	const uint8_t *p = src;

	while (len) {
		uint64_t n = PAGE_SIZE - (off % PAGE_SIZE);

		if (n > len)
			n = len;
		memcpy((uint8_t *)arch_phys_to_virt(region_frame(r, off / PAGE_SIZE)) + off % PAGE_SIZE,
		       p, n);
		off += n;
		p += n;
		len -= n;
	}
}

static unsigned seg_prot(unsigned flags)
{
	return RIGHT_READ | ((flags & ELF_PF_W) ? RIGHT_WRITE : 0) |
	       ((flags & ELF_PF_X) ? RIGHT_EXEC : 0);
}

/* load_elf: a region per run of pages (elf_page_plan), then the file's
 * bytes copied in through the new space's page tables. */
static int load_elf(struct task *t, const struct boot_module *m, uint64_t *entry)
{
	struct elf_image img;
	struct elf_pages runs[ELF_MAX_PAGE_RUNS];
	struct region *r;
	int n, err = elf_parse((const void *)m->start, m->size, USER_VA_MIN,
			       STACK_TOP - (1UL << 30), &img);

	if (err)
		return ERR_INVAL;
	n = elf_page_plan(&img, runs);
	for (int i = 0; i < n; i++) {
		err = new_region(t, runs[i].lo, (runs[i].hi - runs[i].lo) / PAGE_SIZE,
				 seg_prot(runs[i].flags), &r);
		if (err)
			return err;
	}
	for (int i = 0; i < img.nsegments; i++) {
		const struct elf_segment *s = &img.seg[i];

		err = aspace_poke(t->aspace, s->vaddr, (const uint8_t *)m->start + s->offset,
				  s->filesz);
		if (err)
			return err;
	}
	*entry = img.entry;
	return 0;
}

/*
 * build_stack: argc = 1, argv = { "init", NULL }, envp = { NULL },
 * auxv = { AT_PAGESZ 4096, AT_NULL }: what musl's _start expects.
 */
static int build_stack(struct task *t, uint64_t *sp)
{
	uint64_t words[8] = { 1, 0, 0, 0, 6 /* AT_PAGESZ */, PAGE_SIZE, 0, 0 };
	uint64_t top = STACK_TOP, str, base;
	struct region *r;
	int err = new_region(t, STACK_TOP - STACK_PAGES * PAGE_SIZE, STACK_PAGES,
			     RIGHT_READ | RIGHT_WRITE, &r);

	if (err)
		return err;
	str = top - 16;
	base = (str - sizeof(words)) & ~15UL;
	words[1] = str;
	copy_to_region(r, str - (STACK_TOP - STACK_PAGES * PAGE_SIZE), "init", 5);
	copy_to_region(r, base - (STACK_TOP - STACK_PAGES * PAGE_SIZE), words, sizeof(words));
	*sp = base;
	return 0;
}

static int give(struct task *t, struct object *o, uint32_t rights, uint32_t *h)
{
	return handle_install(&t->handles, o, rights, 0, h);
}

#define RO_REGION (RIGHT_READ | RIGHT_MAP | RIGHT_DUP | RIGHT_XFER)
#define RW_REGION (RO_REGION | RIGHT_WRITE)

static int give_devices(struct task *t, const struct platform *plat, struct bootinfo *bi)
{
	for (int i = 0; i < plat->ndevices && i < BOOTINFO_MAX_DEV; i++) {
		const struct plat_device *d = &plat->devices[i];
		struct bootinfo_device *bd = &bi->devices[bi->ndevices++];
		uint64_t base = d->reg.base & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t pages = (d->reg.end - base + PAGE_SIZE - 1) / PAGE_SIZE;
		struct region *r;
		struct irq *irq = NULL;
		int err = region_create_fixed(t->budget, REGION_DEVICE, base, pages, &r);

		if (err)
			return err;
		err = give(t, &r->obj, RW_REGION | RIGHT_PHYS, &bd->region);
		obj_put(&r->obj);
		if (err)
			return err;
		memcpy(bd->compatible, d->compatible, sizeof(bd->compatible));
		bd->base = d->reg.base;
		bd->size = range_size(d->reg);
		bd->intid = d->intid;
		if (!d->intid)
			continue;
		err = irq_create(t->budget, d->intid, &irq);
		if (!err)
			err = give(t, &irq->obj, RIGHT_CONTROL | RIGHT_DUP | RIGHT_XFER, &bd->irq);
		if (irq && !err)
			obj_put(&irq->obj);
		if (err)
			return err;
	}
	return 0;
}

static int give_modules(struct task *t, struct bootinfo *bi)
{
	for (uint64_t i = 0; i < boot_module_count && i < BOOTINFO_MAX_MOD; i++) {
		const struct boot_module *m = &boot_modules[i];
		struct bootinfo_module *bm = &bi->modules[bi->nmodules++];
		struct region *r;
		int err = region_create_fixed(t->budget, REGION_IMAGE, arch_virt_to_phys((void *)m->start),
					      (m->size + PAGE_SIZE - 1) / PAGE_SIZE, &r);

		if (err)
			return err;
		err = give(t, &r->obj, RO_REGION, &bm->region);
		obj_put(&r->obj);
		if (err)
			return err;
		memcpy(bm->name, m->name, sizeof(bm->name));
		bm->size = m->size;
	}
	return 0;
}

static int give_dtb(struct task *t, const struct platform *plat, struct bootinfo *bi)
{
	uint64_t base = plat->dtb_pa & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t pages = (plat->dtb_pa + plat->dtb_size - base + PAGE_SIZE - 1) / PAGE_SIZE;
	struct region *r;
	int err = region_create_fixed(t->budget, REGION_IMAGE, base, pages, &r);

	if (err)
		return err;
	err = give(t, &r->obj, RO_REGION, &bi->dtb_region);
	obj_put(&r->obj);
	bi->dtb_size = plat->dtb_size;
	return err;
}

/* give_self: the task, its space, its thread, the system object and the
 * exception endpoint, which the thread is attached to. */
static int give_self(struct task *t, struct thread *th, struct bootinfo *bi)
{
	struct endpoint *ep;
	struct object *sys;
	int err = give(t, &t->obj, RIGHT_ALL, &bi->self_task);

	if (!err)
		err = give(t, &t->aspace->obj, RIGHT_ALL, &bi->self_aspace);
	if (!err)
		err = give(t, &th->obj, RIGHT_ALL, &bi->self_thread);
	if (!err)
		err = obj_alloc(t->budget, OBJ_SYSTEM, sizeof(*sys), &sys);
	if (err)
		return err;
	err = give(t, sys, RIGHT_CONTROL | RIGHT_XFER, &bi->system);   /* init may delegate it */
	obj_put(sys);
	if (!err)
		err = endpoint_create(t->budget, &ep);
	if (err)
		return err;
	err = give(t, &ep->obj, RIGHT_ALL, &bi->exc_endpoint);
	th->exc_ep = ep;             /* the thread keeps the creation reference */
	return err;
}

static struct bootinfo bi;     /* too big for the nucleus stack */

static int make_init(const struct platform *plat, const struct boot_module *m, struct task *t)
{
	struct region *info, *ipcbuf;
	struct thread *th;
	uint64_t entry, sp;
	int err;

	memset(&bi, 0, sizeof(bi));
	bi.magic = BOOTINFO_MAGIC;
	bi.budget = t->budget->limit;
	memcpy(bi.bootargs, plat->bootargs, sizeof(bi.bootargs));
	err = load_elf(t, m, &entry);
	if (!err)
		err = build_stack(t, &sp);
	if (!err)
		err = thread_create(t, t->budget, entry, sp, BOOTINFO_ADDR, INIT_PRIO, &th);
	if (err)
		return err;
	err = give_self(t, th, &bi);
	if (!err)
		err = give_devices(t, plat, &bi);
	if (!err)
		err = give_modules(t, &bi);
	if (!err)
		err = give_dtb(t, plat, &bi);
	if (!err)
		err = new_region(t, IPCBUF_ADDR, 1, RIGHT_READ | RIGHT_WRITE, &ipcbuf);
	if (!err)
		err = new_region(t, BOOTINFO_ADDR, BOOTINFO_PAGES, RIGHT_READ, &info);
	if (err)
		return err;
	th->ipcbuf = IPCBUF_ADDR;
	copy_to_region(info, 0, &bi, sizeof(bi));
	thread_resume(th);
	obj_put(&th->obj);          /* init's handle keeps it */
	return 0;
}

int userboot(const struct platform *plat, struct frame_pool *fp)
{
	const struct boot_module *m = find_module("init");
	struct task *t;
	int err;

	if (!m) {
		kprintf("boot: no \"init\" boot module in the image\n");
		return ERR_NOENT;
	}
	root_budget = (struct budget){ .limit = fp->free * PAGE_SIZE - NUCLEUS_KEEP, .refs = 1 };
	err = task_create(&root_budget, root_budget.limit - PAGE_SIZE, 0, "init", &t);
	if (!err)
		err = make_init(plat, m, t);
	if (err) {
		kprintf("boot: cannot start init: %s\n", err_name(err));
		return err;
	}
	if (boot_module_count > BOOTINFO_MAX_MOD)
		kprintf("boot: only the first %d of %lu boot modules are given to init\n",
			BOOTINFO_MAX_MOD, (unsigned long)boot_module_count);
	kprintf("boot: init started: %lu KiB budget, %d devices, %lu boot modules\n",
		(unsigned long)(t->budget->limit >> 10), plat->ndevices,
		(unsigned long)boot_module_count);
	return 0;
}
