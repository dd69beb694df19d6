/*
 * string.c: string routines for the freestanding nucleus (memcpy,
 * memmove and memset are in mem.c).
 *
 * Plain byte loops: the nucleus handles few strings, and simple code is
 * easy to trust.  libfdt (Debian's libfdt.a) links against these too.
 */
#include <string.h>
#include <stdlib.h>
#include <stdint.h>

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* strtoul: as in C, without locale; saturates at ULONG_MAX on overflow. */
unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;
	const char *p = s;
	int any = 0, over = 0, d;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
	    && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = (*p == '0') ? 8 : 10;
	}
	for (; (d = digit_value(*p)) < base; p++) {
		any = 1;
		if (v > (UINT64_MAX - (unsigned)d) / (unsigned)base)
			over = 1;
		v = v * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return over ? UINT64_MAX : v;
}
