/*
 * stackprot.c: the symbols of GCC's stack protector.  The nucleus itself
 * is built without it, but Debian's libfdt.a is built with it.
 */
#include <stdint.h>
#include "panic.h"

uintptr_t __stack_chk_guard = 0x5ca1ab1e0ddba11UL;

void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
	panic("stack smashing detected (in libfdt)");
}
