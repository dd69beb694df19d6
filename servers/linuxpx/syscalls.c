/*
 * syscalls.c: the Linux system calls linuxpx serves so far, by number
 * (arm64 uses the generic table: include/uapi/asm-generic/unistd.h).
 *
 * Each handler returns what the process finds in x0: a result, or a
 * negative errno.  A call without a handler returns -ENOSYS and is
 * reported once, by name, on the console (DESIGN.md).  What is here is
 * what a static program needs to start, use its memory, write to the
 * console and exit (BusyBox's echo, for one); files, processes, signals
 * and the tty come next.
 */
#include "linuxpx.h"
#include "lichen/tty.h"
#include "syscall_names.h"

#include <errno.h>
#include <string.h>

enum {
	NR_getcwd = 17, NR_dup = 23, NR_dup3 = 24, NR_fcntl = 25, NR_mkdirat = 34,
	NR_unlinkat = 35, NR_renameat = 38, NR_faccessat = 48, NR_chdir = 49, NR_openat = 56,
	NR_close = 57, NR_getdents64 = 61, NR_lseek = 62, NR_newfstatat = 79, NR_fstat = 80,
	NR_renameat2 = 276, NR_faccessat2 = 439, NR_clone = 220, NR_execve = 221, NR_wait4 = 260,
	NR_pipe2 = 59, NR_ppoll = 73, NR_sendfile = 71, NR_nanosleep = 101, NR_clock_nanosleep = 115, NR_setpgid = 154, NR_getpgid = 155, NR_getsid = 156, NR_setsid = 157,
	NR_ioctl = 29, NR_readlinkat = 78, NR_read = 63, NR_write = 64, NR_writev = 66,
	NR_exit = 93, NR_exit_group = 94, NR_set_tid_address = 96, NR_set_robust_list = 99,
	NR_clock_gettime = 113, NR_rt_sigaction = 134, NR_rt_sigprocmask = 135,
	NR_uname = 160, NR_prctl = 167, NR_getpid = 172, NR_getppid = 173, NR_getuid = 174,
	NR_geteuid = 175, NR_getgid = 176, NR_getegid = 177, NR_gettid = 178, NR_brk = 214,
	NR_munmap = 215, NR_mmap = 222, NR_mprotect = 226, NR_prlimit64 = 261,
	NR_getrandom = 278,
};

#define IO_CHUNK 4096
#define TIOCGWINSZ 0x5413
#define TCGETS     0x5401
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define RLIMIT_STACK 3
#define RLIM_INFINITY (~0UL)

static uint64_t reported[8];                /* calls already reported missing */

static int64_t nosys(uint64_t nr)
{
	if (nr < 512 && !(reported[nr / 64] & (1UL << (nr % 64)))) {
		const char *name = nr < sizeof(linux_syscall_names) / sizeof(linux_syscall_names[0]) ?
				   linux_syscall_names[nr] : NULL;

		reported[nr / 64] |= 1UL << (nr % 64);
		px_say("linuxpx: system call %lu (%s) is not implemented: -ENOSYS\n",
		       (unsigned long)nr, name ? name : "unknown");
	}
	return -ENOSYS;
}

/* console_write_from: bytes from the process's memory to the console. */
int64_t console_write_from(struct proc *p, uint64_t buf, uint64_t len)
{
	static char chunk[IO_CHUNK];
	uint64_t done = 0;

	while (done < len) {
		uint64_t n = len - done < IO_CHUNK ? len - done : IO_CHUNK;

		if (copy_in(p, chunk, buf + done, n))
			return done ? (int64_t)done : -EFAULT;
		if (console_write(chunk, n) < 0)
			return done ? (int64_t)done : -EIO;
		done += n;
	}
	return (int64_t)done;
}

static int64_t sys_writev(struct proc *p, uint64_t fd, uint64_t iov, uint64_t cnt)
{
	uint64_t v[2];
	int64_t total = 0;

	if (cnt > 1024)
		return -EINVAL;
	for (uint64_t i = 0; i < cnt; i++) {
		int64_t r;

		if (copy_in(p, v, iov + i * 16, sizeof(v)))
			return total ? total : -EFAULT;
		if (!v[1])
			continue;
		r = sys_write(p, fd, v[0], v[1]);
		if (r < 0)
			return total ? total : r;
		total += r;
	}
	return total;
}

