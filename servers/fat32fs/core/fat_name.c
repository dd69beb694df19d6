/*
 * fat_name.c: file names: checking a name given by a caller, UTF-8 to and
 * from UTF-16 (the long-name encoding), case-insensitive comparison, and
 * short (8.3) names: their display form, their checksum, and the
 * generation of an alias for a new long name the way Windows does it
 * (upper case, invalid characters made '_', then a numeric tail ~1, ~2 ...
 * when the conversion lost something or the alias is taken).
 *
 * Case folding is ASCII only, as Linux vfat does with the utf8 option.
 * Short names are read in code page 437, Linux's default.
 */
#include "fat_int.h"

static const uint16_t cp437[128] = {
	0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
	0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
	0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
	0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
	0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
	0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
	0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
	0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
	0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
	0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
	0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
	0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

/* utf8_decode reads one code point from s; returns its length or -EINVAL. */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
	int n = s[0] < 0x80 ? 1 : s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 :
		s[0] < 0xf5 ? 4 : 0;
	uint32_t c;

	if (n == 0)
		return -EINVAL;
	c = n == 1 ? s[0] : s[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -EINVAL;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
			(c >= 0xd800 && c < 0xe000))
		return -EINVAL;
	*cp = c;
	return n;
}

/* bad_char says whether FAT forbids code point c in a name. */
static bool bad_char(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c < 0x80 && strchr("\"*/:<>?\\|", (int)c));
}

/*
 * name_to_utf16 checks a name from a caller and converts it to UTF-16 in u
 * (FAT_NAME_MAX + 1 units), dropping trailing dots as Linux does.  Returns
 * 0, -EINVAL (empty, "." or "..", bad UTF-8 or a character FAT forbids) or
 * -ENAMETOOLONG.
 */
int name_to_utf16(const char *name, uint16_t *u, int *len)
{
	const unsigned char *s = (const unsigned char *)name;
	int n = 0, k;
	uint32_t c;

	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	while (*s) {
		if ((k = utf8_decode(s, &c)) < 0 || bad_char(c))
			return -EINVAL;
		s += k;
		if (n + (c >= 0x10000) >= FAT_NAME_MAX)
			return -ENAMETOOLONG;
		if (c >= 0x10000) {
			u[n++] = (uint16_t)(0xd800 + ((c - 0x10000) >> 10));
			c = 0xdc00 + (c & 0x3ff);
		}
		u[n++] = (uint16_t)c;
	}
	while (n > 0 && u[n - 1] == '.')
		n--;
	if (n == 0)
		return -EINVAL;
	*len = n;
	return 0;
}

/* put_utf8 appends code point c to out; returns the new length or -ENAMETOOLONG. */
static int put_utf8(uint32_t c, char *out, size_t at, size_t size)
{
	int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;

	if (at + (size_t)n >= size)
		return -ENAMETOOLONG;
	if (n == 1) {
		out[at] = (char)c;
		return (int)at + 1;
	}
	for (int i = n - 1; i > 0; i--, c >>= 6)
		out[at + (size_t)i] = (char)(0x80 | (c & 0x3f));
	out[at] = (char)((0xf00 >> n) | c);
	return (int)at + n;
}

/* utf16_to_utf8 converts len units into a NUL-terminated string; lone surrogates become U+FFFD. */
int utf16_to_utf8(const uint16_t *u, int len, char *out, size_t size)
{
	int at = 0;

	for (int i = 0; i < len; i++) {
		uint32_t c = u[i];
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && u[i + 1] >= 0xdc00 &&
				u[i + 1] < 0xe000)
			c = 0x10000 + ((c - 0xd800) << 10) + (u[++i] - 0xdc00);
		else if (c >= 0xd800 && c < 0xe000)
			c = 0xfffd;
		if ((at = put_utf8(c, out, (size_t)at, size)) < 0)
			return at;
	}
	out[at] = 0;
	return at;
}

static uint16_t fold(uint16_t c)
{
	return c >= 'a' && c <= 'z' ? (uint16_t)(c - 32) : c;
}

/* name_eq compares two UTF-16 names, ignoring ASCII case. */
bool name_eq(const uint16_t *a, int alen, const uint16_t *b, int blen)
{
	if (alen != blen)
		return false;
	for (int i = 0; i < alen; i++)
		if (a[i] != b[i] && fold(a[i]) != fold(b[i]))
			return false;
	return true;
}

/* sfn_char converts one short-name byte (code page 437) to UTF-16. */
static uint16_t sfn_char(uint8_t c, bool lower)
{
	if (c >= 0x80)
		return cp437[c - 0x80];
	if (lower && c >= 'A' && c <= 'Z')
		return (uint16_t)(c + 32);
	return c;
}

/* sfn_display writes the name of a short entry ("NAME.EXT", case flags applied) to u; returns its length. */
int sfn_display(const uint8_t *de, uint16_t *u)
{
	int n = 0, base = 8, ext = 3;

	while (base > 0 && de[base - 1] == ' ')
		base--;
	while (ext > 0 && de[8 + ext - 1] == ' ')
		ext--;
	for (int i = 0; i < base; i++) {
		uint8_t c = (i == 0 && de[0] == 0x05) ? 0xe5 : de[i];
		u[n++] = sfn_char(c, de[DE_NTRES] & NT_LOWER_BASE);
	}
	if (ext)
		u[n++] = '.';
	for (int i = 0; i < ext; i++)
		u[n++] = sfn_char(de[8 + i], de[DE_NTRES] & NT_LOWER_EXT);
	return n;
}

