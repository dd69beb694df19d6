/*
 * pl011.c: the early debug console on an ARM PL011 UART, polled.
 *
 * Output only, byte by byte, waiting while the transmit FIFO is full.
 * The uart server takes the device over for real, interrupt-driven I/O.
 */
#include "arch.h"
#include "sysreg.h"
#include "platform.h"
#include "error.h"

#define UART_DR     0x000
#define UART_FR     0x018
#define UART_LCRH   0x02c
#define UART_CR     0x030
#define FR_TXFF     (1 << 5)
#define LCRH_8N1_FIFO 0x70
#define CR_UARTEN_TXE_RXE 0x301

static uintptr_t uart;

int arch_console_init(const struct platform *plat)
{
	if (!plat->uart_found)
		return ERR_NOENT;
	uart = arch_map_device(plat->uart.base, range_size(plat->uart));
	if (!uart)
		return ERR_NOMEM;
	/* keep the firmware's baud rate: 8 data bits, no parity, FIFOs on */
	mmio_write32(uart + UART_CR, 0);
	mmio_write32(uart + UART_LCRH, LCRH_8N1_FIFO);
	mmio_write32(uart + UART_CR, CR_UARTEN_TXE_RXE);
	return 0;
}

static void put_raw(char c)
{
	while (mmio_read32(uart + UART_FR) & FR_TXFF)
		;
	mmio_write32(uart + UART_DR, (uint8_t)c);
}

void arch_console_putc(char c)
{
	if (!uart)
		return;
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}