static int64_t sys_uname(struct proc *p, uint64_t buf)
{
	static const char *const fields[6] = {
		"Linux", "lichen", "6.1.0-lichen", "#1 Lichen " LICHEN_VERSION, "aarch64", "(none)",
	};
	char u[6][65];

	memset(u, 0, sizeof(u));
	for (int i = 0; i < 6; i++)
		strncpy(u[i], fields[i], 64);
	return copy_out(p, buf, u, sizeof(u));
}

/* The wall clock: the PL031's seconds when linuxpx started, and the
 * nucleus's clock since (main.c reads the PL031). */
uint64_t realtime_base_ns;

/* sys_clock_gettime: CLOCK_REALTIME (0) and its variants follow the wall
 * clock; the others count from boot. */
static int64_t sys_clock_gettime(struct proc *p, uint64_t clock, uint64_t ts)
{
	uint64_t ns = lc_clock_ns(), v[2];

	if (clock > 11)
		return -EINVAL;
	if (clock == 0 || clock == 5 || clock == 8 || clock == 11)   /* REALTIME, _COARSE, _ALARM, TAI */
		ns += realtime_base_ns;
	v[0] = ns / 1000000000UL;
	v[1] = ns % 1000000000UL;
	return copy_out(p, ts, v, sizeof(v));
}

static int64_t sys_ioctl(struct proc *p, uint64_t fd, uint64_t req, uint64_t arg)
{
	if (fd >= FDS || !p->fds[fd])
		return -EBADF;
	if (!p->fds[fd]->console)
		return -ENOTTY;
	return tty_ioctl(p, req, arg);
}

static int64_t sys_prctl(struct proc *p, uint64_t op, uint64_t arg)
{
	char name[16];

	if (op == PR_GET_NAME)
		return copy_out(p, arg, p->comm, sizeof(p->comm));
	if (op == PR_SET_NAME) {
		if (copy_in(p, name, arg, sizeof(name)))
			return -EFAULT;
		name[15] = '\0';
		memcpy(p->comm, name, sizeof(name));
		return 0;
	}
	return -EINVAL;
}

/* prlimit64 of itself: RLIMIT_STACK says the stack it has; the others
 * are unlimited (and cannot be changed yet). */
static int64_t sys_prlimit64(struct proc *p, uint64_t pid, uint64_t res, uint64_t nlim,
			     uint64_t olim)
{
	uint64_t lim[2] = { RLIM_INFINITY, RLIM_INFINITY };

	if (pid && pid != (uint64_t)p->pid)
		return -ESRCH;
	if (res >= 16)
		return -EINVAL;
	if (res == RLIMIT_STACK)
		lim[0] = STACK_PAGES * PAGE;
	if (olim && copy_out(p, olim, lim, sizeof(lim)))
		return -EFAULT;
	return nlim ? -EPERM : 0;
}

static int64_t sys_readlinkat(struct proc *p, uint64_t dirfd, uint64_t path, uint64_t buf,
			      uint64_t size)
{
	char name[64];
	size_t n = strlen(p->exe);

	(void)dirfd;
	if (copy_string_in(p, name, path, sizeof(name)))
		return -ENOENT;
	if (strcmp(name, "/proc/self/exe"))
		return -ENOENT;               /* no symbolic links on FAT; /proc comes later */
	n = n < size ? n : size;
	return copy_out(p, buf, p->exe, n) ? -EFAULT : (int64_t)n;
}

static int64_t sys_getrandom(struct proc *p, uint64_t buf, uint64_t len)
{
	uint8_t b[256];
	uint64_t x = lc_counter() | 1;

	len = len < sizeof(b) ? len : sizeof(b);
	for (uint64_t i = 0; i < len; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		b[i] = (uint8_t)x;
	}
	return copy_out(p, buf, b, len) ? -EFAULT : (int64_t)len;
}

/* zero_out: signals come later (none is ever sent): what a process asks
 * about its signal state is the initial one, all zeros. */
static int64_t zero_out(struct proc *p, uint64_t old, size_t len)
{
	static const uint8_t zeros[32];

	return old && copy_out(p, old, zeros, len) ? -EFAULT : 0;
}

