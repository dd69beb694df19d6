/*
 * test_mem.c: the nucleus's memcpy, memmove and memset (lib/mem.c),
 * compiled here under other names, against the C library: every length
 * from 0 to 80 at every alignment of source and destination (0-15), and
 * overlapping moves in both directions; the bytes around each
 * destination must stay untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define memcpy  k_memcpy
#define memmove k_memmove
#define memset  k_memset
void *k_memcpy(void *dst, const void *src, size_t n);
void *k_memmove(void *dst, const void *src, size_t n);
void *k_memset(void *dst, int c, size_t n);
#include "lib/mem.c"
#undef memcpy
#undef memmove
#undef memset

#define SPAN 128

static uint8_t src[SPAN], got[SPAN], want[SPAN];

static void fill(uint8_t *p, unsigned seed)
{
	for (int i = 0; i < SPAN; i++)
		p[i] = (uint8_t)(seed * 31 + (unsigned)i * 7 + 1);
}

static void test_copy(void **state)
{
	(void)state;
	fill(src, 1);
	for (size_t n = 0; n <= 80; n++)
		for (int so = 0; so < 16; so++)
			for (int d = 0; d < 16; d++) {
				fill(got, 2);
				fill(want, 2);
				assert_ptr_equal(k_memcpy(got + d, src + so, n), got + d);
				memcpy(want + d, src + so, n);
				assert_memory_equal(got, want, SPAN);
			}
}

static void test_set(void **state)
{
	(void)state;
	for (size_t n = 0; n <= 80; n++)
		for (int d = 0; d < 16; d++)
			for (int c = 0; c < 512; c += 171) {
				fill(got, 3);
				fill(want, 3);
				assert_ptr_equal(k_memset(got + d, c, n), got + d);
				memset(want + d, c, n);
				assert_memory_equal(got, want, SPAN);
			}
}

static void test_move(void **state)
{
	(void)state;
	for (size_t n = 0; n <= 80; n++)
		for (int from = 0; from < 24; from++)
			for (int to = 0; to < 24; to++) {
				fill(got, 4);
				fill(want, 4);
				assert_ptr_equal(k_memmove(got + to, got + from, n), got + to);
				memmove(want + to, want + from, n);
				assert_memory_equal(got, want, SPAN);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_move),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
