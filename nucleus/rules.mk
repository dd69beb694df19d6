# nucleus/rules.mk: the nucleus, linked with Debian's libfdt into
# build/nucleus.elf (with symbols, for gdb) and build/lichen.img (the
# flat Linux arm64 Image that QEMU's -kernel loads).

NUCLEUS_C := \
	nucleus/main.c nucleus/dt.c nucleus/memmap.c nucleus/frame.c \
	nucleus/bootargs.c nucleus/printk.c nucleus/panic.c nucleus/selftest.c \
	nucleus/budget.c nucleus/kmem.c nucleus/object.c nucleus/handle.c \
	nucleus/task.c nucleus/aspace.c nucleus/thread.c nucleus/sched.c \
	nucleus/endpoint.c nucleus/ipc.c nucleus/reply.c nucleus/notify.c \
	nucleus/region.c nucleus/irq.c nucleus/entry.c nucleus/userboot.c \
	nucleus/syscall.c nucleus/sys_ipc.c nucleus/sys_mem.c nucleus/sys_task.c \
	nucleus/sys_misc.c nucleus/fastpath.c nucleus/fastpath_ipc.c \
	nucleus/lib/string.c nucleus/lib/mem.c nucleus/lib/fmt.c nucleus/lib/stackprot.c nucleus/lib/elf.c \
	nucleus/arch/aarch64/mmu.c nucleus/arch/aarch64/pgtable.c \
	nucleus/arch/aarch64/gic.c nucleus/arch/aarch64/timer.c \
	nucleus/arch/aarch64/pl011.c nucleus/arch/aarch64/psci.c \
	nucleus/arch/aarch64/trap.c nucleus/arch/aarch64/esr.c \
	nucleus/arch/aarch64/cpu.c nucleus/arch/aarch64/cpu_names.c \
	nucleus/arch/aarch64/selftest_arch.c nucleus/arch/aarch64/user.c
NUCLEUS_S := nucleus/arch/aarch64/head.S nucleus/arch/aarch64/vectors.S \
	nucleus/arch/aarch64/fpsimd.S
NUCLEUS_LDS := nucleus/arch/aarch64/nucleus.ld

NUCLEUS_OBJS := $(NUCLEUS_C:%.c=$(BUILD)/%.o) $(NUCLEUS_S:%.S=$(BUILD)/%.o)

# Boot modules: NAME=FILE pairs packed into the image; parts add to it.
BOOT_MODULES := init=$(BUILD)/init/init $(BOOT_MODULES)
BOOT_MODULE_FILES = $(foreach m,$(BOOT_MODULES),$(word 2,$(subst =, ,$(m))))

TEST_MODULE_FILES = $(foreach m,$(TEST_MODULES),$(word 2,$(subst =, ,$(m))))

# The image for users carries BOOT_MODULES; the test image (for the
# in-QEMU tests of tests/nucleus) also TEST_MODULES.
# (regenerated at every make; the file changes only when the list does)
$(BUILD)/nucleus/modules.S: tools/gen-modules.sh FORCE
	@mkdir -p $(@D)
	@tools/gen-modules.sh $@ $(BOOT_MODULES)

$(BUILD)/nucleus/modules-test.S: tools/gen-modules.sh FORCE
	@mkdir -p $(@D)
	@tools/gen-modules.sh $@ $(BOOT_MODULES) $(TEST_MODULES)

.PHONY: FORCE
FORCE:

.SECONDEXPANSION:
$(BUILD)/nucleus/modules.o: $(BUILD)/nucleus/modules.S $$(BOOT_MODULE_FILES)
	@echo "KAS     $<"
	@$(KCC) $(KASFLAGS) -c $< -o $@

$(BUILD)/nucleus/modules-test.o: $(BUILD)/nucleus/modules-test.S $$(BOOT_MODULE_FILES) \
		$$(TEST_MODULE_FILES)
	@echo "KAS     $<"
	@$(KCC) $(KASFLAGS) -c $< -o $@

$(BUILD)/nucleus-test.elf: $(NUCLEUS_OBJS) $(BUILD)/nucleus/modules-test.o $(NUCLEUS_LDS) $(LIBFDT_A) \
		$(BUILD)/nucleus/fastpath_ipc.checked
	@echo "KLD     $@"
	@$(KCC) $(KLDFLAGS) -T $(NUCLEUS_LDS) -o $@ $(NUCLEUS_OBJS) \
		$(BUILD)/nucleus/modules-test.o $(LIBFDT_A) -lgcc

$(BUILD)/lichen-test.img: $(BUILD)/nucleus-test.elf
	@echo "IMAGE   $@"
	@$(KOBJCOPY) -O binary $< $@
LIBFDT_A := $(LIBFDT_DIR)/lib/aarch64-linux-gnu/libfdt.a

