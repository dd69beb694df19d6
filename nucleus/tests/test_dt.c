/*
 * test_dt.c: dt_parse against device trees nobody here wrote.
 *
 * 1. QEMU's own trees: the build dumps one per machine of DTB_MATRIX
 *    (configs/qemu.mk) with -M virt,dumpdtb=...; the manifest next to them
 *    says what each machine was (memory, CPUs, PSCI conduit), and the
 *    parse must agree.  The directory comes from argv[1] or DTB_DIR.
 * 2. Hand-made trees for what QEMU never produces: no memory node, a
 *    disabled one, several ranges in 32-bit cells, reservations, a console
 *    named by alias with options, a GICv3, and blobs that are not trees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "dt.h"
#include "error.h"

static const char *dtb_dir = "build/dtb";

/* --- QEMU's trees ------------------------------------------------------ */

static uint64_t parse_mem(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);

	return v << (*end == 'G' ? 30 : *end == 'M' ? 20 : 0);
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*size);
	assert_int_equal(fread(buf, 1, *size, f), *size);
	fclose(f);
	return buf;
}

static void check_qemu_tree(const char *name, const char *mem, int smp, const char *psci)
{
	char path[512];
	size_t size;
	struct platform plat;
	void *fdt;

	snprintf(path, sizeof(path), "%s/%s.dtb", dtb_dir, name);
	fdt = read_file(path, &size);
	assert_int_equal(dt_parse(fdt, size, 0x48000000, &plat), 0);
	assert_int_equal(plat.dtb_size, fdt_totalsize(fdt));
	assert_int_equal(plat.nmem, 1);
	assert_int_equal(plat.mem[0].base, 0x40000000);
	assert_int_equal(range_size(plat.mem[0]), parse_mem(mem));
	assert_int_equal(plat.ncpus, smp);
	assert_int_equal(plat.psci, !strcmp(psci, "smc") ? PSCI_SMC : PSCI_HVC);
	assert_int_equal(plat.gic_version, 2);
	assert_int_equal(plat.gicd.base, 0x08000000);
	assert_int_equal(range_size(plat.gicd), 0x10000);
	assert_int_equal(plat.gicc.base, 0x08010000);
	assert_int_equal(plat.timer_irq, 27);          /* PPI 11: the virtual timer */
	assert_true(plat.uart_found);
	assert_int_equal(plat.uart.base, 0x09000000);
	assert_int_equal(range_size(plat.uart), 0x1000);
	assert_int_equal(plat.nresv, 0);
	assert_string_equal(plat.bootargs, "");
	assert_string_equal(plat.model, "linux,dummy-virt");
	free(fdt);
}

static void test_qemu_trees(void **state)
{
	char path[512], name[64], cpu[32], mem[16], machine[64], psci[8];
	int smp, n = 0;
	FILE *m;

	(void)state;
	snprintf(path, sizeof(path), "%s/manifest", dtb_dir);
	m = fopen(path, "r");
	assert_non_null(m);
	while (fscanf(m, "%63s %31s %15s %d %63s %7s", name, cpu, mem, &smp, machine, psci) == 6) {
		print_message("# %s: -cpu %s -m %s -smp %d -M %s\n", name, cpu, mem, smp, machine);
		check_qemu_tree(name, mem, smp, psci);
		n++;
	}
	fclose(m);
	assert_true(n >= 4);
}

/* --- hand-made trees ------------------------------------------------------ */

static char tree[8192];

static void prop_cells(const char *name, const uint32_t *cells, int n)
{
	fdt32_t be[16];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	assert_int_equal(fdt_property(tree, name, be, n * 4), 0);
}

static void begin(void)
{
	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
}

/* begin_root: an empty reservation map, then the root node with the
 * given #address-cells and #size-cells. */
static void begin_root(int cells)
{
	uint32_t c = (uint32_t)cells;

	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	prop_cells("#address-cells", &c, 1);
	prop_cells("#size-cells", &c, 1);
}

static void node_uart(void)
{
	static const uint32_t reg[] = { 0, 0x9000000, 0, 0x1000 };

	fdt_begin_node(tree, "pl011@9000000");
	fdt_property_string(tree, "compatible", "arm,pl011");
	prop_cells("reg", reg, 4);
	fdt_end_node(tree);
}

static void node_memory(const char *name, const uint32_t *reg, int n, const char *status)
{
	fdt_begin_node(tree, name);
	fdt_property_string(tree, "device_type", "memory");
	prop_cells("reg", reg, n);
	if (status)
		fdt_property_string(tree, "status", status);
	fdt_end_node(tree);
}

static void finish(void)
{
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
}

static void test_no_memory_node(void **state)
{
	struct platform plat;

	(void)state;
	begin();
	begin_root(2);
	node_uart();
	finish();
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), 0);
	assert_int_equal(plat.nmem, 0);
	assert_true(plat.uart_found);   /* the console still works to say so */
	assert_int_equal(plat.gic_version, 0);
	assert_int_equal(plat.psci, PSCI_NONE);
}

static void test_disabled_memory_is_ignored(void **state)
{
	static const uint32_t reg[] = { 0, 0x40000000, 0, 0x8000000 };
	struct platform plat;

	(void)state;
	begin();
	begin_root(2);
	node_memory("memory@40000000", reg, 4, "disabled");
	finish();
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), 0);
	assert_int_equal(plat.nmem, 0);
}

