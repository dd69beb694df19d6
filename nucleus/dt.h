/*
 * dt.h: read the flattened device tree into a struct platform.
 */
#ifndef LICHEN_DT_H
#define LICHEN_DT_H

#include <stddef.h>
#include "platform.h"

/*
 * dt_parse: check the tree at fdt (at most max_size bytes are readable
 * there) and fill *plat.  Returns 0, or ERR_INVAL when the blob is not a
 * usable device tree.  Missing parts (no memory, no console, no GIC) are
 * not errors here: they leave the matching fields empty (nmem 0,
 * uart_found 0, gic_version 0) and the caller decides what it can live
 * without.  dtb_pa is only recorded.
 */
int dt_parse(const void *fdt, size_t max_size, uint64_t dtb_pa, struct platform *plat);

#endif
