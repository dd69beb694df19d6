# servers/linuxpx/rules.mk: the Linux personality, a boot module.
LINUXPX_SRC  := main.c exec.c mem.c syscalls.c files.c areas.c procs.c pipes.c tty.c poll.c sleep.c devfs.c
LINUXPX_OBJS := $(LINUXPX_SRC:%=$(BUILD)/user/servers/linuxpx/%.o)
LINUXPX_GEN  := $(BUILD)/linuxpx/syscall_names.h

# The names of Linux's system calls, for the "not implemented" messages.
$(LINUXPX_GEN): tools/gen-syscall-names.sh | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "GEN     $@"
	@tools/gen-syscall-names.sh /usr/include/asm-generic/unistd.h $@

$(BUILD)/user/servers/linuxpx/syscalls.c.o: $(LINUXPX_GEN)
$(LINUXPX_OBJS): UCFLAGS += -I$(BUILD)/linuxpx -DLICHEN_VERSION='"$(VERSION)"'

$(BUILD)/servers/linuxpx: $(LINUXPX_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -o $@ $^

BOOT_MODULES += linuxpx=$(BUILD)/servers/linuxpx

-include $(LINUXPX_OBJS:.o=.d)
