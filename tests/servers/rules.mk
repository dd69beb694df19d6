# tests/servers/rules.mk: in-QEMU tests of the servers, modules of the
# test image like those of tests/nucleus (same harness, test=NAME).
SERVER_TESTS := uartecho uartcrash blkpattern blkcrash blkbench soak fssoak fsbasic fscrash fsrestart fsbench

$(BUILD)/tests/servers/%: $(BUILD)/user/tests/servers/%.c.o $(TLIB_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -o $@ $^

TEST_MODULES += $(foreach t,$(SERVER_TESTS),$(t)=$(BUILD)/tests/servers/$(t))
SYSTEM_TEST_DIRS += tests/system/servers

-include $(patsubst %,$(BUILD)/user/tests/servers/%.c.d,$(SERVER_TESTS))
