/*
 * reply.c: reply objects (see reply.h).
 */
#include "reply.h"
#include "thread.h"
#include "error.h"

int reply_save(struct thread *t, struct budget *b, struct reply **out)
{
	struct reply *r;
	struct thread *caller = t->reply_to;
	int err;

	if (!caller)
		return ERR_STATE;
	err = obj_alloc(b, OBJ_REPLY, sizeof(*r), (struct object **)&r);
	if (err)
		return err;
	r->caller = caller;
	caller->reply_by_thread = NULL;
	caller->reply_by_obj = r;
	t->reply_to = NULL;
	*out = r;
	return 0;
}

void reply_destroy(struct object *o)
{
	struct reply *r = (struct reply *)o;
	struct thread *caller = r->caller;

	if (caller) {
		r->caller = NULL;
		caller->reply_by_obj = NULL;
		thread_wake(caller, ERR_DEAD);
	}
}
