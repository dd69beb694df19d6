/*
 * uartcrash.c: the uart server crashes (for real, injected) in the
 * middle of a client's output, three times; init restarts it each time;
 * the client's writes, retried with their sequence numbers, print every
 * line exactly once (the system test counts them).
 */
#include "tlib.h"
#include "lichen/tty.h"
#include "lichen/server.h"

#include <stdio.h>

#define LINES 40

int main(void)
{
	char line[64];
	uint64_t restarts, state, served;

	if (SI->instance == 1)
		exit(0);
	for (int i = 0; i < LINES; i++) {
		int n = snprintf(line, sizeof(line), "uartcrash: line %02d\n", i);

		if (i == 5 || i == 15 || i == 30)
			CHECK_EQ(name_inject("uart", 2), 0);  /* crash on its 2nd request from now */
		CHECK_EQ(tty_write(line, (size_t)n), n);
	}
	CHECK_EQ(name_status("uart", &restarts, &state, &served), 0);
	CHECK_EQ(restarts, 3);
	CHECK_EQ(state, SERVER_RUNNING);
	tsay("uartcrash: %d lines written, uart restarted %lu times\n", LINES,
	     (unsigned long)restarts);
	exit(0);
}
