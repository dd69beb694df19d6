/*
 * dt.c: device tree parsing with libfdt.
 *
 * Reads, once at boot, everything the nucleus needs: RAM ranges, reserved
 * ranges (/memreserve/ and /reserved-memory), the GIC, the timer's
 * interrupt, the console UART, the PSCI conduit, the number of CPUs and
 * /chosen/bootargs.  Addresses are read with the cell sizes of each node's
 * parent; bus "ranges" translation is not applied (QEMU's virt puts every
 * device at the root, where no translation exists).
 *
 * On the nucleus this runs on Debian's libfdt.a; in host unit tests on the
 * host's libfdt, against device trees dumped from QEMU itself.
 */
#include "dt.h"
#include "error.h"

#include <libfdt.h>
#include <string.h>

#include "fmt.h"

/* node_ok: a node is usable unless its status says otherwise. */
static int node_ok(const void *fdt, int node)
{
	int len;
	const char *st = fdt_getprop(fdt, node, "status", &len);

	return !st || !strcmp(st, "okay") || !strcmp(st, "ok");
}

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* read_reg_in: the index-th (address, size) pair of node's "reg", in
 * the cell sizes of its parent (given: libfdt finds a parent only by
 * scanning from the root).  Returns 0, or ERR_NOENT when there is none. */
static int read_reg_in(const void *fdt, int parent, int node, int index, struct range *out)
{
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return ERR_NOENT;
	if ((index + 1) * (ac + sc) * 4 > len)
		return ERR_NOENT;
	reg += index * (ac + sc);
	out->base = read_cells(reg, ac);
	out->end = out->base + read_cells(reg + ac, sc);
	if (out->end < out->base)
		return ERR_NOENT;
	return 0;
}

static int read_reg(const void *fdt, int node, int index, struct range *out)
{
	return read_reg_in(fdt, fdt_parent_offset(fdt, node), node, index, out);
}

static void add_reserved(struct platform *plat, struct range r, int nomap,
			 const char *what)
{
	struct reserved *rv;

	if (plat->nresv == PLAT_MAX_RANGES) {
		plat->dropped_ranges++;
		return;
	}
	rv = &plat->resv[plat->nresv++];
	rv->r = r;
	rv->nomap = nomap;
	fmt_snprintf(rv->what, sizeof(rv->what), "%s", what);
}

static void parse_memory(const void *fdt, struct platform *plat)
{
	struct range r;
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);

	for (; node >= 0;
	     node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7)) {
		if (!node_ok(fdt, node))
			continue;
		int parent = fdt_parent_offset(fdt, node);

		for (int i = 0; read_reg_in(fdt, parent, node, i, &r) == 0; i++) {
			if (r.end == r.base)
				continue;
			if (plat->nmem == PLAT_MAX_RANGES) {
				plat->dropped_ranges++;
				continue;
			}
			plat->mem[plat->nmem++] = r;
		}
	}
}

static void parse_reserved(const void *fdt, struct platform *plat)
{
	uint64_t addr, size;
	struct range r;
	char what[40];
	int n = fdt_num_mem_rsv(fdt), parent, node;

	for (int i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &addr, &size) < 0 || !size)
			continue;
		fmt_snprintf(what, sizeof(what), "/memreserve/ #%d", i);
		add_reserved(plat, (struct range){ addr, addr + size }, 0, what);
	}
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent) {
		if (!node_ok(fdt, node) || read_reg_in(fdt, parent, node, 0, &r) < 0)
			continue;   /* dynamic reservations (size only) are not used */
		fmt_snprintf(what, sizeof(what), "/reserved-memory/%s",
			    fdt_get_name(fdt, node, NULL));
		add_reserved(plat, r, fdt_getprop(fdt, node, "no-map", NULL) != NULL, what);
	}
}

/* find_console: /chosen/stdout-path if it names a PL011, else the first
 * usable PL011. */
static void parse_console(const void *fdt, struct platform *plat)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len, node = -1;
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;

	if (path) {
		const char *colon = strchr(path, ':');
		int n = colon ? (int)(colon - path) : (int)strlen(path);

		const char *full = path[0] == '/' ? NULL : fdt_get_alias_namelen(fdt, path, n);

		if (path[0] == '/')
			node = fdt_path_offset_namelen(fdt, path, n);
		else if (full)
			node = fdt_path_offset(fdt, full);
		if (node >= 0 && fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
			node = -1;
	}
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	while (node >= 0 && !node_ok(fdt, node))
		node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011");
	if (node >= 0 && read_reg(fdt, node, 0, &plat->uart) == 0)
		plat->uart_found = 1;
}

static int find_compatible(const void *fdt, const char *const *list)
{
	for (; *list; list++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, *list);

		if (node >= 0 && node_ok(fdt, node))
			return node;
	}
	return -1;
}