int64_t linux_syscall(struct proc *p, uint64_t nr, const uint64_t a[6], uint64_t *words,
		      int *exit_status)
{
	switch (nr) {
	case NR_clone:            return sys_clone(p, a);
	case NR_pipe2:            return sys_pipe2(p, a[0], a[1]);
	case NR_sendfile:         return sys_sendfile(p, a[0], a[1], a[2], a[3]);
	case NR_ppoll:            return sys_ppoll(p, a[0], a[1], a[2]);
	case NR_nanosleep:        return sys_nanosleep(p, a[0]);
	case NR_clock_nanosleep:  return a[1] ? -EINVAL : sys_nanosleep(p, a[2]);   /* relative only */
	case NR_execve:           return sys_execve(p, a, words);
	case NR_wait4:            return sys_wait4(p, a, words);
	case NR_write:            return sys_write(p, a[0], a[1], a[2]);
	case NR_writev:           return sys_writev(p, a[0], a[1], a[2]);
	case NR_read:             return sys_read(p, a[0], a[1], a[2]);
	case NR_openat:           return sys_openat(p, a);
	case NR_close:            return sys_close(p, a[0]);
	case NR_lseek:            return sys_lseek(p, a[0], (int64_t)a[1], a[2]);
	case NR_fstat:            return sys_fstat(p, a[0], a[1]);
	case NR_newfstatat:       return sys_newfstatat(p, a);
	case NR_faccessat:
	case NR_faccessat2:       return sys_faccessat(p, a);
	case NR_getdents64:       return sys_getdents64(p, a[0], a[1], a[2]);
	case NR_getcwd:           return sys_getcwd(p, a[0], a[1]);
	case NR_chdir:            return sys_chdir(p, a[0]);
	case NR_dup:              return sys_dup3(p, a[0], 0, 0, 1);
	case NR_dup3:             return sys_dup3(p, a[0], a[1], a[2], 0);
	case NR_fcntl:            return sys_fcntl(p, a[0], a[1], a[2]);
	case NR_mkdirat:          return sys_mkdirat(p, a[0], a[1]);
	case NR_unlinkat:         return sys_unlinkat(p, a[0], a[1], a[2]);
	case NR_renameat:         return sys_renameat(p, a[1], a[3]);
	case NR_renameat2:        return a[4] ? -EINVAL : sys_renameat(p, a[1], a[3]);
	case NR_exit:
	case NR_exit_group:       *exit_status = (int)(a[0] & 0xff); return 0;
	case NR_set_tid_address:  return p->pid;
	case NR_set_robust_list:  return 0;
	case NR_rt_sigaction:     return zero_out(p, a[2], 32);    /* old action: SIG_DFL */
	case NR_rt_sigprocmask:   return zero_out(p, a[2], 8);     /* old mask: empty */
	case NR_clock_gettime:    return sys_clock_gettime(p, a[0], a[1]);
	case NR_uname:            return sys_uname(p, a[0]);
	case NR_ioctl:            return sys_ioctl(p, a[0], a[1], a[2]);
	case NR_prctl:            return sys_prctl(p, a[0], a[1]);
	case NR_getpid:
	case NR_gettid:           return p->pid;
	case NR_getppid:          return p->ppid;
	case NR_setpgid:          return 0;        /* process groups: not kept yet */
	case NR_getpgid:
	case NR_getsid:           return a[0] ? (int64_t)a[0] : p->pid;
	case NR_setsid:           return p->pid;
	case NR_getuid:
	case NR_geteuid:
	case NR_getgid:
	case NR_getegid:          return 0;
	case NR_brk:              return sys_brk(p, a[0]);
	case NR_mmap:             return sys_mmap(p, a);
	case NR_munmap:           return sys_munmap(p, a[0], a[1]);
	case NR_mprotect:         return sys_mprotect(p, a[0], a[1], a[2]);
	case NR_prlimit64:        return sys_prlimit64(p, a[0], a[1], a[2], a[3]);
	case NR_readlinkat:       return sys_readlinkat(p, a[0], a[1], a[2], a[3]);
	case NR_getrandom:        return sys_getrandom(p, a[0], a[1]);
	default:                  return nosys(nr);
	}
}
