/*
 * pipes.c: pipe2, and reading and writing pipes.
 *
 * A pipe is a 16 KiB ring in linuxpx.  A read of an empty pipe that
 * still has writers, and a write to a full one that still has readers,
 * do not block linuxpx: the process's reply is kept (reply_save) with
 * what it asked, and given when the other end moves (DESIGN.md: no
 * server blocks on one client).  The last writer's close gives a waiting
 * reader the end of file; the last reader's close gives a waiting writer
 * -EPIPE.
 *
 * Not yet: SIGPIPE (the writer gets -EPIPE only), several readers or
 * writers waiting on one pipe at once (the second gets -EAGAIN), poll.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

#define O_NONBLOCK 04000
#define O_CLOEXEC  02000000

struct pipe pipes[PIPES];

/* waiter: a process whose read or write of a pipe waits, its reply kept. */
static int keep(struct waiter *w, struct proc *p, uint64_t buf, uint64_t len, uint64_t done)
{
	struct lc_ret r;

	if (w->reply)
		return -EAGAIN;                 /* one waiter per end, for now */
	r = LC0(reply_save);
	if (r.err)
		return -EAGAIN;
	*w = (struct waiter){ (uint32_t)r.r1, p->pid, buf, len, done, { 0 } };
	memcpy(w->words, current_words, sizeof(w->words));
	return 0;
}

static void answer(struct waiter *w, int64_t result)
{
	struct lc_msg m;

	memcpy(m.w, w->words, sizeof(w->words));
	m.w[EXC_X0] = (uint64_t)result;
	m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
	lc_reply(w->reply, &m);
	w->reply = 0;
}

static struct proc *proc_of(int pid)
{
	for (int i = 1; i < PROCS; i++)
		if (procs[i].used && !procs[i].zombie && procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

/* take: up to len bytes out of the ring into p's memory at buf. */
static int64_t take(struct pipe *pp, struct proc *p, uint64_t buf, uint64_t len)
{
	uint64_t n = 0;

	while (n < len && pp->used) {
		uint64_t at = pp->head % PIPE_BYTES, run = PIPE_BYTES - at;

		run = run < pp->used ? run : pp->used;
		run = run < len - n ? run : len - n;
		if (copy_out(p, buf + n, pp->ring + at, run))
			return n ? (int64_t)n : -EFAULT;
		pp->head += run;
		pp->used -= run;
		n += run;
	}
	return (int64_t)n;
}

/* give: up to len bytes from p's memory at buf into the ring. */
static int64_t give(struct pipe *pp, struct proc *p, uint64_t buf, uint64_t len)
{
	uint64_t n = 0;

	while (n < len && pp->used < PIPE_BYTES) {
		uint64_t at = (pp->head + pp->used) % PIPE_BYTES, run = PIPE_BYTES - at;

		run = run < PIPE_BYTES - pp->used ? run : PIPE_BYTES - pp->used;
		run = run < len - n ? run : len - n;
		if (copy_in(p, pp->ring + at, buf + n, run))
			return n ? (int64_t)n : -EFAULT;
		pp->used += run;
		n += run;
	}
	return (int64_t)n;
}

/* settle: after a change, answer the waiters that can go on. */
static void settle(struct pipe *pp)
{
	struct waiter *r = &pp->reader, *w = &pp->writer;

	for (int moved = 1; moved;) {
		moved = 0;
		if (w->reply) {
			struct proc *p = proc_of(w->pid);

			if (!p || !pp->readers) {
				answer(w, w->done ? (int64_t)w->done : -EPIPE);
			} else if (pp->used < PIPE_BYTES) {
				int64_t n = give(pp, p, w->buf + w->done, w->len - w->done);

				if (n < 0 || (w->done += (uint64_t)n) == w->len)
					answer(w, n < 0 && !w->done ? n : (int64_t)w->done);
				moved = n > 0;
			}
		}
		if (r->reply && (pp->used || !pp->writers)) {
			struct proc *p = proc_of(r->pid);

			answer(r, p ? take(pp, p, r->buf, r->len) : 0);
			moved = 1;
		}
	}
}

int64_t sys_pipe2(struct proc *p, uint64_t fds_at, uint64_t flags)
{
	struct pipe *pp = NULL;
	struct ofile *rd, *wr;
	int32_t fds[2];

	if (flags & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	for (int i = 0; i < PIPES && !pp; i++)
		if (!pipes[i].readers && !pipes[i].writers)
			pp = &pipes[i];
	if (!pp || !(rd = ofile_new()))
		return -ENFILE;
	if (!(wr = ofile_new())) {
		rd->refs = 0;
		return -ENFILE;
	}
	memset(pp, 0, sizeof(*pp));
	pp->readers = pp->writers = 1;
	rd->pipe = wr->pipe = pp;
	rd->flags = (uint32_t)(flags & O_NONBLOCK);
	wr->flags = (uint32_t)(flags & O_NONBLOCK) | 1;      /* O_WRONLY */
	wr->pipe_writer = 1;
	fds[0] = fd_new(p, rd, 0, (flags & O_CLOEXEC) != 0);
	fds[1] = fds[0] < 0 ? -1 : fd_new(p, wr, 0, (flags & O_CLOEXEC) != 0);
	if (fds[1] < 0 || copy_out(p, fds_at, fds, sizeof(fds))) {
		if (fds[0] >= 0)
			p->fds[fds[0]] = NULL;
		if (fds[1] >= 0)
			p->fds[fds[1]] = NULL;
		ofile_put(rd);
		ofile_put(wr);
		return fds[1] < 0 ? -EMFILE : -EFAULT;
	}
	return 0;
}

int64_t pipe_read(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len)
{
	struct pipe *pp = f->pipe;
	int64_t n;

	if (!len)
		return 0;
	if (!pp->used && pp->writers) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		return keep(&pp->reader, p, buf, len, 0) ? -EAGAIN : KEPT;
	}
	n = take(pp, p, buf, len);
	settle(pp);
	return n;
}

int64_t pipe_write(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len)
{
	struct pipe *pp = f->pipe;
	int64_t n;

	if (!pp->readers)
		return -EPIPE;
	n = give(pp, p, buf, len);
	if (n >= 0 && (uint64_t)n < len && !(f->flags & O_NONBLOCK)) {
		settle(pp);                     /* a waiting reader takes what is there */
		n += give(pp, p, buf + (uint64_t)n, len - (uint64_t)n);
		if ((uint64_t)n < len) {
			if (keep(&pp->writer, p, buf, len, (uint64_t)n))
				return n ? n : -EAGAIN;
			settle(pp);
			return KEPT;
		}
	}
	settle(pp);
	return n == 0 && len ? -EAGAIN : n;
}

/* pipe_closed: the last descriptor on one end of pp went. */
void pipe_closed(struct pipe *pp, int writer)
{
	if (writer)
		pp->writers--;
	else
		pp->readers--;
	settle(pp);
}

/* pipe_forget: process p is gone: its waits on pipes are dropped. */
void pipes_forget(struct proc *p)
{
	for (int i = 0; i < PIPES; i++)
		for (int k = 0; k < 2; k++) {
			struct waiter *w = k ? &pipes[i].writer : &pipes[i].reader;

			if (w->reply && w->pid == p->pid) {
				lc_handle_close(w->reply);
				w->reply = 0;
			}
		}
}
