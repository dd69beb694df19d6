/*
 * linuxref.c: the Linux side of make bench's IPC figures.
 *
 * Runs as /init of Debian's arm64 Linux in the same QEMU machine as
 * Lichen's bench module (tests/nucleus/bench.c), and does the same work
 * the Linux way, timed the same way (the generic counter, which under
 * -icount shift=0 counts instructions, 16 to a tick):
 *
 *   ipc.roundtrip   a one-byte message to another process and one back,
 *                   through two pipes (lmbench's lat_pipe)
 *   ipc.syscall_trap  a system call that does nothing (getppid); also
 *                   reported as sys.getppid, beside linuxpx's figure
 *   ipc.fault       a read fault on a fresh anonymous page, which Linux
 *                   maps (to its zero page) and resumes
 *
 * It prints "linuxref NAME.insns N" (or ".ns" without icount) lines on
 * the console, then powers the machine off.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS   10000
#define SYSCALLS 100000
#define FAULTS   1000
#define PAGE     4096

static uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void report(const char *name, uint64_t ticks, uint64_t ns, uint64_t n)
{
	printf("linuxref %s.insns %llu\n", name, (unsigned long long)(ticks * 16 / n));
	printf("linuxref %s.ns %llu\n", name, (unsigned long long)(ns / n));
}

static void roundtrip(void)
{
	int there[2], back[2];
	char c = 0;
	uint64_t t0, n0;

	if (pipe(there) || pipe(back))
		return;
	if (fork() == 0) {
		while (read(there[0], &c, 1) == 1 && write(back[1], &c, 1) == 1)
			;
		_exit(0);
	}
	t0 = counter();
	n0 = clock_ns();
	for (int i = 0; i < ROUNDS; i++)
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			return;
	report("ipc.roundtrip", counter() - t0, clock_ns() - n0, ROUNDS);
	close(there[1]);
}

static void syscall_trap(void)
{
	uint64_t t0 = counter(), n0 = clock_ns();

	for (int i = 0; i < SYSCALLS; i++)
		syscall(SYS_getppid);
	report("ipc.syscall_trap", counter() - t0, clock_ns() - n0, SYSCALLS);
	report("sys.getppid", counter() - t0, clock_ns() - n0, SYSCALLS);   /* the same call, by its Linux name */
}

static void page_faults(void)
{
	volatile uint8_t *p = mmap(NULL, FAULTS * PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0, n0;

	if (p == MAP_FAILED)
		return;
	t0 = counter();
	n0 = clock_ns();
	for (int i = 0; i < FAULTS; i++)
		(void)p[(size_t)i * PAGE];
	report("ipc.fault", counter() - t0, clock_ns() - n0, FAULTS);
}

int main(void)
{
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) == 0) {
		int fd = open("/dev/console", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	roundtrip();
	syscall_trap();
	page_faults();
	printf("linuxref done\n");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
