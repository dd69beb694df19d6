/*
 * cpu_names.c: MIDR_EL1 decoding (see cpu_names.h).  MIDR holds the
 * implementer [31:24], variant [23:20], part number [15:4] and revision
 * [3:0]; "r<variant>p<revision>" is how ARM names a CPU's revision.
 */
#include "cpu_names.h"
#include "fmt.h"

struct part {
	unsigned implementer, part;
	const char *name;
};

static const struct part parts[] = {
	{ 0x41, 0xd03, "Cortex-A53" },
	{ 0x41, 0xd04, "Cortex-A35" },
	{ 0x41, 0xd05, "Cortex-A55" },
	{ 0x41, 0xd07, "Cortex-A57" },
	{ 0x41, 0xd08, "Cortex-A72" },
	{ 0x41, 0xd09, "Cortex-A73" },
	{ 0x41, 0xd0a, "Cortex-A75" },
	{ 0x41, 0xd0b, "Cortex-A76" },
	{ 0x41, 0xd0c, "Neoverse-N1" },
	{ 0x41, 0xd40, "Neoverse-V1" },
	{ 0x41, 0xd41, "Cortex-A78" },
	{ 0x41, 0xd49, "Neoverse-N2" },
	{ 0x41, 0xd4f, "Neoverse-V2" },
	{ 0x00, 0x051, "QEMU max" },   /* QEMU's -cpu max: implementer 0 */
};

void cpu_name_of(uint64_t midr, char *buf, size_t size)
{
	unsigned impl = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;
	unsigned variant = (midr >> 20) & 0xf, rev = midr & 0xf;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i].implementer == impl && parts[i].part == part) {
			fmt_snprintf(buf, size, "%s r%up%u", parts[i].name, variant, rev);
			return;
		}
	}
	fmt_snprintf(buf, size, "implementer 0x%02x part 0x%03x r%up%u",
			impl, part, variant, rev);
}
