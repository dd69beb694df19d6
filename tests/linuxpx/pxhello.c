/*
 * pxhello.c: a static Linux program (musl) that linuxpx runs as PID 1 in
 * tests/system/linuxpx/: its arguments and environment, the console
 * through stdio, its heap (brk, and mmap for a large block), uname,
 * the clock, and an exit status that linuxpx reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	struct utsname u;
	struct timespec t0, t1;
	char *small, *big, *anon;
	size_t bytes = 0;

	printf("pxhello: argc %d:", argc);
	for (int i = 0; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\npxhello: env:");
	for (char **e = envp; *e; e++)
		printf(" [%s]", *e);
	printf("\n");
	small = malloc(100);
	big = malloc(4 << 20);                  /* musl: mmap */
	anon = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!small || !big || anon == MAP_FAILED)
		return 1;
	memset(big, 0x5a, 4 << 20);
	memset(anon, 0xa5, 1 << 20);
	for (size_t i = 0; i < (4 << 20); i += 4096)
		bytes += big[i] == 0x5a;
	if (munmap(anon, 1 << 20) || bytes != 1024)
		return 2;
	free(big);
	printf("pxhello: malloc, 4 MiB and a 1 MiB anonymous mapping written and read back\n");
	if (uname(&u))
		return 3;
	printf("pxhello: uname: %s %s %s\n", u.sysname, u.release, u.machine);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("pxhello: pid %d, clock %s\n", getpid(),
	       t1.tv_sec > t0.tv_sec || (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec) ?
	       "goes forward" : "goes BACKWARD");
	fprintf(stderr, "pxhello: stderr too; exiting with 7\n");
	return 7;
}
