# servers/blk/rules.mk: the virtio-blk server, a boot module, and the
# host tests of its virtqueue logic.
BLK_OBJS := $(BUILD)/user/servers/blk/blk.c.o $(BUILD)/user/servers/blk/virtq.c.o

$(BUILD)/user/servers/blk/blk.c.o: UCFLAGS += -Iservers/blk

$(BUILD)/servers/blk: $(BLK_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -o $@ $^

BOOT_MODULES += blk=$(BUILD)/servers/blk

-include $(BLK_OBJS:.o=.d)

# Host tests: the virtqueue library against a fake virtio device.
$(eval $(call host_test,blk-virtq,servers/blk/tests/test_virtq.c servers/blk/virtq.c,,-Iservers/blk))
$(BUILD)/host/blk-virtq: servers/blk/virtq.h