/* sfn_checksum is the checksum of an 11-byte short name stored in its long-name slots. */
uint8_t sfn_checksum(const uint8_t *name11)
{
	uint8_t s = 0;

	for (int i = 0; i < 11; i++)
		s = (uint8_t)(((s & 1) << 7) + (s >> 1) + name11[i]);
	return s;
}

/* short_ok says whether an ASCII character may appear in a short name as is. */
static bool short_ok(uint16_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		(c >= 0x21 && c < 0x80 && strchr("$%'-_@~`!(){}^#&", c));
}

/* case_of returns 1 if the part has a lower-case letter, 2 an upper-case one (3 both). */
static int case_of(const uint16_t *u, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k |= (u[i] >= 'a' && u[i] <= 'z') | (u[i] >= 'A' && u[i] <= 'Z') << 1;
	return k;
}

/* put_part converts a part of a name into short-name characters; returns whether it was lossy. */
static bool put_part(const uint16_t *u, int n, uint8_t *out, int max, int *outlen)
{
	bool lossy = false;
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (u[i] == ' ' || u[i] == '.') {
			lossy = true;
			continue;
		}
		if (k == max) {
			lossy = true;
			break;
		}
		out[k++] = short_ok(u[i]) ? (uint8_t)fold(u[i]) : '_';
		lossy |= !short_ok(u[i]);
	}
	*outlen = k;
	return lossy;
}

/*
 * sfn_basis makes the short-name basis of a long name.  Returns 0 when the
 * name is itself a valid 8.3 name (stored with the case flags in *ntres,
 * no long name needed), 1 when a long name is needed but the basis may be
 * used as is, and 2 when the basis needs a numeric tail.
 */
int sfn_basis(const uint16_t *u, int len, uint8_t *name11, uint8_t *ntres)
{
	int dot = -1, start = 0, blen, elen, kb, ke;
	bool lossy;

	for (int i = 0; i < len; i++)
		if (u[i] == '.')
			dot = i;
	while (start < len && (u[start] == '.' || u[start] == ' '))
		start++;
	if (dot < start)
		dot = -1;
	memset(name11, ' ', 11);
	*ntres = 0;
	blen = (dot < 0 ? len : dot) - start;
	elen = dot < 0 ? 0 : len - dot - 1;
	lossy = put_part(u + start, blen, name11, 8, &kb);
	lossy |= dot >= 0 && put_part(u + dot + 1, elen, name11 + 8, 3, &ke);
	if (kb == 0) {
		name11[0] = '_';
		lossy = true;
	}
	if (lossy || start > 0)
		return 2;
	if (case_of(u, blen) == 3 || (dot >= 0 && case_of(u + dot + 1, elen) == 3))
		return 1;
	*ntres = (uint8_t)((case_of(u, blen) == 1 ? NT_LOWER_BASE : 0) |
		(dot >= 0 && case_of(u + dot + 1, elen) == 1 ? NT_LOWER_EXT : 0));
	return 0;
}

static int base_len(const uint8_t *name11)
{
	int n = 8;

	while (n > 0 && name11[n - 1] == ' ')
		n--;
	return n;
}

static int ndigits(int n)
{
	int k = 1;

	while (n >= 10) {
		n /= 10;
		k++;
	}
	return k;
}

/* sfn_tail_of returns N if the short name e is the basis with tail ~N, else 0. */
int sfn_tail_of(const uint8_t *e, const uint8_t *basis)
{
	int t = 0, n = 0, i, bl = base_len(basis);

	if (memcmp(e + 8, basis + 8, 3))
		return 0;
	while (t < 8 && e[t] != '~')
		t++;
	if (t == 0 || t >= 7 || e[t + 1] == '0')
		return 0;
	for (i = t + 1; i < 8 && e[i] >= '0' && e[i] <= '9'; i++)
		n = n * 10 + (e[i] - '0');
	if (i == t + 1 || n == 0)
		return 0;
	for (int j = i; j < 8; j++)
		if (e[j] != ' ')
			return 0;
	if (t != (bl < 7 - ndigits(n) ? bl : 7 - ndigits(n)) || memcmp(e, basis, (size_t)t))
		return 0;
	return n;
}

/* sfn_apply_tail puts ~n into the base of name11, shortening the base to fit. */
void sfn_apply_tail(uint8_t *name11, int n)
{
	int k = ndigits(n), bl = base_len(name11), at = bl < 7 - k ? bl : 7 - k;

	name11[at] = '~';
	for (int i = k; i > 0; i--, n /= 10)
		name11[at + i] = (uint8_t)('0' + n % 10);
	for (int j = at + k + 1; j < 8; j++)
		name11[j] = ' ';
}

/* name_key_init prepares the name u for lookups: its 8.3 form, when it is a valid 8.3 name. */
void name_key_init(struct name_key *k, const uint16_t *u, int len)
{
	uint8_t ntres;

	k->u = u;
	k->len = len;
	k->has83 = sfn_basis(u, len, k->n83, &ntres) <= 1;
}
