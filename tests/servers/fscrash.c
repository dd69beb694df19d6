/*
 * fscrash.c: fsbasic with blk crashed four times in the middle of the
 * 4 MiB write: fat32fs's block client retries, and the file is intact.
 */
#define CRASHES 4
#include "fsbasic.c"