static void parse_gic(const void *fdt, struct platform *plat)
{
	static const char *const v2[] = { "arm,cortex-a15-gic", "arm,gic-400",
					  "arm,cortex-a9-gic", NULL };
	static const char *const v3[] = { "arm,gic-v3", NULL };
	int node = find_compatible(fdt, v2);

	if (node >= 0) {
		if (read_reg(fdt, node, 0, &plat->gicd) == 0 &&
		    read_reg(fdt, node, 1, &plat->gicc) == 0)
			plat->gic_version = 2;
		return;
	}
	node = find_compatible(fdt, v3);
	if (node >= 0 && read_reg(fdt, node, 0, &plat->gicd) == 0)
		plat->gic_version = 3;
}

/* parse_timer: the EL1 virtual timer is the third interrupt of the
 * architected timer node (secure, non-secure, virtual, hypervisor). */
static void parse_timer(const void *fdt, struct platform *plat)
{
	static const char *const compat[] = { "arm,armv8-timer", "arm,armv7-timer", NULL };
	int node = find_compatible(fdt, compat), len;
	const fdt32_t *irq = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;

	if (!irq || len < 3 * 3 * 4)
		return;
	irq += 2 * 3;
	/* type 1 is a PPI, numbered from INTID 16; type 0 an SPI, from 32 */
	plat->timer_irq = fdt32_to_cpu(irq[1]) + (fdt32_to_cpu(irq[0]) == 1 ? 16 : 32);
}

static void parse_psci(const void *fdt, struct platform *plat)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL };
	int node = find_compatible(fdt, compat), len;
	const char *m = node >= 0 ? fdt_getprop(fdt, node, "method", &len) : NULL;

	if (m && !strcmp(m, "hvc"))
		plat->psci = PSCI_HVC;
	else if (m && !strcmp(m, "smc"))
		plat->psci = PSCI_SMC;
}

static void parse_cpus(const void *fdt, struct platform *plat)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;

	if (cpus < 0)
		return;
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", &len);

		if (type && !strcmp(type, "cpu") && node_ok(fdt, node))
			plat->ncpus++;
	}
}

static void parse_chosen(const void *fdt, struct platform *plat)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), alen, mlen;
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", &alen) : NULL;
	const char *model = fdt_getprop(fdt, 0, "model", &mlen);

	if (!model)
		model = fdt_getprop(fdt, 0, "compatible", &mlen);
	if (args)
		fmt_snprintf(plat->bootargs, sizeof(plat->bootargs), "%.*s", alen, args);
	if (model)
		fmt_snprintf(plat->model, sizeof(plat->model), "%.*s", mlen, model);
}

/* device_intid: the first interrupt of node, if it is a shared one. */
static unsigned device_intid(const void *fdt, int node)
{
	int len;
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

	if (!irq || len < 12 || fdt32_to_cpu(irq[0]) != 0)
		return 0;
	return 32 + fdt32_to_cpu(irq[1]);
}

/* parse_devices: every top-level node with a compatible and registers,
 * except what the nucleus keeps (memory, the GIC). */
static void parse_devices(const void *fdt, struct platform *plat)
{
	int node, len;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *compat = fdt_getprop(fdt, node, "compatible", &len);
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		struct plat_device *d;

		if (!compat || !node_ok(fdt, node) || (type && !strcmp(type, "memory")) ||
		    fdt_getprop(fdt, node, "interrupt-controller", NULL))
			continue;
		if (plat->ndevices == PLAT_MAX_DEVICES) {
			plat->dropped_ranges++;
			return;
		}
		d = &plat->devices[plat->ndevices];
		if (read_reg_in(fdt, 0, node, 0, &d->reg) != 0 || d->reg.end == d->reg.base)
			continue;
		fmt_snprintf(d->compatible, sizeof(d->compatible), "%s", compat);
		d->intid = device_intid(fdt, node);
		plat->ndevices++;
	}
}

int dt_parse(const void *fdt, size_t max_size, uint64_t dtb_pa, struct platform *plat)
{
	memset(plat, 0, sizeof(*plat));
	if (max_size < sizeof(struct fdt_header) || fdt_magic(fdt) != FDT_MAGIC ||
	    fdt_totalsize(fdt) > max_size || fdt_check_header(fdt) != 0)
		return ERR_INVAL;
	plat->dtb_pa = dtb_pa;
	plat->dtb_size = fdt_totalsize(fdt);
	parse_memory(fdt, plat);
	parse_reserved(fdt, plat);
	parse_console(fdt, plat);
	parse_gic(fdt, plat);
	parse_timer(fdt, plat);
	parse_psci(fdt, plat);
	parse_cpus(fdt, plat);
	parse_chosen(fdt, plat);
	parse_devices(fdt, plat);
	return 0;
}
