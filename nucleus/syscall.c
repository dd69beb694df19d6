/*
 * syscall.c: the native call dispatcher, generated from syscalls.def.
 */
#include "syscall.h"
#include "thread.h"
#include "task.h"
#include "handle.h"
#include "endpoint.h"
#include "object.h"
#include "error.h"

typedef int (*sys_fn)(struct thread *);

static const sys_fn table[] = {
#define SYSCALL(num, name, rights, args, results) [num] = sys_##name,
#include "lichen/syscalls.def"
#undef SYSCALL
};

#define NSYSCALLS (sizeof(table) / sizeof(table[0]))

void syscall_dispatch(struct thread *t)
{
	uint64_t num = t->ctx.x[16];
	int ret;

	obj_get(&t->obj);       /* a call may kill t's own task, and free t with it */
	ret = num < NSYSCALLS && table[num] ? table[num](t) : ERR_NOSYS;
	if (ret != IPC_BLOCKED)
		t->ctx.x[0] = (uint64_t)(int64_t)ret;
	obj_put(&t->obj);
}

int lookup(struct thread *t, uint64_t h, int type, uint32_t need, struct handle **out)
{
	if (h > UINT32_MAX)
		return ERR_BADH;
	return handle_get(&t->task->handles, (uint32_t)h, type, need, out);
}

int install(struct thread *t, void *obj, uint32_t rights, uint64_t badge, int reg)
{
	uint32_t h;
	int err = handle_install(&t->task->handles, obj, rights, badge, &h);

	if (!err)
		t->ctx.x[reg] = h;
	return err;
}
