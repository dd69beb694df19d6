/*
 * uartecho.c: input typed on the console reaches a client through the
 * uart server (interrupt-driven receive), and its answer is printed.
 * The system test types "hello lichen" and a newline after a pause.
 */
#include "tlib.h"
#include "lichen/tty.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[128], msg[160];
	size_t n = 0;

	if (SI->instance == 1)
		exit(0);
	uint64_t baud;

	CHECK_EQ(tty_attr(0, &baud), 0);
	CHECK_EQ(baud, 115200);
	CHECK_EQ(tty_attr(38400, &baud), 0);
	CHECK_EQ(baud, 38400);
	CHECK_EQ(tty_attr(50, &baud), -22);           /* -EINVAL */
	CHECK_EQ(tty_attr(115200, &baud), 0);
	CHECK_EQ(tty_poll(0), 0);
	CHECK_EQ(tty_write("uartecho: type a line\n", 22), 22);
	CHECK(tty_poll(1) > 0);                       /* waits for the first key */
	while (n < sizeof(line) - 1) {
		int64_t r = tty_read(line + n, sizeof(line) - 1 - n, 0);

		CHECK(r > 0);
		n += (size_t)r;
		if (memchr(line, '\n', n) || memchr(line, '\r', n))
			break;
	}
	line[strcspn(line, "\r\n")] = '\0';
	n = (size_t)snprintf(msg, sizeof(msg), "uartecho: got \"%s\"\n", line);
	CHECK_EQ(tty_write(msg, n), (int64_t)n);
	CHECK_EQ(tty_read(line, 16, 1), -11);         /* nothing more: EAGAIN */
	exit(0);
}
