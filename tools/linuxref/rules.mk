# tools/linuxref/rules.mk: the Linux reference of make bench: Debian's
# arm64 kernel (fetched by tools/deps.sh on first use) booting an
# initramfs whose /init is linuxref.c, in the same QEMU machine as
# Lichen's bench module.

LINUXREF_DIR    := $(BUILD)/linuxref
LINUXREF_KERNEL := $(DEPS)/linux/Image
LINUXREF_INITRD := $(LINUXREF_DIR)/initramfs.cpio

$(LINUXREF_KERNEL): | $(DEPS_STAMP)
	@tools/deps.sh $(DEPS) linux

$(LINUXREF_DIR)/linuxref: tools/linuxref/linuxref.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "UCC     $@"
	@$(UCC) -std=gnu11 -O2 $(WARN) -static -o $@ $<

$(BUILD)/tools/mkcpio: tools/linuxref/mkcpio.c
	@mkdir -p $(@D)
	@echo "HOSTCC  $@"
	@$(HOSTCC) -std=gnu11 -O2 $(WARN) -o $@ $<

$(LINUXREF_INITRD): $(LINUXREF_DIR)/linuxref $(BUILD)/tools/mkcpio
	@echo "CPIO    $@"
	@$(BUILD)/tools/mkcpio $@ $<

BENCH_DEPS += $(LINUXREF_KERNEL) $(LINUXREF_INITRD)
