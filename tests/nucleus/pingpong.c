/*
 * pingpong.c: two tasks, two address spaces, one endpoint.  Instance 1
 * serves (reply_recv), instance 0 calls 1,000 times and checks every
 * word of every answer (the figures are measured by bench.c).  Then a
 * thread of instance 0 makes 1,000 "svc #0" calls that instance 1
 * answers as their handler: x0-x8 come back as the handler set them and
 * every other register as it was.  These are the IPC fast paths: the
 * message words stay in the registers from one task to the other, and an
 * answer moves from the handler's x2-x12 to the thread's x0-x8, pc and
 * sp (docs/ipc.md).
 */
#include "tlib.h"

#define LABEL_ADD  1
#define LABEL_QUIT 2
#define ROUNDS     1000
#define TRAP_BADGE 0x7a

/* trap_probe(base, out): set x1-x15 and x19-x28 to base + their number,
 * x0 to base, execute "svc #0", and store x0-x15 then x19-x28 at out
 * (26 words).  The callee-saved registers are restored for the caller. */
void trap_probe(uint64_t base, uint64_t *out);
__asm__(
	".text\n"
	".globl trap_probe\n"
	"trap_probe:\n"
	"	stp x29, x30, [sp, #-96]!\n"
	"	stp x19, x20, [sp, #16]\n"
	"	stp x21, x22, [sp, #32]\n"
	"	stp x23, x24, [sp, #48]\n"
	"	stp x25, x26, [sp, #64]\n"
	"	stp x27, x28, [sp, #80]\n"
	"	mov x29, x1\n"
	"	add x1, x0, #1\n  add x2, x0, #2\n  add x3, x0, #3\n  add x4, x0, #4\n"
	"	add x5, x0, #5\n  add x6, x0, #6\n  add x7, x0, #7\n  add x8, x0, #8\n"
	"	add x9, x0, #9\n  add x10, x0, #10\n add x11, x0, #11\n add x12, x0, #12\n"
	"	add x13, x0, #13\n add x14, x0, #14\n add x15, x0, #15\n"
	"	add x19, x0, #19\n add x20, x0, #20\n add x21, x0, #21\n add x22, x0, #22\n"
	"	add x23, x0, #23\n add x24, x0, #24\n add x25, x0, #25\n add x26, x0, #26\n"
	"	add x27, x0, #27\n add x28, x0, #28\n"
	"	svc #0\n"
	"	stp x0, x1, [x29, #0]\n   stp x2, x3, [x29, #16]\n"
	"	stp x4, x5, [x29, #32]\n  stp x6, x7, [x29, #48]\n"
	"	stp x8, x9, [x29, #64]\n  stp x10, x11, [x29, #80]\n"
	"	stp x12, x13, [x29, #96]\n stp x14, x15, [x29, #112]\n"
	"	stp x19, x20, [x29, #128]\n stp x21, x22, [x29, #144]\n"
	"	stp x23, x24, [x29, #160]\n stp x25, x26, [x29, #176]\n"
	"	stp x27, x28, [x29, #192]\n"
	"	ldp x19, x20, [sp, #16]\n"
	"	ldp x21, x22, [sp, #32]\n"
	"	ldp x23, x24, [sp, #48]\n"
	"	ldp x25, x26, [sp, #64]\n"
	"	ldp x27, x28, [sp, #80]\n"
	"	ldp x29, x30, [sp], #96\n"
	"	ret\n");

/* answer_trap: the handler's side: check the exception message of a
 * trap_probe and answer it: x0 = base * 2, x1-x8 = base + 100 + n, the
 * same pc and sp. */
static void answer_trap(struct lc_msg *m)
{
	uint64_t base = m->w[EXC_X0];

	CHECK_EQ(MSG_LABEL(m->info), EXC_SYSCALL);
	CHECK_EQ(MSG_WORDS(m->info), EXC_WORDS);
	for (int n = 1; n <= 8; n++)
		CHECK_EQ(m->w[EXC_X0 + n], base + n);
	CHECK_EQ(m->w[EXC_ESR], 0x56000000);          /* svc #0 from AArch64 */
	m->w[EXC_X0] = base * 2;
	for (int n = 1; n <= 8; n++)
		m->w[EXC_X0 + n] = base + 100 + n;
	m->info = MSGINFO(0, EXC_REPLY_WORDS, 0);
}