# fastpath_ipc.c runs with the message words of an IPC in x2-x15, which
# it must leave alone: the compiler may not use them, and the callee-saved
# registers it may use freely (vectors.S has saved the thread's).
# tools/check-fastpath.sh checks the object code; the nucleus links only
# once it passed.
FASTPATH_REGS := 2 3 4 5 6 7 8 9 10 11 12 13 14 15
$(BUILD)/nucleus/fastpath_ipc.o: KCFLAGS += $(FASTPATH_REGS:%=-ffixed-x%) \
	-fomit-frame-pointer $(foreach r,19 20 21 22 23 24 25 26 27 28,-fcall-used-x$(r))
$(BUILD)/nucleus/fastpath_ipc.checked: $(BUILD)/nucleus/fastpath_ipc.o tools/check-fastpath.sh
	@echo "CHECK   $<"
	@tools/check-fastpath.sh $< $@

# libfdt's headers come from the unpacked arm64 package; only dt.c needs them.
$(BUILD)/nucleus/dt.o: KCFLAGS += -I$(LIBFDT_DIR)/include

$(BUILD)/nucleus/%.o: nucleus/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "KCC     $<"
	@$(KCC) $(KCFLAGS) -c $< -o $@

$(BUILD)/nucleus/%.o: nucleus/%.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "KAS     $<"
	@$(KCC) $(KASFLAGS) -c $< -o $@

$(BUILD)/nucleus.elf: $(NUCLEUS_OBJS) $(BUILD)/nucleus/modules.o $(NUCLEUS_LDS) $(LIBFDT_A) \
		$(BUILD)/nucleus/fastpath_ipc.checked
	@echo "KLD     $@"
	@$(KCC) $(KLDFLAGS) -T $(NUCLEUS_LDS) -o $@ $(NUCLEUS_OBJS) $(BUILD)/nucleus/modules.o \
		$(LIBFDT_A) -lgcc

$(BUILD)/lichen.img: $(BUILD)/nucleus.elf
	@echo "IMAGE   $@"
	@$(KOBJCOPY) -O binary $< $@

# The version string names the commit: rebuild main.o when HEAD moves.
$(BUILD)/nucleus/main.o: $(wildcard .git/HEAD .git/refs/heads/*)

$(LIBFDT_A): $(DEPS_STAMP)

-include $(NUCLEUS_OBJS:.o=.d)

# Host unit tests of the nucleus's pure logic.
NT := nucleus/tests
$(eval $(call host_test,nucleus-mem,$(NT)/test_mem.c,,-Inucleus))
$(eval $(call host_test,nucleus-fmt,$(NT)/test_fmt.c nucleus/lib/fmt.c,,-Inucleus/lib))
$(eval $(call host_test,nucleus-bootargs,$(NT)/test_bootargs.c nucleus/bootargs.c,,-Inucleus))
$(eval $(call host_test,nucleus-memmap,$(NT)/test_memmap.c nucleus/memmap.c,,-Inucleus -Inucleus/arch/aarch64))
$(eval $(call host_test,nucleus-frame,$(NT)/test_frame.c nucleus/frame.c,,-Inucleus -Inucleus/arch/aarch64))
$(eval $(call host_test,nucleus-pgtable,$(NT)/test_pgtable.c nucleus/arch/aarch64/pgtable.c,,-Inucleus -Inucleus/arch/aarch64))
$(eval $(call host_test,nucleus-dt,$(NT)/test_dt.c nucleus/dt.c nucleus/lib/fmt.c,-lfdt,-Inucleus -Inucleus/lib))
$(eval $(call host_test,nucleus-esr,$(NT)/test_esr.c nucleus/arch/aarch64/esr.c nucleus/arch/aarch64/cpu_names.c nucleus/lib/fmt.c,,-Inucleus/arch/aarch64 -Inucleus/lib))

# The dt test reads the device trees QEMU dumped and their manifest.
$(BUILD)/host/nucleus-dt: $(DTB_DIR)/manifest

# Host unit tests of the nucleus's objects (handles, budgets, scheduler,
# IPC, address spaces): the real object code over the fakes of
# host_nucleus.c.
NUCLEUS_HOST_OBJ := nucleus/object.c nucleus/handle.c nucleus/budget.c nucleus/kmem.c \
	nucleus/task.c nucleus/thread.c nucleus/sched.c nucleus/endpoint.c nucleus/ipc.c \
	nucleus/reply.c nucleus/notify.c nucleus/region.c nucleus/aspace.c nucleus/irq.c \
	nucleus/frame.c nucleus/arch/aarch64/pgtable.c nucleus/entry.c nucleus/syscall.c \
	nucleus/sys_ipc.c nucleus/sys_mem.c nucleus/sys_task.c nucleus/sys_misc.c \
	nucleus/fastpath.c nucleus/fastpath_ipc.c $(NT)/host_nucleus.c
NUCLEUS_HOST_CFLAGS := -Inucleus -Inucleus/arch/aarch64 -I$(NT)
$(foreach t,handle budget sched ipc aspace fastpath irq,$(eval $(call host_test,nucleus-$(t),$(NT)/test_$(t).c $(NUCLEUS_HOST_OBJ),,$(NUCLEUS_HOST_CFLAGS))))
$(BUILD)/host/nucleus-mem: nucleus/lib/mem.c
