/*
 * fsrestart.c: fsbasic with fat32fs itself crashed six times, each time
 * after it has done a request and before it could answer: nothing is
 * lost and nothing is done twice (the host checks the disk).
 */
#define FS_RESTARTS 1
#include "fsbasic.c"
