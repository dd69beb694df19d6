# tests/nucleus/rules.mk: the nucleus's in-QEMU tests.  Each test is a
# boot module (a static musl program linked with tlib and the runtime
# library); they go into a test image, build/lichen-test.img, next to
# init.  tests/system/nucleus/*.case boot it with "test=NAME".

NUCLEUS_TESTS := pingpong deferred nested death handles faults budget supervisor irq sysfuzz bench

TLIB_OBJS := $(BUILD)/user/tests/nucleus/tlib.c.o

$(BUILD)/tests/nucleus/%: $(BUILD)/user/tests/nucleus/%.c.o $(TLIB_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -o $@ $^

TEST_MODULES := $(foreach t,$(NUCLEUS_TESTS),$(t)=$(BUILD)/tests/nucleus/$(t))

SYSTEM_TEST_DIRS += tests/system/nucleus
SYSTEM_TEST_DEPS += $(BUILD)/lichen-test.img $(BUILD)/root.img

-include $(patsubst %,$(BUILD)/user/tests/nucleus/%.c.d,$(NUCLEUS_TESTS) tlib)
