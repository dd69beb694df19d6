/*
 * main.c: init's main thread.  After musl's start-up (served by the
 * runtime handler, runtime.c) it creates the name service endpoint and
 * the death notification, starts the servers of servers.conf
 * (servers.c; not with "servers=off", for quiet benchmarks), and becomes
 * the service loop (service.c).  With
 * "test=NAME[,NAME...]" in the boot arguments the loop also runs those
 * test modules, one after the other, and powers off after the last.
 */
#include "servers.h"
#include "lichen/sys.h"

#include <stdio.h>
#include <string.h>

#define MAX_TESTS 32

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

int main(void)
{
	static char list[512];
	static char *tests[MAX_TESTS];
	int ntests = 0;
	uint32_t name_ep = 0, death = 0;
	struct lc_ret b = LC0(budget);

	printf("init: running; budget %lu MiB (%lu KiB used), %u devices, %u boot modules\n",
	       (unsigned long)(b.r1 >> 20), (unsigned long)(b.r2 >> 10), boot->ndevices,
	       boot->nmodules);
	if (lc_endpoint_create(&name_ep) || lc_notify_create(&death)) {
		printf("init: cannot create the name service\n");
		lc_poweroff(boot->system);
	}
	if (!bootarg("servers", list, sizeof(list)) || strcmp(list, "off"))
		servers_configure(name_ep, death);
	for (int i = 0; i < nservers; i++) {
		int err = server_start(&servers[i]);

		printf("init: started %s (%s)%s\n", servers[i].name, servers[i].spec.module->name,
		       err ? ": FAILED" : "");
	}
	if (bootarg("test", list, sizeof(list)))
		for (char *t = strtok(list, ","); t && ntests < MAX_TESTS; t = strtok(NULL, ","))
			tests[ntests++] = t;
	if (!nservers && !ntests)
		printf("init: no servers to start; idle\n");
	fflush(stdout);
	service_run(name_ep, death, tests, ntests);
}
