# init/rules.mk: init, the first task, and the runtime library every
# native task links (ipc/lib).  Everything at EL0 is built with
# aarch64-linux-musl-gcc, statically.

UCFLAGS = -std=gnu11 -O2 -g $(WARN) -static -fno-stack-protector \
	-Iipc -Inucleus/lib -Itests/nucleus -MMD -MP
ULDFLAGS := -static

# The runtime library: native call wrappers, and the nucleus's own
# freestanding formatting and ELF reading, compiled for user space.
LIBLICHEN_SRC := ipc/lib/ipc.S ipc/lib/sys.c ipc/lib/name.c ipc/lib/tty.c ipc/lib/blkc.c ipc/lib/fsc.c nucleus/lib/fmt.c nucleus/lib/elf.c
LIBLICHEN_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(LIBLICHEN_SRC))

INIT_SRC := init/start.S init/main.c init/runtime.c init/loader.c init/log.c \
	init/servers.c init/service.c init/names.c init/policy.c
INIT_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(INIT_SRC))

$(BUILD)/user/%.c.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "UCC     $<"
	@$(UCC) $(UCFLAGS) -c $< -o $@

$(BUILD)/user/%.S.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "UAS     $<"
	@$(UCC) -c $< -o $@

$(BUILD)/init/init: $(INIT_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -Wl,-e,_lichen_start -o $@ $^

-include $(INIT_OBJS:.o=.d) $(LIBLICHEN_OBJS:.o=.d)

# Host unit tests of init's pure logic.
$(eval $(call host_test,init-policy-names,init/tests/test_policy_names.c init/policy.c init/names.c,,-Iinit))
