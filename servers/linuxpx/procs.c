/*
 * procs.c: processes: fork (clone without CLONE_VM), wait4, exit and
 * execve.
 *
 * fork gives the child a new task whose memory is the parent's (its
 * writable pages copied now, its read-only ones shared: areas.c), the
 * same open files, and the parent's registers (thread_regs) with x0 = 0.
 * An exited process stays as a zombie, its status kept, until its parent
 * waits for it; a parent's wait4 that must wait keeps its reply
 * (reply_save) and gets it when a child ends, while linuxpx serves
 * everyone else.  Orphans go to PID 1.
 *
 * Not yet: threads (CLONE_VM without CLONE_VFORK), signals (SIGCHLD is not sent; a waiting
 * parent learns from wait4 only), process groups and sessions, rusage.
 */
#include "linuxpx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CLONE_VM             0x00000100
#define CLONE_VFORK          0x00004000
#define CLONE_THREAD         0x00010000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_SETTID   0x01000000
#define WNOHANG 1
#define MAX_ARGS 64
#define ARG_BYTES 4096

int64_t sys_clone(struct proc *p, const uint64_t a[6])
{
	static struct thread_regs regs;
	uint64_t flags = a[0];
	struct proc *c;
	int32_t pid;
	int err;

	if ((flags & CLONE_THREAD) || ((flags & CLONE_VM) && !(flags & CLONE_VFORK)))
		return -ENOSYS;                 /* threads: not yet */
	/* vfork is done as fork: the child gets a copy rather than the
	 * parent's memory, and the parent goes on at once, which a child
	 * that only execs or exits cannot tell */
	if (!(c = proc_new()))
		return -EAGAIN;
	c->ppid = p->pid;
	err = proc_task(c, p->exe);
	if (!err)
		err = lc_sys(SYS_thread_regs, p->thread, (uint64_t)&regs, REGS_GET, 0, 0, 0).err ? -EIO : 0;
	if (!err) {
		files_copy(p, c);
		memcpy(c->comm, p->comm, sizeof(c->comm));
		c->brk_start = p->brk_start;
		c->brk_cur = p->brk_cur;
		c->brk_end = p->brk_end;
		c->mmap_next = p->mmap_next;
		err = areas_copy(p, c);
	}
	pid = c->pid;
	if (!err && (flags & CLONE_CHILD_SETTID) && copy_out(c, a[4], &pid, sizeof(pid)))
		err = -EFAULT;
	if (!err && (flags & CLONE_PARENT_SETTID) && copy_out(p, a[2], &pid, sizeof(pid)))
		err = -EFAULT;
	if (!err) {
		regs.x[0] = 0;
		if (a[1])
			regs.sp = a[1];
		if (flags & CLONE_SETTLS)
			regs.tpidr = a[3];
		err = start_thread(c, regs.pc, regs.sp, &regs);
	}
	if (err) {
		proc_release(c);
		proc_free(c);
		return err;
	}
	return pid;
}

/* reap: the zombie c's status to its parent p (at addr), c freed. */
static int64_t reap(struct proc *p, struct proc *c, uint64_t addr)
{
	int32_t status = c->status;
	int64_t pid = c->pid;

	if (addr && copy_out(p, addr, &status, sizeof(status)))
		return -EFAULT;
	proc_free(c);
	return pid;
}

/* child_of: a zombie child of p matching pid (-1 or 0: any); *any says
 * whether p has a matching child at all. */
static struct proc *child_of(struct proc *p, int64_t pid, int *any)
{
	*any = 0;
	for (int i = 1; i < PROCS; i++) {
		struct proc *c = &procs[i];

		if (!c->used || c->ppid != p->pid || (pid > 0 && c->pid != pid))
			continue;
		*any = 1;
		if (c->zombie)
			return c;
	}
	return NULL;
}

int64_t sys_wait4(struct proc *p, const uint64_t a[6], const uint64_t words[EXC_REPLY_WORDS])
{
	int64_t pid = (int32_t)a[0];
	struct proc *c;
	struct lc_ret r;
	int any;

	if (pid < -1)
		pid = -1;                       /* process groups: not yet, any child */
	c = child_of(p, pid, &any);
	if (!any)
		return -ECHILD;
	if (c)
		return reap(p, c, a[1]);
	if (a[2] & WNOHANG)
		return 0;
	r = LC0(reply_save);
	if (r.err)
		return -EAGAIN;
	p->waiting = (uint32_t)r.r1;
	p->wait_pid = pid;
	p->wait_status_at = a[1];
	memcpy(p->wait_words, words, sizeof(p->wait_words));
	return KEPT;
}

/* wake_parent: c has ended: its parent gets it now if it waits for it. */
static void wake_parent(struct proc *c)
{
	struct proc *p = NULL;
	struct lc_msg m;

	for (int i = 1; i < PROCS; i++)
		if (procs[i].used && !procs[i].zombie && procs[i].pid == c->ppid)
			p = &procs[i];
	if (!p) {
		proc_free(c);                   /* nobody will wait for it */
		return;
	}
	if (!p->waiting || (p->wait_pid > 0 && p->wait_pid != c->pid))
		return;
	memcpy(m.w, p->wait_words, sizeof(p->wait_words));
	m.w[EXC_X0] = (uint64_t)reap(p, c, p->wait_status_at);
	m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
	lc_reply(p->waiting, &m);
	p->waiting = 0;
}

/* proc_exit: p ends with status (wait4's word: code << 8, or a signal
 * number); its children go to PID 1. */
void proc_exit(struct proc *p, int status)
{
	proc_release(p);
	p->zombie = 1;
	p->status = status;
	for (int i = 1; i < PROCS; i++) {
		struct proc *c = &procs[i];

		if (c->used && c->ppid == p->pid) {
			c->ppid = 1;
			if (c->zombie)
				wake_parent(c);
		}
	}
	if (p->waiting) {
		lc_handle_close(p->waiting);
		p->waiting = 0;
	}
	wake_parent(p);
}

/* strings_in: a NULL-terminated array of strings from p's memory. */
static int strings_in(struct proc *p, uint64_t addr, char **out, char *space, size_t room)
{
	int n = 0;

	for (; addr && n < MAX_ARGS - 1; n++) {
		uint64_t s;
		size_t len;

		if (copy_in(p, &s, addr + (uint64_t)n * 8, 8))
			return -EFAULT;
		if (!s)
			break;
		if (copy_string_in(p, space, s, room))
			return -E2BIG;
		len = strlen(space) + 1;
		out[n] = space;
		space += len;
		room -= len;
	}
	out[n] = NULL;
	return 0;
}

int64_t sys_execve(struct proc *p, const uint64_t a[6], uint64_t words[EXC_REPLY_WORDS])
{
	static char path[PATH_BYTES], argspace[ARG_BYTES], envspace[ARG_BYTES];
	char *argv[MAX_ARGS], *envp[MAX_ARGS];
	uint64_t entry, sp;
	int err;

	if (copy_string_in(p, path, a[0], sizeof(path)) ||
	    strings_in(p, a[1], argv, argspace, sizeof(argspace)) ||
	    strings_in(p, a[2], envp, envspace, sizeof(envspace)))
		return -EFAULT;
	if (!strcmp(path, "/proc/self/exe"))
		strcpy(path, p->exe);
	err = proc_exec(p, path, argv, envp, &entry, &sp);
	if (err)
		return err;
	memset(words, 0, EXC_REPLY_WORDS * sizeof(uint64_t));
	words[EXC_PC] = entry;
	words[EXC_SP] = sp;
	return 0;
}
