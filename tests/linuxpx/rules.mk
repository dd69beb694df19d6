# tests/linuxpx/rules.mk: Linux programs for linuxpx's tests, built as
# any Linux program is (static, musl), and put on a test disk by
# tests/system/linuxpx/px-check.sh.
LINUXPX_TEST_PROGS := pxhello pxfiles pxfuzz pxbench

$(BUILD)/tests/linuxpx/%: tests/linuxpx/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "UCC     $@"
	@$(UCC) -std=gnu11 -O2 $(WARN) -static -o $@ $<

SYSTEM_TEST_DIRS += tests/system/linuxpx
SYSTEM_TEST_DEPS += $(LINUXPX_TEST_PROGS:%=$(BUILD)/tests/linuxpx/%) $(BUILD)/lichen.img $(BUILD)/tools/mkfatimg
