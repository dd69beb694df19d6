/*
 * reply.h: one-shot reply objects, for replies a server answers later.
 *
 * When a server receives a call, the nucleus remembers the caller in the
 * receiving thread (its implicit reply slot), answered by reply_recv.  To
 * answer later and out of order, the server moves the caller into a reply
 * object (reply_save) and keeps its handle; reply() answers through it
 * and closes it.  If the caller dies first, the reply fails harmlessly
 * (ERR_DEAD); if the reply object goes away unanswered (its server died,
 * or closed it), the caller gets ERR_DEAD at once.
 */
#ifndef LICHEN_REPLY_H
#define LICHEN_REPLY_H

#include "object.h"

struct thread;

struct reply {
	struct object obj;
	struct thread *caller;       /* NULL once answered, or if the caller died */
};

/* reply_save: move t's implicit reply into a new reply object. */
int reply_save(struct thread *t, struct budget *b, struct reply **out);

#endif
