/*
 * main.c: linuxpx, the Linux personality: the server that runs Linux
 * programs (see linuxpx.h and servers/linuxpx/README.md).
 *
 * At start it mounts nothing itself: it is a client of fat32fs (files)
 * and uart (the console).  It reads the kernel command line as Linux
 * does for its first process: "init=PATH" names the program that runs as
 * PID 1; the other words without "=" (and that the nucleus and init do
 * not use) are its arguments, and all the words after "--"; its
 * environment is HOME=/ and TERM=linux.
 * Then it serves the exceptions of its processes, one at a time: a
 * system call is answered with its result in x0, a fault ends the
 * process.  When PID 1 ends, fat32fs writes everything out and the
 * machine powers off.
 *
 * Without init=, PID 1 is BusyBox's shell, interactive on the console.
 */
#include "linuxpx.h"
#include "lichen/server.h"
#include "lichen/startinfo.h"
#include "lichen/tty.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FS_BUF_VA   0x0000005800000000UL
#define RTC_VA      0x0000005900000000UL
#define FS_BUF_PAGES 64
#define MAX_WORDS   32

struct fs_client fs;
uint32_t px_endpoint;
uint64_t *current_words;

void px_say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		console_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* kernel_word: a word of the command line meant for someone else. */
static int kernel_word(const char *w)
{
	static const char *const words[] = { "selftest", "crash", "quiet", "ro", "rw", "splash" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w, words[i]))
			return 1;
	return 0;
}

/* next_word: the next word of the command line, as Linux splits it:
 * spaces separate, double quotes keep spaces in (and go away). */
static char *next_word(char **at)
{
	char *w = *at, *out;
	int quoted = 0;

	while (*w == ' ' || *w == '\t')
		w++;
	if (!*w)
		return NULL;
	for (out = *at = w; **at && (quoted || (**at != ' ' && **at != '\t')); (*at)++) {
		if (**at == '"')
			quoted = !quoted;
		else
			*out++ = **at;
	}
	if (**at)
		(*at)++;
	*out = '\0';
	return w;
}

/* parse_cmdline: init=PATH and PID 1's arguments; NULL without init=.
 * *tests: init runs its tests (test=...), and no PID 1 is wanted. */
static const char *parse_cmdline(char *line, char *argv[MAX_WORDS], int *tests)
{
	const char *path = NULL;
	char *at = line, *w;
	int argc = 1;

	int all = 0;

	*tests = 0;
	while ((w = next_word(&at)) != NULL) {
		if (all) {
			if (argc < MAX_WORDS - 1)
				argv[argc++] = w;           /* after "--": all for init */
		} else if (!strcmp(w, "--")) {
			all = 1;
		} else if (!strncmp(w, "test=", 5)) {
			*tests = 1;
		} else if (!strncmp(w, "init=", 5)) {
			path = w + 5;
		} else if (!strchr(w, '=') && !kernel_word(w) && argc < MAX_WORDS - 1) {
			argv[argc++] = w;
		}
	}
	argv[0] = (char *)path;
	argv[argc] = NULL;
	return path && path[0] == '/' ? path : NULL;
}

/* read_rtc: the wall clock from the PL031 that servers.conf gives us
 * (its data register counts seconds since 1970). */
static void read_rtc(void)
{
	const struct startinfo *si = startinfo();

	for (uint32_t i = 0; i < si->ndevices; i++) {
		if (strcmp(si->devices[i].compatible, "arm,pl031") ||
		    lc_map(si->self_aspace, si->devices[i].region, RTC_VA, 0, 1, RIGHT_READ))
			continue;
		realtime_base_ns = *(volatile uint32_t *)RTC_VA * 1000000000UL - lc_clock_ns();
		lc_unmap(si->self_aspace, RTC_VA, 1);
		return;
	}
}

