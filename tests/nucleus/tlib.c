/*
 * tlib.c: the test library (see tlib.h).
 */
#include "tlib.h"
#include "fmt.h"
#include "lichen/server.h"

#include <stdarg.h>
#include <string.h>

#define MAX_THREADS  8
#define STACK_BYTES  (16 * 1024)
#define PAGE         4096UL
#define BUF_BASE     0x0000005000000000UL   /* helper threads' message buffers */
#define MEM_BASE     0x0000006000000000UL   /* tmem() */

struct start {
	void (*fn)(uint64_t);
	uint64_t arg;
	uint32_t self;
};

static uint8_t stacks[MAX_THREADS][STACK_BYTES] __attribute__((aligned(16)));
static struct start starts[MAX_THREADS];
static int nthreads;
static uint64_t mem_next = MEM_BASE;

struct line {
	char buf[200];
	size_t n;
};

static void out(void *ctx, char c)
{
	struct line *l = ctx;

	if (l->n < sizeof(l->buf))
		l->buf[l->n++] = c;
}

void tsay(const char *fmt, ...)
{
	struct line l = { .n = 0 };
	va_list ap;

	va_start(ap, fmt);
	fmt_vformat(out, &l, fmt, ap);
	va_end(ap);
	lc_debug_write(l.buf, l.n);
}

static void trampoline(uint64_t p)
{
	struct start *s = (struct start *)p;

	s->fn(s->arg);
	for (;;)
		lc_sys(SYS_thread_suspend, s->self, 0, 0, 0, 0, 0);
}

void *tmem(uint64_t pages, uint32_t *region)
{
	uint32_t r;
	void *p = (void *)mem_next;

	if (lc_region_create(pages, 0, &r) ||
	    lc_map(SI->self_aspace, r, mem_next, 0, pages, RIGHT_READ | RIGHT_WRITE))
		return NULL;
	mem_next += (pages + 1) * PAGE;
	if (region)
		*region = r;
	else
		lc_handle_close(r);
	return p;
}

int tthread(void (*fn)(uint64_t), uint64_t arg, unsigned prio, uint32_t *th)
{
	int i = nthreads, err;
	uint32_t buf_region;

	if (i == MAX_THREADS)
		return ERR_FULL;
	starts[i] = (struct start){ fn, arg, 0 };
	err = lc_thread_create(SI->self_task, (uint64_t)trampoline,
			       (uint64_t)(stacks[i] + STACK_BYTES), (uint64_t)&starts[i], prio, th);
	if (err)
		return err;
	starts[i].self = *th;
	err = lc_region_create(1, 0, &buf_region);
	if (!err)
		err = lc_map(SI->self_aspace, buf_region, BUF_BASE + i * 2 * PAGE, 0, 1,
			     RIGHT_READ | RIGHT_WRITE);
	if (!err)
		err = lc_thread_ipcbuf(*th, BUF_BASE + i * 2 * PAGE);
	if (!err)
		err = lc_thread_resume(*th);
	nthreads++;
	return err;
}

uint64_t trand(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

uint64_t trestarts(const char *name)
{
	uint64_t restarts = 0, state, served;

	name_status(name, &restarts, &state, &served);
	return restarts;
}
