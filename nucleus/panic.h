/*
 * panic.h: stop the nucleus on a broken invariant of its own.  Never for
 * anything a user task can cause (STYLE.md, habit 6).
 */
#ifndef LICHEN_PANIC_H
#define LICHEN_PANIC_H

#define panic(...) panic_at(__func__, __VA_ARGS__)

__attribute__((noreturn, format(printf, 2, 3)))
void panic_at(const char *func, const char *fmt, ...);

/* panic_set_poweroff: power the machine off after a panic instead of
 * halting (set for "selftest" runs, so that tests end by themselves). */
void panic_set_poweroff(int on);

/* KASSERT: a nucleus invariant; a failure is a panic naming it. */
#define KASSERT(cond) \
	do { if (!(cond)) panic("assertion failed: %s", #cond); } while (0)

#endif