static void serve(void)
{
	struct lc_msg m;
	int err = lc_recv(SI->test_ep, &m, 0);

	for (;;) {
		CHECK_EQ(err, 0);
		if (m.badge == TRAP_BADGE) {
			answer_trap(&m);
			err = lc_reply_recv(SI->test_ep, &m, 0);
			continue;
		}
		if (MSG_LABEL(m.info) == LABEL_QUIT)
			break;
		CHECK_EQ(MSG_LABEL(m.info), LABEL_ADD);
		CHECK_EQ(MSG_WORDS(m.info), MSG_REG_WORDS);
		for (int k = 1; k < MSG_REG_WORDS; k++)
			CHECK_EQ(m.w[k], m.w[0] * 1000 + k);
		m.w[0] += 1;
		for (int k = 1; k < MSG_REG_WORDS - 1; k++)
			m.w[k] = ~m.w[k];
		m.w[13] = m.badge;
		m.info = MSGINFO(7, MSG_REG_WORDS, 0);
		err = lc_reply_recv(SI->test_ep, &m, 0);
	}
	m.info = 0;
	lc_reply_recv(SI->test_ep, &m, 1000);   /* answer the quit; wait 1 us for nothing */
	exit(0);
}

static volatile int traps_done;

/* trapper: a thread whose every svc goes to instance 1. */
static void trapper(uint64_t unused)
{
	static uint64_t out[26];

	(void)unused;
	for (uint64_t i = 1; i <= ROUNDS; i++) {
		uint64_t base = i << 16;

		trap_probe(base, out);
		CHECK_EQ(out[0], base * 2);
		for (int n = 1; n <= 8; n++)
			CHECK_EQ(out[n], base + 100 + n);
		for (int n = 9; n <= 15; n++)
			CHECK_EQ(out[n], base + n);             /* not part of the answer */
		for (int n = 19; n <= 28; n++)
			CHECK_EQ(out[16 + n - 19], base + n);   /* callee-saved: untouched */
	}
	traps_done = 1;
}

static void client(void)
{
	struct lc_msg m = { 0 };
	uint32_t th;

	for (uint64_t i = 0; i < ROUNDS; i++) {
		m.info = MSGINFO(LABEL_ADD, MSG_REG_WORDS, 0);
		m.w[0] = i;
		for (int k = 1; k < MSG_REG_WORDS; k++)
			m.w[k] = i * 1000 + k;
		CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
		CHECK_EQ(MSG_LABEL(m.info), 7);
		CHECK_EQ(MSG_WORDS(m.info), MSG_REG_WORDS);
		CHECK_EQ(m.w[0], i + 1);
		for (int k = 1; k < MSG_REG_WORDS - 1; k++)
			CHECK_EQ(m.w[k], ~(i * 1000 + k));
		CHECK_EQ(m.w[13], 0);             /* the badge the server saw */
		CHECK_EQ(m.badge, 0);             /* a reply carries none */
	}
	tsay("  %d calls answered in order across two address spaces, all 14 words each way\n",
	     ROUNDS);
	CHECK_EQ(tthread(trapper, 0, 32, &th), 0);
	CHECK_EQ(lc_thread_handler(th, SI->test_ep, TRAP_BADGE), 0);
	while (!traps_done)
		lc_sleep(1000000);
	tsay("  %d svc #0 answered by the other task: x0-x8 as answered, the rest kept\n",
	     ROUNDS);
	m.info = MSGINFO(LABEL_QUIT, 0, 0);
	CHECK_EQ(lc_call(SI->test_ep, &m, 0), 0);
	exit(0);
}

int main(void)
{
	if (SI->instance == 1)
		serve();
	client();
}
