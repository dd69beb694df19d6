/*
 * pxfuzz.c: Linux system calls with random numbers and arguments at
 * linuxpx (30,000 of them): every one must come back (a result or an
 * error), and linuxpx must stand; the program then says how many calls
 * returned an error and exits 0.  Left out, because they would end or
 * stop this program rather than test linuxpx: exit, exit_group, clone,
 * execve, munmap, mprotect, the reads and waits that can block for good
 * (read, readv, pread64, ppoll, pselect6, nanosleep, clock_nanosleep,
 * pipe2, wait4 with children); and the console is moved out of the way
 * (to fd 63, spared) so that random bytes go to files only.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CALLS 30000
#define CONSOLE 63                                  /* the console, out of the way */

static uint64_t rng = 20261126;
static uint8_t scratch[65536] __attribute__((aligned(4096)));

static uint64_t next(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng >> 11;
}

/* arg: a small number, an fd, a pointer into scratch (sometimes with a
 * path in it), or any value. */
static long arg(void)
{
	uint64_t r = next();

	switch (r & 3) {
	case 0:  return (long)(r >> 4) & 63;
	case 1:  return (long)((r >> 4) % 8);
	case 2:  return (long)(scratch + ((r >> 4) % (sizeof(scratch) - 256)));
	default: return (long)next();
	}
}

static int left_out(long nr, const long a[6])
{
	switch (nr) {
	case SYS_exit: case SYS_exit_group: case SYS_clone: case SYS_execve:
	case SYS_munmap: case SYS_mprotect: case SYS_read: case SYS_readv:
	case SYS_pread64: case SYS_ppoll: case SYS_pselect6: case SYS_nanosleep:
	case SYS_clock_nanosleep: case SYS_pipe2: case SYS_wait4: case SYS_waitid:
	case SYS_kill: case SYS_tgkill: case SYS_tkill: case SYS_rt_sigreturn:
	case SYS_reboot: case SYS_rt_sigsuspend: case SYS_futex:
		return 1;
	case SYS_close: case SYS_dup3: case SYS_write: case SYS_writev: case SYS_pwrite64:
	case SYS_sendfile: case SYS_ioctl: case SYS_fcntl:
		return a[0] == CONSOLE || a[1] == CONSOLE;     /* the console: kept for the end */
	case SYS_mmap:
		return (a[3] & 0x10) != 0;          /* MAP_FIXED: over this program */
	case SYS_brk:
		return 1;                            /* (musl's malloc uses it) */
	default:
		return 0;
	}
}

int main(void)
{
	long errors = 0, done = 0;

	char line[128];
	int n;

	dup3(1, CONSOLE, 0);                            /* random calls reach only files */
	close(0);
	close(1);
	close(2);
	strcpy((char *)scratch + 1024, "/etc/motd");
	strcpy((char *)scratch + 2048, "/fuzzdir");
	for (int i = 0; i < CALLS; i++) {
		long a[6], nr = (long)(next() % 300), r;

		for (int k = 0; k < 6; k++)
			a[k] = arg();
		if (left_out(nr, a))
			continue;
		r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		errors += r == -1;
		done++;
	}
	n = snprintf(line, sizeof(line), "pxfuzz: %ld random system calls answered "
		     "(%ld errors), linuxpx stands\n", done, errors);
	return write(CONSOLE, line, (size_t)n) == n ? 0 : 1;
}
