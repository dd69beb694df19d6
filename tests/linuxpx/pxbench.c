/*
 * pxbench.c: what a Linux system call costs on Lichen, all the way
 * through linuxpx (make bench, tools/bench-linuxpx.sh): getppid, a call
 * that does nothing, timed with the generic counter (under -icount
 * shift=0, 16 instructions a tick), as tools/linuxref/linuxref.c times
 * it on Linux.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CALLS 100000

static uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

int main(void)
{
	uint64_t t0 = counter();

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	printf("pxbench sys.getppid.insns %llu\n",
	       (unsigned long long)((counter() - t0) * 16 / CALLS));
	return 0;
}
