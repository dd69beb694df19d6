/*
 * gic.h: arch-internal GIC calls beyond arch.h.
 */
#ifndef LICHEN_GIC_H
#define LICHEN_GIC_H

/* gic_enable: route intid to fn and unmask it.  0 or ERR_INVAL. */
int gic_enable(unsigned intid, void (*fn)(void *), void *arg);
int gic_is_enabled(unsigned intid);
unsigned gic_lines(void);
void gic_dispatch(void);

#endif
