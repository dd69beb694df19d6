/*
 * mem.c: memcpy, memmove and memset for the freestanding nucleus (and
 * Debian's libfdt.a, which links against them).
 *
 * A word (8 bytes) at a time wherever source and destination are
 * equally aligned, bytes at the ragged ends: the nucleus zeroes every
 * frame it hands out and copies whole pages for pagers, and a byte loop
 * costs eight times as much.  nucleus/tests/test_mem.c compiles this
 * file on the host under other names and compares it with the C library.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WORD sizeof(uint64_t)

/* A word that may alias anything: these functions see memory of every type. */
typedef uint64_t __attribute__((may_alias)) word_t;

static int word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD - 1)) == 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
		for (; n && !word_aligned(d); n--)
			*d++ = *s++;
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* overlapping, destination above: copy from the end down */
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
		for (; n && !word_aligned(d); n--)
			*--d = *--s;
		for (; n >= WORD; n -= WORD) {
			d -= WORD;
			s -= WORD;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t pattern = 0x0101010101010101ULL * (unsigned char)c;

	for (; n && !word_aligned(d); n--)
		*d++ = (unsigned char)c;
	for (; n >= WORD; n -= WORD, d += WORD)
		*(word_t *)d = pattern;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
