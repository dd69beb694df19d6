/*
 * main.c: init's main thread: after musl's start-up (served by the
 * runtime handler), it reads the boot arguments and starts tasks.
 *
 * Today init starts no servers yet (they come with the driver-server
 * issue).  With "test=NAME[,NAME...]" it runs those test modules (each
 * as two instances sharing an endpoint), reports each one's result and
 * powers off: that is how the nucleus's in-QEMU tests run.
 */
#include "init.h"
#include "lichen/sys.h"

#include <stdio.h>
#include <string.h>

#define TEST_BUDGET (16UL << 20)

static const struct bootinfo_module *find_module(const char *name)
{
	for (uint32_t i = 0; i < boot->nmodules; i++)
		if (!strcmp(boot->modules[i].name, name))
			return &boot->modules[i];
	return NULL;
}

/* bootarg: the value of KEY= in the boot arguments, or NULL. */
static const char *bootarg(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = boot->bootargs;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == boot->bootargs || p[-1] == ' ') && p[klen] == '=') {
			size_t n = strcspn(p + klen + 1, " ");

			if (n >= size)
				n = size - 1;
			memcpy(buf, p + klen + 1, n);
			buf[n] = '\0';
			return buf;
		}
		p += klen;
	}
	return NULL;
}

static int passed(const struct client *c)
{
	return !c->faulted && c->exited && c->exit_code == 0;
}

static const char *verdict(const struct client *c)
{
	if (c->faulted)
		return "FAIL (exception)";
	if (!c->exited)
		return "FAIL (killed)";
	return c->exit_code == 0 ? "ok" : "FAIL (exit status)";
}

/* run_test: both instances of module name; 1 if both exited with 0. */
static int run_test(const char *name, uint32_t done)
{
	const struct bootinfo_module *m = find_module(name);
	uint32_t ep;
	int idx[2], ok = 1;
	uint64_t bits, seen = 0;

	if (!m) {
		printf("test: %s: FAIL (no such module)\n", name);
		return 0;
	}
	if (lc_endpoint_create(&ep))
		return 0;
	for (uint32_t i = 0; i < 2; i++) {
		idx[i] = load_task(m, TEST_BUDGET, i, ep, done, 1UL << i);
		if (idx[i] < 0)
			return 0;
	}
	lc_handle_close(ep);
	/* once one instance has failed, the other has 2 s to follow */
	while (seen != 3) {
		int failed = (seen & 1 && !passed(&clients[idx[0]])) ||
			     (seen & 2 && !passed(&clients[idx[1]]));
		int err = lc_notify_wait(done, failed ? 2000000000UL : 0, &bits);

		if (err == ERR_TIMEOUT) {
			lc_task_kill(clients[idx[seen & 1 ? 1 : 0]].task);
			continue;
		}
		seen |= bits;
	}
	for (int i = 0; i < 2; i++) {
		struct client *c = &clients[idx[i]];

		if (c->faulted || !c->exited || c->exit_code)
			ok = 0;
		printf("test: %s[%d]: %s (status %d)\n", name, i, verdict(c), c->exit_code);
		lc_handle_close(c->task);
		lc_handle_close(c->aspace);
		c->used = 0;
	}
	return ok;
}

static void run_tests(char *list)
{
	uint32_t done;
	int passed = 0, failed = 0;

	if (lc_notify_create(&done)) {
		printf("test: no notification\n");
		return;
	}
	for (char *name = strtok(list, ","); name; name = strtok(NULL, ","))
		run_test(name, done) ? passed++ : failed++;
	printf("test: done: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	lc_poweroff(boot->system);
}

int main(void)
{
	char tests[256];
	uint64_t used;
	struct lc_ret b = LC0(budget);

	used = b.r2;
	printf("init: running; budget %lu MiB (%lu KiB used), %u devices, %u boot modules\n",
	       (unsigned long)(b.r1 >> 20), (unsigned long)(used >> 10), boot->ndevices,
	       boot->nmodules);
	if (bootarg("test", tests, sizeof(tests)))
		run_tests(tests);
	printf("init: no servers to start yet; idle\n");
	fflush(stdout);
	for (;;)
		lc_sleep(1000000000UL * 3600);
}
