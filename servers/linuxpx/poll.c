/*
 * poll.c: ppoll (what poll and select come down to), on the console,
 * pipes and files.  Files are always ready; a pipe is readable when it
 * holds bytes or has no writer left, writable when it has room or no
 * reader; the console is readable when something was typed.  Waiting
 * is done for the console only (BusyBox's line editing polls it before
 * each key): without a timeout, until a key comes; with one, a single
 * short look again.
 *
 * Not yet: waiting on pipes (a poll that would wait on one returns at
 * once with nothing ready), signal masks.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

#define POLLIN   0x001
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
#define MAX_POLL 64

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

static int16_t ready(struct proc *p, const struct kpollfd *f)
{
	struct ofile *o = f->fd >= 0 && f->fd < FDS ? p->fds[f->fd] : NULL;
	int16_t r = 0;

	if (f->fd < 0)
		return 0;
	if (!o)
		return POLLNVAL;
	if (o->console)
		return (int16_t)((console_readable() ? POLLIN : 0) | POLLOUT) & (f->events | POLLERR);
	if (o->pipe) {
		struct pipe *pp = o->pipe;

		if (!o->pipe_writer && (pp->used || !pp->writers))
			r |= pp->used ? POLLIN : POLLHUP;
		if (o->pipe_writer && (pp->used < PIPE_BYTES || !pp->readers))
			r |= pp->readers ? POLLOUT : POLLERR;
		return r & (f->events | POLLHUP | POLLERR);
	}
	return (POLLIN | POLLOUT) & f->events;
}

static int count(struct proc *p, struct kpollfd *fds, uint64_t n)
{
	int k = 0;

	for (uint64_t i = 0; i < n; i++) {
		fds[i].revents = ready(p, &fds[i]);
		k += fds[i].revents != 0;
	}
	return k;
}

int64_t sys_ppoll(struct proc *p, uint64_t addr, uint64_t n, uint64_t tmo)
{
	struct kpollfd fds[MAX_POLL];
	int64_t t[2] = { -1, 0 };
	int k, console = 0;

	if (n > MAX_POLL)
		return -EINVAL;
	if (copy_in(p, fds, addr, n * sizeof(fds[0])) || (tmo && copy_in(p, t, tmo, sizeof(t))))
		return -EFAULT;
	k = count(p, fds, n);
	for (uint64_t i = 0; i < n && !k; i++)
		console |= fds[i].fd >= 0 && fds[i].fd < FDS && p->fds[fds[i].fd] &&
			   p->fds[fds[i].fd]->console && (fds[i].events & POLLIN);
	if (!k && console && (t[0] || t[1])) {
		console_wait(t[0] < 0 ? -1 : t[0] * 1000000000 + t[1]);
		k = count(p, fds, n);
	}
	if (copy_out(p, addr, fds, n * sizeof(fds[0])))
		return -EFAULT;
	return k;
}
