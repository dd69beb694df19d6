# Lichen: the one entry point.
#
#   make            build build/lichen.img (the nucleus and its boot modules)
#   make run        boot it in QEMU on the serial console (Ctrl-a x quits)
#   make debug      boot it halted with a gdb stub, and attach gdb-multiarch
#   make test       host unit tests, then system tests in QEMU; one summary line
#   make bench      benchmarks (figures in build/bench.txt)
#   make clean      remove build/ but keep the fetched dependencies
#
# The build is non-recursive: each part contributes a rules.mk fragment
# with its own object lists; everything generated goes under build/.

BUILD := build
comma := ,
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:          # keep intermediate objects (and keep make test's last line the summary)
.SUFFIXES:

include configs/build.mk
include configs/qemu.mk

# --- dependencies: installed or fetched by tools/deps.sh, once ------------
DEPS       := $(BUILD)/deps
DEPS_STAMP := $(DEPS)/.stamp
LIBFDT_DIR := $(DEPS)/libfdt/usr
BUSYBOX    := $(DEPS)/busybox-static/bin/busybox

$(DEPS_STAMP): tools/deps.sh
	@tools/deps.sh $(DEPS)
	@touch $@

deps: $(DEPS_STAMP)

# Parts append to these.
HOST_TESTS :=
SYSTEM_TEST_DIRS :=
SYSTEM_TEST_DEPS :=
BENCH_SCRIPTS :=
BENCH_DEPS :=
ALL_TARGETS := $(BUILD)/lichen.img

include tests/defs.mk
include init/rules.mk
include servers/uart/rules.mk
include servers/blk/rules.mk
include tests/nucleus/rules.mk
include tests/servers/rules.mk
include nucleus/rules.mk
-include servers/fat32fs/rules.mk
include servers/linuxpx/rules.mk
include tests/linuxpx/rules.mk
include tools/linuxref/rules.mk
include tests/rules.mk   # last: it uses the lists the parts filled in

all: $(ALL_TARGETS)

run: $(BUILD)/lichen.img $(BUILD)/root.img
	$(QEMU) $(QEMU_ARGS)

# debug: QEMU waits for gdb on tcp::1234; gdb loads the nucleus's symbols
# and the helpers in tools/gdb/lichen.gdb.
debug: $(BUILD)/lichen.img $(BUILD)/root.img
	@echo "QEMU is halted, waiting for gdb on localhost:1234"
	$(QEMU) $(QEMU_ARGS) -S -gdb tcp:127.0.0.1:1234 & \
	qpid=$$!; \
	gdb-multiarch -q -x tools/gdb/lichen.gdb -ex "target remote 127.0.0.1:1234" \
		$(BUILD)/nucleus.elf; \
	kill $$qpid 2>/dev/null; wait $$qpid 2>/dev/null; true

# bench: every script in BENCH_SCRIPTS prints "bench NAME VALUE UNIT
# [REF=VALUE ratio=R]" lines (DESIGN.md); they are shown and kept in
# build/bench.txt.
BENCH_SCRIPTS += tools/bench-boot.sh tools/bench-nucleus.sh tools/bench-blk.sh tools/bench-fs.sh \
	tools/bench-linuxpx.sh

bench: all $(BUILD)/lichen-test.img $(BUILD)/tools/mkfatimg $(BENCH_DEPS) \
		$(BUILD)/tests/linuxpx/pxbench
	@rm -f $(BUILD)/bench.txt
	@for s in $(BENCH_SCRIPTS); do \
	   BUILD=$(BUILD) QEMU=$(QEMU) $$s | tee -a $(BUILD)/bench.txt || exit 1; \
	 done

# soak: blk and uart crashed 1,000 times under a disk workload, then
# fat32fs 300 times under a file workload (not part of make test); one
# summary line each.
soak: $(BUILD)/lichen-test.img $(BUILD)/tools/mkfatimg
	@BUILD=$(BUILD) QEMU=$(QEMU) tools/soak.sh
	@BUILD=$(BUILD) QEMU=$(QEMU) tools/fssoak.sh

clean:
	find $(BUILD) -mindepth 1 -maxdepth 1 ! -name deps -exec rm -rf {} +

distclean:
	rm -rf $(BUILD)

.PHONY: all deps run debug test host-test system-test bench soak clean distclean
