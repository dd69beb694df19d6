# tests/rules.mk: the two test layers and the summary line.
#
# Host unit tests: a part declares one with
#   $(eval $(call host_test,NAME,SOURCES,LIBS,CFLAGS))
# which builds $(BUILD)/host/NAME from SOURCES with the host compiler and
# sanitizers, and adds it to HOST_TESTS.  tests/run-host.sh runs them all.
#
# System tests: a part adds a folder of case files (*.case, format in
# tests/run-system.sh) to SYSTEM_TEST_DIRS, and what they boot to
# SYSTEM_TEST_DEPS.

SYSTEM_TEST_DIRS += tests/system/boot
SYSTEM_TEST_DEPS += $(BUILD)/lichen.img $(BUILD)/dtb/bad/no-memory.dtb \
	$(BUILD)/dtb/bad/overlap-reserved.dtb $(BUILD)/tests/boot-stub.bin

# The table of native calls in docs/ is generated from syscalls.def and
# must be current (a TAP script, run with the host tests).
HOST_TESTS += $(BUILD)/host/abi_doc
$(BUILD)/host/abi_doc: tools/gen-abi-doc.sh
	@mkdir -p $(@D)
	@printf '#!/bin/sh\ncd %s && exec tools/gen-abi-doc.sh --check\n' "$(CURDIR)" > $@
	@chmod +x $@

RESULTS := $(BUILD)/results

host-test: $(HOST_TESTS)
	@tests/run-host.sh $(RESULTS)/host.txt $(HOST_TESTS)

system-test: $(SYSTEM_TEST_DEPS)
	@tests/run-system.sh $(RESULTS)/system.txt $(SYSTEM_TEST_DIRS)

# test: both layers run even when the first fails; the summary decides.
test: $(HOST_TESTS) $(SYSTEM_TEST_DEPS)
	@rm -rf $(RESULTS)
	@tests/run-host.sh $(RESULTS)/host.txt $(HOST_TESTS); \
	 tests/run-system.sh $(RESULTS)/system.txt $(SYSTEM_TEST_DIRS); \
	 tests/summary.sh $(RESULTS)

# Device trees for tests, dumped from QEMU itself (never committed): the
# manifest lists DTB_MATRIX one tree per line; tools/dump-dtbs.sh asks QEMU
# for each, and the dt.c unit test reads the manifest to know what each
# tree must contain.

$(DTB_DIR)/manifest: configs/qemu.mk tools/dump-dtbs.sh | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@printf '%s %s %s %s %s %s\n' $(DTB_MATRIX) > $@.tmp
	@QEMU=$(QEMU) tools/dump-dtbs.sh $@.tmp $(DTB_DIR)
	@mv $@.tmp $@

$(DTB_DIR)/a72-128m-1.dtb: $(DTB_DIR)/manifest

# Broken device trees for the boot tests of bad input: QEMU's own tree,
# edited with tools/dtb-edit.sh (dtc from Debian's device-tree-compiler).
$(BUILD)/dtb/bad/%.dtb: $(BUILD)/dtb/a72-128m-1.dtb tools/dtb-edit.sh
	@mkdir -p $(@D)
	@echo "DTBEDIT $@"
	@tools/dtb-edit.sh $* $< $@

# A minimal boot loader (QEMU -bios) that hands a device tree to the
# image untouched, for trees QEMU's -kernel path would rewrite.
$(BUILD)/tests/boot-stub.bin: tests/boot-stub/stub.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "KAS     $<"
	@$(KCC) -nostdlib -static -no-pie -Wl,-Ttext=0 -Wl,--build-id=none -o $(@:.bin=.elf) $<
	@$(KOBJCOPY) -O binary $(@:.bin=.elf) $@
