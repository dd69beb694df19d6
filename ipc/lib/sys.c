/*
 * sys.c: the native call wrappers that are not inline.
 */
#include "lichen/sys.h"

int lc_notify_wait(uint32_t n, uint64_t timeout_ns, uint64_t *bits)
{
	register uint64_t x0 __asm__("x0") = n;
	register uint64_t x1 __asm__("x1") = 0;
	register uint64_t x16 __asm__("x16") = SYS_notify_wait;
	register uint64_t x17 __asm__("x17") = timeout_ns;

	__asm__ volatile("svc #0x4c" : "+r"(x0), "+r"(x1) : "r"(x16), "r"(x17) : "memory");
	*bits = x1;
	return (int)x0;
}