static void test_ranges_in_32bit_cells(void **state)
{
	static const uint32_t a[] = { 0x40000000, 0x1000000, 0x60000000, 0x2000000 };
	static const uint32_t b[] = { 0x80000000, 0x400000 };
	struct platform plat;

	(void)state;
	begin();
	begin_root(1);
	node_memory("memory@40000000", a, 4, "okay");
	node_memory("memory@80000000", b, 2, NULL);
	finish();
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), 0);
	assert_int_equal(plat.nmem, 3);
	assert_int_equal(plat.mem[0].base, 0x40000000);
	assert_int_equal(plat.mem[0].end, 0x41000000);
	assert_int_equal(plat.mem[1].base, 0x60000000);
	assert_int_equal(plat.mem[2].end, 0x80400000);
}

static void test_reservations(void **state)
{
	static const uint32_t mem[] = { 0, 0x40000000, 0, 0x10000000 };
	static const uint32_t fw[] = { 0, 0x4e000000, 0, 0x200000 };
	static const uint32_t pool[] = { 0, 0x4f000000, 0, 0x100000 };
	uint32_t two = 2;
	struct platform plat;

	(void)state;
	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_add_reservemap_entry(tree, 0x48000000, 0x10000), 0);
	assert_int_equal(fdt_add_reservemap_entry(tree, 0x48008000, 0x10000), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	fdt_begin_node(tree, "");
	prop_cells("#address-cells", &two, 1);
	prop_cells("#size-cells", &two, 1);
	node_memory("memory@40000000", mem, 4, NULL);
	fdt_begin_node(tree, "reserved-memory");
	prop_cells("#address-cells", &two, 1);
	prop_cells("#size-cells", &two, 1);
	fdt_property(tree, "ranges", NULL, 0);
	fdt_begin_node(tree, "secure@4e000000");
	prop_cells("reg", fw, 4);
	fdt_property(tree, "no-map", NULL, 0);
	fdt_end_node(tree);
	fdt_begin_node(tree, "pool@4f000000");
	prop_cells("reg", pool, 4);
	fdt_end_node(tree);
	fdt_begin_node(tree, "dynamic");       /* size only: not a fixed range */
	prop_cells("size", pool + 2, 2);
	fdt_end_node(tree);
	fdt_end_node(tree);
	finish();
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), 0);
	assert_int_equal(plat.nresv, 4);
	assert_int_equal(plat.resv[0].r.base, 0x48000000);
	assert_string_equal(plat.resv[1].what, "/memreserve/ #1");
	assert_int_equal(plat.resv[2].r.base, 0x4e000000);
	assert_true(plat.resv[2].nomap);
	assert_string_equal(plat.resv[2].what, "/reserved-memory/secure@4e000000");
	assert_false(plat.resv[3].nomap);
}

static void test_console_by_alias_with_options(void **state)
{
	static const uint32_t other[] = { 0, 0x1c090000, 0, 0x1000 };
	struct platform plat;

	(void)state;
	begin();
	begin_root(2);
	fdt_begin_node(tree, "aliases");
	fdt_property_string(tree, "serial0", "/uart@1c090000");
	fdt_end_node(tree);
	fdt_begin_node(tree, "chosen");
	fdt_property_string(tree, "stdout-path", "serial0:115200n8");
	fdt_property_string(tree, "bootargs", "console=ttyAMA0 selftest");
	fdt_end_node(tree);
	node_uart();   /* the first PL011, but not the one chosen */
	fdt_begin_node(tree, "uart@1c090000");
	fdt_property_string(tree, "compatible", "arm,pl011");
	prop_cells("reg", other, 4);
	fdt_end_node(tree);
	finish();
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), 0);
	assert_true(plat.uart_found);
	assert_int_equal(plat.uart.base, 0x1c090000);
	assert_string_equal(plat.bootargs, "console=ttyAMA0 selftest");
}

static void test_gicv3_is_recognised(void **state)
{
	static const uint32_t reg[] = { 0, 0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0xf60000 };
	struct platform plat;

	(void)state;
	begin();
	begin_root(2);
	fdt_begin_node(tree, "intc@8000000");
	fdt_property_string(tree, "compatible", "arm,gic-v3");
	prop_cells("reg", reg, 8);
	fdt_end_node(tree);
	finish();
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), 0);
	assert_int_equal(plat.gic_version, 3);
	assert_int_equal(plat.gicd.base, 0x8000000);
}

static void test_not_a_tree(void **state)
{
	static const uint32_t reg[] = { 0, 0x40000000, 0, 0x8000000 };
	struct platform plat;
	char junk[256];

	(void)state;
	memset(junk, 0xa5, sizeof(junk));
	assert_int_equal(dt_parse(junk, sizeof(junk), 0, &plat), ERR_INVAL);
	assert_int_equal(dt_parse(junk, 4, 0, &plat), ERR_INVAL);
	begin();
	begin_root(2);
	node_memory("memory@40000000", reg, 4, NULL);
	finish();
	/* a tree that claims more bytes than are readable */
	assert_int_equal(dt_parse(tree, fdt_totalsize(tree) - 1, 0, &plat), ERR_INVAL);
	((fdt32_t *)tree)[1] = cpu_to_fdt32(0x7fffffff);   /* totalsize */
	assert_int_equal(dt_parse(tree, sizeof(tree), 0, &plat), ERR_INVAL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_trees),
		cmocka_unit_test(test_no_memory_node),
		cmocka_unit_test(test_disabled_memory_is_ignored),
		cmocka_unit_test(test_ranges_in_32bit_cells),
		cmocka_unit_test(test_reservations),
		cmocka_unit_test(test_console_by_alias_with_options),
		cmocka_unit_test(test_gicv3_is_recognised),
		cmocka_unit_test(test_not_a_tree),
	};

	if (argc > 1)
		dtb_dir = argv[1];
	else if (getenv("DTB_DIR"))
		dtb_dir = getenv("DTB_DIR");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
