/*
 * service.c: init's main loop.  One thread does it all, in order, so
 * there is nothing to lock: it answers the name service, learns of
 * deaths (a relay thread turns the death notification into a NAME_DIED
 * message from init itself, badge 0), restarts servers now or when their
 * back-off delay ends, and runs tests one after the other.  It uses only
 * say() for output (not stdio): the relay and the runtime handler run
 * beside it.
 */
#include "servers.h"
#include "lichen/sys.h"

#include <string.h>

#define TEST_BUDGET (16UL << 20)
#define RELAY_STACK 8192

static uint32_t name_ep;
static struct names names;
static char **tests;
static int ntests, test_now = -1, test_passed, test_failed;
static uint32_t test_done_mask;
static uint32_t relay_death;
static uint8_t relay_stack[RELAY_STACK] __attribute__((aligned(16)));

/* relay: death notification -> NAME_DIED message (outside musl). */
static void relay(void)
{
	struct lc_msg m;
	uint64_t bits;

	for (;;) {
		if (lc_notify_wait(relay_death, 0, &bits))
			continue;
		m.info = MSGINFO(NAME_DIED, 1, 0);
		m.w[0] = bits;
		lc_call(name_ep, &m, 0);
	}
}

static void start_relay(void)
{
	uint32_t th;

	if (lc_thread_create(boot->self_task, (uint64_t)relay,
			     (uint64_t)(relay_stack + RELAY_STACK), 0, 48, &th) == 0)
		lc_thread_resume(th);
}

static struct ipc_buffer *my_buffer(void)
{
	return (struct ipc_buffer *)0x0000ffffffe00000UL;   /* init's, from the nucleus */
}

/* endpoint_for: the server's endpoint for one client: SEND (and XFER,
 * so that init can pass it on), badged with the client's own badge. */
static int endpoint_for(struct name_entry *e, uint64_t client, uint32_t *out)
{
	return lc_handle_dup(e->endpoint, RIGHT_SEND | RIGHT_XFER, client ? client : 0xffff, out);
}

static void answer_waiters(struct name_entry *e)
{
	struct lc_msg m;
	uint64_t client;
	uint32_t r, ep;

	while ((r = names_take_waiter(&names, e->name, &client)) != 0) {
		m.w[0] = 0;
		m.info = MSGINFO(0, 1, 0);
		if (endpoint_for(e, client, &ep) == 0) {
			my_buffer()->send_handles[0] = ep;
			m.info = MSGINFO(0, 1, 1);
		} else {
			m.w[0] = (uint64_t)-5;
		}
		lc_reply(r, &m);
		if (MSG_HANDLES(m.info))
			lc_handle_close(ep);
	}
}

static struct server *server_named(const char *name)
{
	for (int i = 0; i < nservers; i++)
		if (!strncmp(servers[i].name, name, NAME_LEN))
			return &servers[i];
	return NULL;
}

static void name_of(const struct lc_msg *m, char *name)
{
	memcpy(name, m->w, NAME_LEN);
	name[NAME_LEN - 1] = '\0';
}

/* on_register: only a server init started may register, under its name. */
static int64_t on_register(struct lc_msg *m, const char *name)
{
	struct server *s = server_named(name);
	struct name_entry *e;
	uint32_t old, ep = my_buffer()->recv_handles[0];

	if (!s || m->badge != (uint64_t)s->client || MSG_HANDLES(m->info) != 1 || !ep)
		return -1;                          /* -EPERM */
	e = names_register(&names, name, ep, &old);
	if (!e)
		return -28;                         /* -ENOSPC */
	if (old)
		lc_handle_close(old);
	s->state = SERVER_RUNNING;
	answer_waiters(e);
	return 0;
}

/* on_lookup: answer now, or keep the reply until the name comes back. */
static int64_t on_lookup(struct lc_msg *m, const char *name, int *answered)
{
	struct name_entry *e = names_find(&names, name);
	uint32_t ep;
	struct lc_ret r;

	if (e && e->endpoint) {
		if (endpoint_for(e, m->badge, &ep))
			return -5;
		my_buffer()->send_handles[0] = ep;
		m->w[0] = 0;
		m->info = MSGINFO(0, 1, 1);
		lc_reply((uint32_t)(r = LC0(reply_save)).r1, m);
		lc_handle_close(ep);
		*answered = 1;
		return 0;
	}
	if (!(m->w[NAME_WORDS] & NAME_WAIT) || (!e && !server_named(name)))
		return -2;                          /* -ENOENT */
	r = LC0(reply_save);
	if (r.err || names_wait(&names, name, (uint32_t)r.r1, m->badge)) {
		if (!r.err)
			lc_handle_close((uint32_t)r.r1);
		return -11;                         /* -EAGAIN */
	}
	*answered = 1;
	return 0;
}

static int64_t on_inject(struct lc_msg *m, const char *name)
{
	struct server *s = server_named(name);

	if (!s)
		return -2;
	s->status->crash_after = s->status->served + (m->w[NAME_WORDS] ? m->w[NAME_WORDS] : 1);
	s->status->crash_armed = 1;
	return 0;
}

static int64_t on_status(struct lc_msg *m, const char *name)
{
	struct server *s = server_named(name);

	if (!s)
		return -2;
	m->w[1] = s->policy.restarts;
	m->w[2] = (uint64_t)s->state;
	m->w[3] = s->status->served;
	return 0;
}

