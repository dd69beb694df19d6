/*
 * sys_numbers.h: SYS_<name>, the number of each native call, generated
 * from syscalls.def (for the nucleus and user space alike).
 */
#ifndef LICHEN_SYS_NUMBERS_H
#define LICHEN_SYS_NUMBERS_H

enum {
#define SYSCALL(num, name, rights, args, results) SYS_##name = num,
#include "lichen/syscalls.def"
#undef SYSCALL
};

#endif
