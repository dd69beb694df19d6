/* stdlib.h: the little of it that the nucleus and libfdt use. */
#ifndef LICHEN_STDLIB_H
#define LICHEN_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