/* pid1_ended: as Linux would not: sync, and power the machine off. */
static void pid1_ended(int status, const char *how)
{
	struct lc_msg m;

	px_say("linuxpx: PID 1 %s (status %d); syncing the disk and powering off\n", how, status);
	fs_call(&fs, FS_UNMOUNT, (const uint64_t[6]){ 0 }, &m);
	if (startinfo()->system)
		lc_poweroff(startinfo()->system);
}

/* serve: one exception of process p; 1 if it is to be resumed now
 * (with the words in m), 0 if not (it ended, or waits). */
static int serve(struct proc *p, struct lc_msg *m)
{
	int status = -1, pid = p->pid;
	int64_t r = 0;

	if (MSG_LABEL(m->info) != EXC_SYSCALL) {
		px_say("linuxpx: process %d (%s) faulted: exception %lu at pc %#lx, address %#lx\n",
		       p->pid, p->comm, (unsigned long)MSG_LABEL(m->info),
		       (unsigned long)m->w[EXC_PC], (unsigned long)m->w[EXC_FAR]);
		status = 11;                  /* as if killed by SIGSEGV */
	} else {
		uint64_t a[6];

		memcpy(a, &m->w[EXC_X0], sizeof(a));
		current_words = &m->w[EXC_X0];
		r = linux_syscall(p, m->w[EXC_X0 + 8], a, &m->w[EXC_X0], &status);
		if (status >= 0)
			status <<= 8;             /* wait4's word: the exit code in bits 8-15 */
	}
	if (status < 0 && r == KEPT)
		return 0;
	if (status < 0) {
		m->w[EXC_X0] = (uint64_t)r;
		return 1;
	}
	if (pid == 1)
		pid1_ended(status & 0x7f ? 128 + (status & 0x7f) : status >> 8,
			   status & 0x7f ? "was killed" : "exited");
	proc_exit(p, status);
	return 0;
}

int main(void)
{
	static char line[sizeof(startinfo()->bootargs)];
	char *argv[MAX_WORDS], *envp[] = { "HOME=/", "TERM=linux", NULL };
	struct proc *p;
	struct lc_msg m;
	const char *path;
	int err, answer = 0, tests;

	memcpy(line, startinfo()->bootargs, sizeof(line) - 1);
	read_rtc();
	path = parse_cmdline(line, argv, &tests);
	if (lc_endpoint_create(&px_endpoint) || sleep_start() ||
	    fs_connect(&fs, FS_BUF_PAGES, FS_BUF_VA)) {
		px_say("linuxpx: cannot reach fat32fs\n");
		return 1;
	}
	if (tests) {
		px_say("linuxpx: init runs tests (test=): no PID 1\n");
		for (;;)
			lc_sleep(1000000000000UL);
	}
	if (!path) {
		/* as DESIGN.md asks: an interactive BusyBox shell (FAT has no
		 * links, so /bin/sh may well be BusyBox under its own name) */
		static char sh[] = "sh";

		path = "/bin/busybox";
		argv[0] = sh;
		argv[1] = NULL;
	}
	err = proc_spawn(path, argv, envp, &p);
	if (err) {
		px_say("linuxpx: cannot start %s: error %d\n", path, err);
		pid1_ended(127, "could not start");
		return 1;
	}
	for (;;) {
		err = answer ? lc_reply_recv(px_endpoint, &m, 0) : lc_recv(px_endpoint, &m, 0);
		answer = 0;
		if (!err && m.badge == 0 && MSG_LABEL(m.info) == TICK_LABEL) {
			sleep_tick();                /* the ticker: sleepers to wake */
			m.info = MSGINFO(0, 0, 0);
			answer = 1;
			continue;
		}
		if (err || m.badge >= PROCS || !procs[m.badge].used)
			continue;
		if (serve(&procs[m.badge], &m)) {
			m.info = MSGINFO(0, EXC_REPLY_WORDS, 0);
			answer = 1;
		}
	}
}
