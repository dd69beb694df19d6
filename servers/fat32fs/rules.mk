# servers/fat32fs/rules.mk: the FAT32 core, its host tool (mkfatimg), the
# root disk image, host unit tests, fuzzing and host benchmarks.
#
#   make build/root.img   the root disk: a bare FAT32 volume with /bin/busybox
#   make host-test        includes the fat_* tests below
#   make fuzz             runs each FAT fuzz target for FUZZ_SECONDS (60)
#   make bench            runs tools/bench-fat-host.sh among BENCH_SCRIPTS

FAT_DIR       := servers/fat32fs
FAT_CORE_SRCS := $(wildcard $(FAT_DIR)/core/*.c)
FAT_CORE_HDRS := $(wildcard $(FAT_DIR)/core/*.h)
FAT_HOSTDEV   := tools/mkfatimg/hostdev.c
FAT_INC       := -I$(FAT_DIR)/core -Itools/mkfatimg -I$(FAT_DIR)/tests

# --- the host tool, optimized and without sanitizers (the build and benchmarks use it)
MKFATIMG := $(BUILD)/tools/mkfatimg
$(MKFATIMG): $(FAT_CORE_SRCS) $(FAT_CORE_HDRS) tools/mkfatimg/mkfatimg.c $(FAT_HOSTDEV) \
		tools/mkfatimg/hostdev.h
	@mkdir -p $(@D)
	@echo "HOSTCC  $@"
	@$(HOSTCC) -std=gnu11 -O2 -g $(WARN) $(FAT_INC) -o $@ $(FAT_CORE_SRCS) \
		tools/mkfatimg/mkfatimg.c $(FAT_HOSTDEV)

# --- the root disk: a bare 64 MiB FAT32 volume made by Lichen's own code
# (busybox comes from tools/deps.sh).
$(BUSYBOX): | $(DEPS_STAMP)
$(BUILD)/root.img: $(BUSYBOX) $(MKFATIMG)
	@echo "MKFAT   $@"
	@$(ROOTIMG_CMD) $@.tmp
	@mv $@.tmp $@

ALL_TARGETS += $(BUILD)/root.img

# --- host unit tests (CMocka, ASan+UBSan), on images made by mkfs.fat and mtools
FAT_TEST_COMMON := $(FAT_CORE_SRCS) $(FAT_HOSTDEV) $(FAT_DIR)/tests/fat_test_util.c
FAT_TESTS := fat_read fat_write fat_random fat_corrupt

$(foreach t,$(FAT_TESTS),$(eval $(call host_test,$(t),\
	$(FAT_DIR)/tests/test_$(t).c $(FAT_TEST_COMMON),,$(FAT_INC))))
$(addprefix $(BUILD)/host/,$(FAT_TESTS)): $(FAT_CORE_HDRS) tools/mkfatimg/hostdev.h \
	$(FAT_DIR)/tests/fat_test_util.h $(MKFATIMG)

# The root image as the build makes it, checked by fsck.fat and mtools (a
# TAP-printing script).  It checks a fresh copy made by the same command:
# build/root.img itself is marked in use by every boot that mounts it.
ROOTIMG_CMD = $(MKFATIMG) -s 64M -L LICHEN -a $(BUSYBOX)=/bin/busybox
FRESH_ROOTIMG := $(BUILD)/host/root-fresh.img
$(FRESH_ROOTIMG): $(BUSYBOX) $(MKFATIMG)
	@mkdir -p $(@D)
	@rm -f $@ && $(ROOTIMG_CMD) $@ >/dev/null

HOST_TESTS += $(BUILD)/host/fat_rootimg
$(BUILD)/host/fat_rootimg: $(FAT_DIR)/tests/rootimg.sh $(FRESH_ROOTIMG) $(BUSYBOX)
	@mkdir -p $(@D)
	@sed -e 's|@ROOTIMG@|$(FRESH_ROOTIMG)|' -e 's|@BUSYBOX@|$(BUSYBOX)|' \
		-e 's|@MKFATIMG@|$(MKFATIMG)|' $< > $@
	@chmod +x $@

# --- fuzzing: libFuzzer targets for mount and directory parsing
FUZZ_CC      := clang
FUZZ_CFLAGS  := -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all $(FAT_INC)
FUZZ_SECONDS ?= 60
FAT_FUZZ     := $(BUILD)/fuzz/fat_mount_fuzz
FAT_SEEDS    := $(BUILD)/fuzz/fat_seeds/.stamp

$(FAT_FUZZ): $(FAT_DIR)/fuzz/fuzz_mount.c $(FAT_CORE_SRCS) $(FAT_CORE_HDRS)
	@mkdir -p $(@D)
	@echo "FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FAT_CORE_SRCS)

$(FAT_SEEDS): $(FAT_DIR)/fuzz/make-seeds.sh $(MKFATIMG)
	@$(FAT_DIR)/fuzz/make-seeds.sh $(MKFATIMG) $(@D)
	@touch $@

fuzz: $(FAT_FUZZ) $(FAT_SEEDS)
	@$(FAT_DIR)/fuzz/run-fuzz.sh $(FAT_FUZZ) $(BUILD)/fuzz/fat_seeds $(BUILD)/fuzz/work $(FUZZ_SECONDS)

# make test runs the fuzzer briefly, through a TAP-printing wrapper.
HOST_TESTS += $(BUILD)/host/fat_fuzz_smoke
$(BUILD)/host/fat_fuzz_smoke: $(FAT_DIR)/fuzz/run-fuzz.sh $(FAT_FUZZ) $(FAT_SEEDS)
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec %s %s %s %s 5 tap\n' "$(CURDIR)/$<" "$(CURDIR)/$(FAT_FUZZ)" \
		"$(CURDIR)/$(BUILD)/fuzz/fat_seeds" "$(CURDIR)/$(BUILD)/fuzz/work" > $@
	@chmod +x $@

# --- host benchmarks (figures fat.host.*), against mtools in the same run
BENCH_SCRIPTS += tools/bench-fat-host.sh
fat-bench: $(MKFATIMG)
	@MKFATIMG=$(MKFATIMG) BUILD=$(BUILD) tools/bench-fat-host.sh

.PHONY: fuzz fat-bench

# --- the server: the core, speaking lichen/fs.h on blk (a boot module)
FAT_SERVER_SRCS := $(FAT_DIR)/server.c $(FAT_DIR)/ops.c $(FAT_CORE_SRCS)
FAT_SERVER_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(FAT_SERVER_SRCS))

$(FAT_SERVER_OBJS): UCFLAGS += -I$(FAT_DIR)/core -I$(FAT_DIR)

$(BUILD)/servers/fat32fs: $(FAT_SERVER_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -o $@ $^

BOOT_MODULES += fat32fs=$(BUILD)/servers/fat32fs

-include $(FAT_SERVER_OBJS:.o=.d)