/* server_died: apply the restart policy. */
static void server_died(struct server *s, struct client *c)
{
	int64_t delay = policy_on_death(&s->policy, s->status->served);
	uint32_t old = names_unregister(&names, s->name);

	if (old)
		lc_handle_close(old);
	lc_handle_close(c->task);
	lc_handle_close(c->aspace);
	c->task = c->aspace = 0;
	if (delay == POLICY_FAILED) {
		s->state = SERVER_FAILED;
		say("init: %s keeps crashing before serving anything: marked failed\n", s->name);
		return;
	}
	s->state = SERVER_RESTARTING;
	if (delay == 0)
		server_start(s);
	else
		s->restart_at = lc_clock_ns() + (uint64_t)delay;
}

static void start_next_test(void);

static void test_died(struct client *c)
{
	test_done_mask |= 1u << c->instance;
	if (test_done_mask != 3)
		return;
	int ok = 1;

	for (int i = 0; i < MAX_CLIENTS; i++) {
		struct client *t = &clients[i];

		if (!t->used || t->test != test_now + 1)
			continue;
		int good = !t->faulted && t->exited && t->exit_code == 0;

		say("test: %s[%u]: %s (status %d)\n", tests[test_now], t->instance,
		    good ? "ok" : t->faulted ? "FAIL (exception)" : t->exited ? "FAIL (exit status)"
							      : "FAIL (killed)", t->exit_code);
		ok &= good;
		lc_handle_close(t->task);
		lc_handle_close(t->aspace);
		t->used = 0;
	}
	ok ? test_passed++ : test_failed++;
	start_next_test();
}

static void on_died(uint64_t bits)
{
	for (int i = 1; i < MAX_CLIENTS; i++) {
		struct client *c = &clients[i];

		if (!(bits & (1UL << i)) || !c->used)
			continue;
		if (c->test)
			test_died(c);
		else if (c->server >= 0)
			server_died(&servers[c->server], c);
	}
}

/* start_next_test: both instances of the next test; after the last,
 * the summary and power off. */
static void start_next_test(void)
{
	struct task_spec spec = { .budget = TEST_BUDGET, .name_ep = name_ep, .watch = relay_death };
	uint32_t ep;

	test_done_mask = 0;
	if (++test_now >= ntests) {
		say("test: done: %d passed, %d failed\n", test_passed, test_failed);
		lc_poweroff(boot->system);
	}
	for (uint32_t i = 0; i < boot->nmodules; i++)
		if (!strcmp(boot->modules[i].name, tests[test_now]))
			spec.module = &boot->modules[i];
	if (!spec.module || lc_endpoint_create(&ep)) {
		say("test: %s: FAIL (no such module)\n", tests[test_now]);
		test_failed++;
		start_next_test();
		return;
	}
	spec.test_ep = ep;
	for (uint32_t i = 0; i < 2; i++) {
		struct client *c = client_new(tests[test_now]);

		if (!c)
			break;
		c->test = test_now + 1;
		c->instance = i;
		spec.instance = i;
		spec.watch_bit = 1UL << (c - clients);
		if (load_task(&spec, c))
			test_died(c);
	}
	lc_handle_close(ep);
}

/* handle: one message; returns 1 if it was answered already (or must
 * not be answered). */
static int handle(struct lc_msg *m)
{
	char name[NAME_LEN];
	int answered = 0;
	unsigned label = MSG_LABEL(m->info);
	int64_t r = -22;                            /* -EINVAL */

	name_of(m, name);
	switch (label) {
	case NAME_REGISTER: r = on_register(m, name); break;
	case NAME_LOOKUP:   r = on_lookup(m, name, &answered); break;
	case NAME_INJECT:   r = on_inject(m, name); break;
	case NAME_STATUS:   r = on_status(m, name); break;
	case NAME_DIED:
		if (m->badge == 0)
			on_died(m->w[0]);
		r = 0;
		break;
	}
	m->w[0] = (uint64_t)r;
	m->info = MSGINFO(0, label == NAME_STATUS ? 4 : 1, 0);
	return answered;
}

/* next_restart: the nearest pending restart (ns from now, 0: none), and
 * start the ones that are due. */
static uint64_t due_restarts(void)
{
	uint64_t now = lc_clock_ns(), next = 0;

	for (int i = 0; i < nservers; i++) {
		struct server *s = &servers[i];

		if (!s->restart_at)
			continue;
		if (s->restart_at <= now) {
			s->restart_at = 0;
			server_start(s);
		} else if (!next || s->restart_at - now < next) {
			next = s->restart_at - now;
		}
	}
	return next;
}

void service_run(uint32_t ep, uint32_t death, char **test_list, int count)
{
	struct lc_msg m;
	int answered = 1, err;

	name_ep = ep;
	relay_death = death;
	tests = test_list;
	ntests = count;
	start_relay();
	if (ntests)
		start_next_test();
	for (;;) {
		uint64_t wait = due_restarts();

		err = answered ? lc_recv(name_ep, &m, wait) : lc_reply_recv(name_ep, &m, wait);
		answered = 1;
		if (err)
			continue;               /* a timeout: a restart is due */
		answered = handle(&m);
	}
}
