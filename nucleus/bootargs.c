/*
 * bootargs.c: command-line parsing (see bootargs.h).
 *
 * One scanner, next_word(), cuts the line into words and splits each at
 * its first '='; the public calls search its output.
 */
#include "bootargs.h"
#include "error.h"

#include <string.h>

struct word {
	const char *key;
	size_t keylen;
	const char *val;       /* NULL when the word has no '=' */
	size_t vallen;         /* raw length, quotes included */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* next_word: the word at *cursor, advancing past it; 0 at the end. */
static int next_word(const char **cursor, struct word *w)
{
	const char *p = *cursor;
	int quoted = 0;

	while (is_space(*p))
		p++;
	if (!*p)
		return 0;
	*w = (struct word){ .key = p };
	for (; *p && (quoted || !is_space(*p)); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '=' && !w->val)   /* the first '=' splits, as in Linux */
			w->val = p + 1;
	}
	if (w->val) {
		w->keylen = (size_t)(w->val - 1 - w->key);
		w->vallen = (size_t)(p - w->val);
	} else {
		w->keylen = (size_t)(p - w->key);
	}
	*cursor = p;
	return 1;
}

/* key_is: compare a word's key, ignoring the quotes around it. */
static int key_is(const struct word *w, const char *key)
{
	size_t n = strlen(key), i = 0, k = 0;

	for (; i < w->keylen; i++) {
		if (w->key[i] == '"')
			continue;
		if (k == n || w->key[i] != key[k])
			return 0;
		k++;
	}
	return k == n;
}

int bootargs_flag(const char *cmdline, const char *key)
{
	struct word w;

	while (next_word(&cmdline, &w))
		if (!w.val && key_is(&w, key))
			return 1;
	return 0;
}

int bootargs_value(const char *cmdline, const char *key, char *buf, size_t size)
{
	struct word w, found = { 0 };
	size_t len = 0;

	while (next_word(&cmdline, &w))
		if (w.val && key_is(&w, key))
			found = w;
	if (!found.val)
		return ERR_NOENT;
	for (size_t i = 0; i < found.vallen; i++) {
		if (found.val[i] == '"')
			continue;
		if (len + 1 < size)
			buf[len] = found.val[i];
		len++;
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return (int)len;
}
