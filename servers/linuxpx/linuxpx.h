/*
 * linuxpx.h: what the parts of linuxpx share: the Linux processes it
 * runs and their memory.
 *
 * A Linux process is a nucleus task created with TASK_FOREIGN: each of
 * its system calls and faults arrives at linuxpx's endpoint as an
 * exception message (badge: the process's slot), and linuxpx's reply
 * resumes it.  linuxpx builds its memory (it is its pager) from regions
 * it creates on the process's budget, and reads and writes that memory
 * with the nucleus's copy calls.
 */
#ifndef LINUXPX_H
#define LINUXPX_H

#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include "lichen/sys.h"
#include "lichen/fs.h"
#include "lichen/startinfo.h"

#define PAGE          4096UL
#define PROCS         16
#define PROC_BUDGET   (8UL << 20)           /* each process, for now */
#define STACK_TOP     0x0000007ffffff000UL
#define STACK_PAGES   256                   /* 1 MiB, mapped at the start */
#define MMAP_TOP      0x0000007f00000000UL  /* anonymous mappings go down from here */
#define BRK_MAX       (256UL << 20)         /* room for the heap after the program */

#define SCRATCH_VA    0x0000006000000000UL  /* where linuxpx fills a process's pages */
#define AREAS         512
#define FDS           64
#define OFILES        256
#define PATH_BYTES    1024
#define NAME_BYTES    768                    /* a FAT name in UTF-8, and its NUL */
#define PATH_DEPTH    64

#define PIPES         32
#define PIPE_BYTES    16384

/* A process waiting on a pipe, its reply kept (pipes.c). */
struct waiter {
	uint32_t reply;                       /* 0: nobody waits */
	int pid;
	uint64_t buf, len, done;              /* what it asked, and what is done */
	uint64_t words[EXC_REPLY_WORDS];      /* the reply that resumes it */
};

struct pipe {
	uint8_t ring[PIPE_BYTES];
	uint64_t head, used;
	int readers, writers;                 /* open files on each end */
	struct waiter reader, writer;
};

/* An open file: what descriptors share (dup), with its offset. */
struct ofile {
	int refs;                             /* 0: free */
	struct pipe *pipe;                    /* an end of a pipe, or NULL */
	int pipe_writer;                      /* which end */
	int console;                          /* the console, not a file */
	int held;                             /* FS_OPEN done: an unlinked file lives on */
	int is_dir;
	uint64_t id;                          /* fat32fs's id */
	uint64_t pos;
	uint32_t flags;                       /* O_* */
	int dev;                              /* devfs.c's device, DEV_DIR for /dev, or 0 */
	int dir_phase;                        /* getdents64: ".", "..", entries, end */
	uint64_t cookie;                      /* FS_READDIR's */
};

extern struct ofile ofiles[OFILES];

/* A run of pages mapped in a process (areas.c). */
struct area {
	uint64_t va, pages;                   /* pages 0: free slot */
	unsigned rights;
	uint32_t region;                      /* linuxpx's handle */
	uint64_t first;                       /* the region's page at va */
	int shared;                           /* the region is mapped in another process too */
};

struct proc {
	int used;
	int pid;
	uint32_t task, aspace, thread;
	uint64_t brk_start, brk_end;          /* brk_end: page-aligned end mapped */
	uint64_t brk_cur;                     /* what brk() last granted */
	uint64_t mmap_next;                   /* the next anonymous mapping ends here */
	char exe[256];                        /* the path it was started from */
	char comm[16];                        /* its name (prctl PR_GET_NAME) */
	struct ofile *fds[FDS];
	uint8_t cloexec[FDS];
	char cwd[PATH_BYTES];                 /* its working directory, in words */
	uint64_t cwd_ids[PATH_DEPTH];         /* and as the ids walked from the root */
	int cwd_depth;
	struct area areas[AREAS];
	int ppid;                             /* its parent's pid (0: none) */
	int zombie;                           /* exited; its status waits for wait4 */
	int status;                           /* wait4's status word */
	uint32_t waiting;                     /* a saved reply: wait4 waits */
	int64_t wait_pid;
	uint64_t wait_status_at;
	uint64_t wait_words[EXC_REPLY_WORDS];
};

extern struct proc procs[PROCS];
extern struct fs_client fs;

/* exec.c: start the static ELF at path as a new process with argv and
 * envp (NULL-terminated).  0 or -errno. */
int proc_spawn(const char *path, char *const argv[], char *const envp[], struct proc **out);
int proc_exec(struct proc *p, const char *path, char *const argv[], char *const envp[],
	      uint64_t *entry, uint64_t *sp);
struct proc *proc_new(void);
int proc_task(struct proc *p, const char *path);
int start_thread(struct proc *p, uint64_t pc, uint64_t sp, const struct thread_regs *regs);
void proc_release(struct proc *p);
void proc_free(struct proc *p);

/* procs.c: fork, wait4, exit, execve.  A result, or KEPT: the reply is
 * kept (wait4 waits) and given later. */
#define KEPT INT64_MIN
int64_t sys_clone(struct proc *p, const uint64_t a[6]);
int64_t sys_wait4(struct proc *p, const uint64_t a[6], const uint64_t words[EXC_REPLY_WORDS]);
int64_t sys_execve(struct proc *p, const uint64_t a[6], uint64_t words[EXC_REPLY_WORDS]);
void proc_exit(struct proc *p, int status);

/* areas.c: the pages it has, for fork, munmap and mprotect. */
int area_add(struct proc *p, uint64_t va, uint64_t pages, unsigned rights, uint32_t region,
	     uint64_t first);
