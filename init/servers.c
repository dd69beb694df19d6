/*
 * servers.c: starting the servers of configs/servers.conf, each with
 * only what it needs: its devices (MMIO region and IRQ), a handle to the
 * name service, a status page shared with init (request count, fault
 * injection, state kept across restarts), and its own budget.
 */
#include "servers.h"
#include "lichen/sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATUS_BASE 0x0000004000000000UL    /* init's view of the status pages */
#define PAGE 4096UL

struct server servers[SERVERS_MAX];
int nservers;

static const struct bootinfo_module *module_named(const char *name)
{
	for (uint32_t i = 0; i < boot->nmodules; i++)
		if (!strcmp(boot->modules[i].name, name))
			return &boot->modules[i];
	return NULL;
}

/* add_devices: every device whose first compatible string is compat. */
static void add_devices(struct task_spec *spec, const char *compat)
{
	for (uint32_t i = 0; i < boot->ndevices && spec->ndevices < STARTINFO_MAX_DEV; i++)
		if (!strcmp(boot->devices[i].compatible, compat))
			spec->devices[spec->ndevices++] = &boot->devices[i];
}

/* status_page: a zeroed page mapped in init; its region goes to the spec. */
static volatile struct server_status *status_page(int i, uint32_t *region)
{
	uint64_t va = STATUS_BASE + (uint64_t)i * 2 * PAGE;

	if (lc_region_create(1, 0, region) ||
	    lc_map(boot->self_aspace, *region, va, 0, 1, RIGHT_READ | RIGHT_WRITE))
		return NULL;
	return (volatile struct server_status *)va;
}

/* kept_memory: "keep=MiB": a zeroed region of that size, which init
 * holds so that it outlives the server (paid from init's budget). */
static int kept_memory(struct task_spec *spec, const char *mib)
{
	uint64_t pages = strtoull(mib, NULL, 10) << (20 - 12);

	if (!pages || spec->kept_region || lc_region_create(pages, 0, &spec->kept_region))
		return -1;
	spec->kept_pages = pages;
	return 0;
}

/* configure_line: "name module budget [keep=MiB] [power] compatible...",
 * the budget in MiB or "rest" (rest_budget). */
static int configure_line(char *line, uint32_t name_ep, uint32_t death)
{
	char *name = strtok(line, " \t"), *module = strtok(NULL, " \t");
	char *budget = strtok(NULL, " \t"), *compat;
	struct server *s = &servers[nservers];

	if (!name || name[0] == '#' || !module || !budget)
		return 0;
	if (nservers == SERVERS_MAX || !names_valid(name) || !module_named(module)) {
		printf("init: servers.conf: cannot use \"%s %s\"\n", name, module);
		return 0;
	}
	memset(s, 0, sizeof(*s));
	strncpy(s->name, name, NAME_LEN - 1);
	s->spec.module = module_named(module);
	s->rest = !strcmp(budget, "rest");
	s->spec.budget = s->rest ? 0 : strtoull(budget, NULL, 10) << 20;
	s->spec.name_ep = name_ep;
	s->spec.watch = death;
	while ((compat = strtok(NULL, " \t")) != NULL) {
		if (!strcmp(compat, "power"))
			s->spec.power = 1;
		else if (strncmp(compat, "keep=", 5))
			add_devices(&s->spec, compat);
		else if (kept_memory(&s->spec, compat + 5)) {
			printf("init: servers.conf: cannot keep %s MiB for \"%s\"\n", compat + 5, name);
			return 0;
		}
	}
	s->status = status_page(nservers, &s->spec.status_region);
	if (!s->status)
		return 0;
	s->client = -1;
	nservers++;
	return 1;
}

int servers_configure(uint32_t name_ep, uint32_t death)
{
	const struct bootinfo_module *m = module_named("servers.conf");
	static char text[4096];
	char *save, *line;

	if (!m || m->size >= sizeof(text))
		return 0;
	if (lc_map(boot->self_aspace, m->region, STATUS_BASE - 16 * PAGE, 0, 1, RIGHT_READ))
		return 0;
	memcpy(text, (const void *)(STATUS_BASE - 16 * PAGE), m->size);
	lc_unmap(boot->self_aspace, STATUS_BASE - 16 * PAGE, 1);
	text[m->size] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		configure_line(line, name_ep, death);
	return nservers;
}

/* rest_budget: "rest" in servers.conf: half of what init has left when
 * the server starts; the other half stays for restarts (a dying server's
 * budget comes back only once it is gone) and tests. */
static uint64_t rest_budget(void)
{
	struct lc_ret b = LC0(budget);

	return ((b.r1 - b.r2) / 2) & ~0xfffUL;
}

int server_start(struct server *s)
{
	struct client *c;
	int err;

	if (s->client < 0) {
		c = client_new(s->name);
		if (!c)
			return ERR_FULL;
		s->client = (int)(c - clients);
	}
	c = &clients[s->client];
	client_reset(c);
	c->server = (int)(s - servers);
	s->spec.watch_bit = 1UL << s->client;
	s->status->served = 0;
	s->status->starts++;
	if (s->rest)
		s->spec.budget = rest_budget();
	err = load_task(&s->spec, c);
	s->state = err ? SERVER_FAILED : SERVER_STARTING;
	return err;
}
