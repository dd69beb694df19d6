/*
 * esr.h: decoding the Exception Syndrome Register (ESR_ELx).
 */
#ifndef LICHEN_ESR_H
#define LICHEN_ESR_H

#include <stdint.h>

#define ESR_EC(esr)   (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)  ((esr) & 0x1ffffff)

#define EC_UNKNOWN     0x00
#define EC_SVC64       0x15
#define EC_IABT_LOWER  0x20
#define EC_IABT_SAME   0x21
#define EC_PC_ALIGN    0x22
#define EC_DABT_LOWER  0x24
#define EC_DABT_SAME   0x25
#define EC_SP_ALIGN    0x26
#define EC_SERROR      0x2f
#define EC_BRK64       0x3c

/* esr_class_name: what an exception class means, in a few words. */
const char *esr_class_name(unsigned ec);

/* esr_fault_name: for aborts, the fault status code (DFSC/IFSC) in words. */
const char *esr_fault_name(uint64_t esr);

#endif