int area_remove(struct proc *p, uint64_t va, uint64_t end);
int area_protect(struct proc *p, uint64_t va, uint64_t end, unsigned rights);
int areas_copy(struct proc *parent, struct proc *child);
void areas_end(struct proc *p);

static inline uint32_t startinfo_aspace(void)
{
	return startinfo()->self_aspace;
}

/* mem.c: the process's memory. */
int copy_in(struct proc *p, void *dst, uint64_t src, size_t len);
int copy_out(struct proc *p, uint64_t dst, const void *src, size_t len);
int copy_string_in(struct proc *p, char *dst, uint64_t src, size_t max);
int map_fresh(struct proc *p, uint64_t va, uint64_t pages, unsigned rights);
int64_t sys_brk(struct proc *p, uint64_t want);
int64_t sys_mmap(struct proc *p, const uint64_t a[6]);
int64_t sys_munmap(struct proc *p, uint64_t va, uint64_t len);
int64_t sys_mprotect(struct proc *p, uint64_t va, uint64_t len, uint64_t prot);

/* syscalls.c: one Linux system call of p, args in a[0..5], number nr,
 * words the reply that will resume it (x0-x8, pc, sp: execve changes
 * them); the value for x0, or KEPT.  *exit_status >= 0 when the process
 * is to end (its exit code). */
int64_t linux_syscall(struct proc *p, uint64_t nr, const uint64_t a[6], uint64_t *words,
		      int *exit_status);

/* tty.c: the console as a terminal: writing (with its output
 * processing), reading, its ioctls.  syscalls.c: writing from the
 * process's memory. */
int64_t console_write(const char *bytes, size_t len);
int64_t console_read(struct proc *p, uint64_t buf, uint64_t len);
int64_t tty_ioctl(struct proc *p, uint64_t req, uint64_t arg);
int console_readable(void);
void console_wait(int64_t ns);

/* poll.c */
int64_t sys_ppoll(struct proc *p, uint64_t addr, uint64_t n, uint64_t tmo);
int64_t console_write_from(struct proc *p, uint64_t buf, uint64_t len);

/* syscalls.c: the wall clock at boot, in ns since 1970 (0: unknown). */
extern uint64_t realtime_base_ns;

/* main.c: the reply words of the exception being served (x0-x8, pc,
 * sp), for the calls that keep their reply. */
extern uint64_t *current_words;

/* sleep.c: nanosleep with the reply kept; the ticker's calls (badge 0,
 * TICK_LABEL) wake the sleepers. */
#define TICK_LABEL 1
extern uint32_t px_endpoint;
int sleep_start(void);
int64_t sys_nanosleep(struct proc *p, uint64_t req);
void sleep_tick(void);
void sleep_forget(struct proc *p);

/* pipes.c */
int64_t sys_pipe2(struct proc *p, uint64_t fds_at, uint64_t flags);
int64_t pipe_read(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len);
int64_t pipe_write(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len);
void pipe_closed(struct pipe *pp, int writer);
void pipes_forget(struct proc *p);

/* devfs.c: /dev. */
#define DEV_DIR 1000
int dev_path(const char *path);
int dev_open(struct ofile *f, int d, uint32_t flags);
int64_t dev_read(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len);
int64_t dev_write(struct ofile *f, uint64_t len);
void dev_stat(int d, uint64_t w[8], uint64_t *rdev, uint64_t *ino);
const char *dev_entry(int i, uint64_t *ino);

/* files.c: descriptors and file calls. */
struct ofile *ofile_new(void);
void ofile_put(struct ofile *f);
int fd_new(struct proc *p, struct ofile *f, int from, int cloexec);
void files_start(struct proc *p);
void files_end(struct proc *p);
void files_copy(struct proc *from, struct proc *to);
void files_exec(struct proc *p);
int64_t sys_openat(struct proc *p, const uint64_t a[6]);
int64_t sys_close(struct proc *p, uint64_t fd);
int64_t sys_read(struct proc *p, uint64_t fd, uint64_t buf, uint64_t len);
int64_t sys_write(struct proc *p, uint64_t fd, uint64_t buf, uint64_t len);
int64_t sys_lseek(struct proc *p, uint64_t fd, int64_t off, uint64_t whence);
int64_t sys_sendfile(struct proc *p, uint64_t out_fd, uint64_t in_fd, uint64_t offp,
		     uint64_t count);
int64_t sys_fstat(struct proc *p, uint64_t fd, uint64_t addr);
int64_t sys_newfstatat(struct proc *p, const uint64_t a[6]);
int64_t sys_faccessat(struct proc *p, const uint64_t a[6]);
int64_t sys_getdents64(struct proc *p, uint64_t fd, uint64_t buf, uint64_t count);
int64_t sys_getcwd(struct proc *p, uint64_t buf, uint64_t size);
int64_t sys_chdir(struct proc *p, uint64_t path);
int64_t sys_dup3(struct proc *p, uint64_t old, uint64_t new, uint64_t flags, int any);
int64_t sys_fcntl(struct proc *p, uint64_t fd, uint64_t cmd, uint64_t arg);
int64_t sys_unlinkat(struct proc *p, uint64_t dirfd, uint64_t path, uint64_t flags);
int64_t sys_mkdirat(struct proc *p, uint64_t dirfd, uint64_t path);
int64_t sys_renameat(struct proc *p, uint64_t from, uint64_t to);

/* main.c: say something on the console (through uart). */
void px_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
