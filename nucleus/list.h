/*
 * list.h: intrusive circular doubly-linked lists, the nucleus's only
 * container: run queues, endpoint queues, timeouts, a task's threads.
 */
#ifndef LICHEN_LIST_H
#define LICHEN_LIST_H

#include <stddef.h>

struct list {
	struct list *prev, *next;
};

#define LIST_INIT(l) { &(l), &(l) }
#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))
#define list_entry(p, type, member) container_of(p, type, member)

static inline void list_init(struct list *l)
{
	l->prev = l->next = l;
}

static inline int list_empty(const struct list *l)
{
	return l->next == l;
}

/* list_linked: is node on some list? (nodes are re-initialised on removal) */
static inline int list_linked(const struct list *node)
{
	return node->next != node && node->next != NULL;
}

static inline void list_insert_after(struct list *pos, struct list *node)
{
	node->prev = pos;
	node->next = pos->next;
	pos->next->prev = node;
	pos->next = node;
}

static inline void list_push_back(struct list *l, struct list *node)
{
	list_insert_after(l->prev, node);
}

static inline void list_push_front(struct list *l, struct list *node)
{
	list_insert_after(l, node);
}

static inline void list_remove(struct list *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

static inline struct list *list_first(const struct list *l)
{
	return list_empty(l) ? NULL : l->next;
}

#define list_for_each_safe(pos, tmp, head) \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif
