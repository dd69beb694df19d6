# tests/defs.mk: the host_test macro, included before the parts' rules.mk.
#
#   $(eval $(call host_test,NAME,SOURCES,LIBS,CFLAGS))
# builds $(BUILD)/host/NAME from SOURCES with the host compiler and the
# sanitizers (HOST_CFLAGS), and adds it to HOST_TESTS.

HOST_TEST_HEADERS := $(wildcard nucleus/*.h nucleus/lib/*.h nucleus/arch/aarch64/*.h \
	nucleus/tests/*.h)

define host_test
HOST_TESTS += $(BUILD)/host/$(1)
$(BUILD)/host/$(1): $(2) $(HOST_TEST_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	@echo "HOSTCC  $$@"
	@$(HOSTCC) $(HOST_CFLAGS) $(4) -o $$@ $(2) $(HOST_LDLIBS) $(3)
endef


# Device trees dumped from QEMU for tests (rules in tests/rules.mk).
DTB_DIR := $(BUILD)/dtb
