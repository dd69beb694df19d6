/*
 * userboot.h: starting the first user task, init.
 */
#ifndef LICHEN_USERBOOT_H
#define LICHEN_USERBOOT_H

#include <stdint.h>

struct platform;
struct frame_pool;

/* Boot modules, packed into the image by the build (tools/gen-modules.sh). */
struct boot_module {
	uint64_t start;          /* nucleus virtual address, page aligned */
	uint64_t size;
	char name[32];
};
extern const struct boot_module boot_modules[];
extern const uint64_t boot_module_count;

/*
 * userboot: create init from the "init" boot module with every resource
 * (see struct bootinfo in lichen/abi.h) and make its first thread
 * runnable.  0, or an error after a message saying what is missing.
 */
int userboot(const struct platform *plat, struct frame_pool *fp);

#endif
