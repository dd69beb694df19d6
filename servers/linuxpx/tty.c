/*
 * tty.c: the console as a Linux terminal: termios (TCGETS, TCSETS),
 * output processing (OPOST, ONLCR), and input in canonical mode (a line
 * at a time, with erase, kill and end-of-file, echoed) or not (the
 * bytes as they come, as BusyBox's line editing wants them).  The bytes
 * travel through the uart server (ipc/lib/tty.c).
 *
 * Not yet: signals from the keyboard (^C, ^Z: ISIG), flow control, job
 * control's foreground group (TIOCSPGRP is accepted and remembered
 * only), and serving other processes while one waits for input (linuxpx
 * waits for the uart meanwhile).
 */
#include "linuxpx.h"
#include "lichen/tty.h"

#include <errno.h>
#include <string.h>

/* struct termios as the kernel's ioctls pass it (asm-generic/termbits.h). */
struct ktermios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line;
	uint8_t cc[19];
};

enum { VINTR, VQUIT, VERASE, VKILL, VEOF, VTIME, VMIN, VSWTC, VSTART, VSTOP, VSUSP, VEOL,
       VREPRINT, VDISCARD, VWERASE, VLNEXT, VEOL2 };
#define ICRNL   0000400
#define IXON    0002000
#define OPOST   0000001
#define ONLCR   0000004
#define ISIG    0000001
#define ICANON  0000002
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHOCTL 0001000
#define ECHOKE  0004000
#define IEXTEN  0100000
#define CS8     0000060
#define CREAD   0000200
#define HUPCL   0002000
#define B38400  0000017

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B

/* Linux's defaults for a new terminal (tty_std_termios). */
static struct ktermios term = {
	.iflag = ICRNL | IXON, .oflag = OPOST | ONLCR, .cflag = B38400 | CS8 | CREAD | HUPCL,
	.lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.cc = { [VINTR] = 3, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15, [VEOF] = 4,
		[VMIN] = 1, [VSTART] = 0x11, [VSTOP] = 0x13, [VSUSP] = 0x1a, [VREPRINT] = 0x12,
		[VDISCARD] = 0x0f, [VWERASE] = 0x17, [VLNEXT] = 0x16 },
};
static uint16_t winsize[4] = { 24, 80, 0, 0 };
static int32_t foreground = 1;

/* The line being typed (canonical mode), and what is ready to read. */
static char line[4096];
static size_t line_len, ready_len;

/* console_write: bytes to the console, with the output processing. */
int64_t console_write(const char *bytes, size_t len)
{
	char out[512];
	size_t n = 0;
	int crnl = (term.oflag & OPOST) && (term.oflag & ONLCR);

	for (size_t i = 0; i < len; i++) {
		if (crnl && bytes[i] == '\n')
			out[n++] = '\r';
		out[n++] = bytes[i];
		if (n >= sizeof(out) - 1 || i + 1 == len) {
			if (tty_write(out, n) < 0)
				return -EIO;
			n = 0;
		}
	}
	return (int64_t)len;
}

static void echo(const char *s, size_t n)
{
	if (term.lflag & ECHO)
		console_write(s, n);
}

/* cook: one typed byte, in canonical mode: 1 when a line is complete
 * (or end of file was typed). */
static int cook(char c)
{
	if (c == '\r' && (term.iflag & ICRNL))
		c = '\n';
	if ((uint8_t)c == term.cc[VERASE] || c == '\b') {
		if (line_len > ready_len) {
			line_len--;
			echo("\b \b", 3);
		}
		return 0;
	}
	if ((uint8_t)c == term.cc[VKILL]) {
		while (line_len > ready_len) {
			line_len--;
			echo("\b \b", 3);
		}
		return 0;
	}
	if ((uint8_t)c == term.cc[VEOF])
		return 1;                       /* the line as it is (empty: end of file) */
	if ((uint8_t)c == term.cc[VINTR] && (term.lflag & ISIG)) {
		line_len = ready_len;           /* no signals yet: the line is dropped */
		echo("^C\n", 3);
		return 0;
	}
	if (line_len < sizeof(line))
		line[line_len++] = c;
	echo(&c, 1);
	return c == '\n';
}

/* console_read: canonical mode: a line (up to len bytes of it); else
 * what has been typed, at least one byte. */
int64_t console_read(struct proc *p, uint64_t buf, uint64_t len)
{
	char in[TTY_INLINE];
	int64_t n;

	if (!(term.lflag & ICANON)) {
		n = tty_read(in, len < sizeof(in) ? len : sizeof(in), 0);
		if (n <= 0)
			return n < 0 ? -EIO : 0;
		for (int64_t i = 0; i < n; i++)
			if (in[i] == '\r' && (term.iflag & ICRNL))
				in[i] = '\n';
		echo(in, (size_t)n);
		return copy_out(p, buf, in, (size_t)n) ? -EFAULT : n;
	}
	while (!ready_len) {
		int done = 0;

		n = tty_read(in, sizeof(in), 0);
		if (n < 0)
			return -EIO;
		for (int64_t i = 0; i < n; i++)
			if (cook(in[i]) && !done) {
				done = 1;
				ready_len = line_len;   /* later bytes start the next line */
			}
		if (done && !ready_len)
			break;                  /* end of file on an empty line */
	}
	n = (int64_t)(len < ready_len ? len : ready_len);
	if (copy_out(p, buf, line, (size_t)n))
		return -EFAULT;
	memmove(line, line + n, line_len - (size_t)n);
	line_len -= (size_t)n;
	ready_len -= (size_t)n;
	return n;
}

/* console_readable: a line is ready, or (not canonical) a byte. */
int console_readable(void)
{
	if (ready_len)
		return 1;
	return tty_poll(0) > 0;
}

/* console_wait: until something is typed (ns < 0), or ns at most (a
 * single short wait and a look). */
void console_wait(int64_t ns)
{
	if (ns < 0) {
		tty_poll(1);
		return;
	}
	lc_sleep((uint64_t)(ns < 20000000 ? ns : 20000000));
}

/* tty_ioctl: the terminal's ioctls on a console descriptor. */
int64_t tty_ioctl(struct proc *p, uint64_t req, uint64_t arg)
{
	switch (req) {
	case TCGETS:
		return copy_out(p, arg, &term, sizeof(term)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_in(p, &term, arg, sizeof(term)))
			return -EFAULT;
		if (req == TCSETSF)
			line_len = ready_len = 0;
		return 0;
	case TIOCGWINSZ:
		return copy_out(p, arg, winsize, sizeof(winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_in(p, winsize, arg, sizeof(winsize)) ? -EFAULT : 0;
	case TIOCGPGRP:
		return copy_out(p, arg, &foreground, sizeof(foreground)) ? -EFAULT : 0;
	case TIOCSPGRP:
		return copy_in(p, &foreground, arg, sizeof(foreground)) ? -EFAULT : 0;
	case TIOCSCTTY:
		return 0;
	case FIONREAD: {
		int32_t n = (int32_t)ready_len;

		return copy_out(p, arg, &n, sizeof(n)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}
