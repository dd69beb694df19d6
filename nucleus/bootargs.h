/*
 * bootargs.h: the kernel command line (/chosen/bootargs, QEMU -append).
 *
 * Words are separated by spaces; a word is KEY or KEY=VALUE, and double
 * quotes group spaces into one word as in Linux (init="/bin/sh -x" or
 * "init=/bin/sh -x").  Unknown words are ignored by whoever asks.
 */
#ifndef LICHEN_BOOTARGS_H
#define LICHEN_BOOTARGS_H

#include <stddef.h>

/* bootargs_flag: 1 if KEY appears as a word of its own (no '='). */
int bootargs_flag(const char *cmdline, const char *key);

/*
 * bootargs_value: copy the value of the last KEY=VALUE word into buf
 * (quotes removed, truncated to size - 1).  Returns the value's full
 * length, or ERR_NOENT when KEY=... does not appear.
 */
int bootargs_value(const char *cmdline, const char *key, char *buf, size_t size);

#endif
