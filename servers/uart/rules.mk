# servers/uart/rules.mk: the console server, a boot module.
UART_OBJS := $(BUILD)/user/servers/uart/uart.c.o

$(BUILD)/servers/uart: $(UART_OBJS) $(LIBLICHEN_OBJS)
	@mkdir -p $(@D)
	@echo "ULD     $@"
	@$(UCC) $(ULDFLAGS) -o $@ $^

BOOT_MODULES += uart=$(BUILD)/servers/uart servers.conf=configs/servers.conf

-include $(UART_OBJS:.o=.d)
