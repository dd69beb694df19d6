/*
 * cpu_names.h: MIDR_EL1 to a readable CPU name ("Cortex-A72 r0p3").
 * Pure logic, shared with the host unit tests.
 */
#ifndef LICHEN_CPU_NAMES_H
#define LICHEN_CPU_NAMES_H

#include <stdint.h>
#include <stddef.h>

void cpu_name_of(uint64_t midr, char *buf, size_t size);

#endif
