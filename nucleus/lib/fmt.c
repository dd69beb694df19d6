/*
 * fmt.c: the nucleus's printf engine (see fmt.h for what it supports).
 *
 * One conversion at a time: parse the spec into struct spec, fetch the
 * argument with the right width, turn it into digits, then pad.
 */
#include "fmt.h"

#include <stdint.h>

struct spec {
	int left;        /* '-': pad on the right */
	int zero;        /* '0': pad numbers with zeros */
	int width;
	int prec;        /* -1 when absent */
	int lng;         /* 0 int, 1 long, 2 long long, 3 size_t */
};

struct sink {
	fmt_out_fn out;
	void *ctx;
	size_t n;
};

static void put(struct sink *s, char c)
{
	s->out(s->ctx, c);
	s->n++;
}

static void pad(struct sink *s, char c, int count)
{
	while (count-- > 0)
		put(s, c);
}

/* put_field: print len bytes of str, padded to the spec's width. */
static void put_field(struct sink *s, const struct spec *sp, const char *str,
		      int len, char padc)
{
	if (!sp->left)
		pad(s, padc, sp->width - len);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		pad(s, ' ', sp->width - len);
}

static void put_number(struct sink *s, const struct spec *sp, uint64_t v,
		       int neg, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n < sp->prec && n < (int)sizeof(tmp) - 1)
		tmp[n++] = '0';
	if (neg && sp->zero && !sp->left) {
		put(s, '-');
		pad(s, '0', sp->width - n - 1);
	} else {
		if (neg)
			tmp[n++] = '-';
		if (!sp->left)
			pad(s, sp->zero ? '0' : ' ', sp->width - n);
	}
	for (int i = n - 1; i >= 0; i--)
		put(s, tmp[i]);
	if (sp->left)
		pad(s, ' ', sp->width - n - (neg && sp->zero ? 1 : 0));
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->lng) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->lng) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (int64_t)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

/* parse_spec: read flags, width, precision and length; returns the
 * position of the conversion character. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (; *f == 'l'; f++)
		sp->lng++;
	if (*f == 'z') {
		sp->lng = 3;
		f++;
	}
	return f;
}

static void convert(struct sink *s, struct spec *sp, char c, va_list *ap)
{
	const char *str;
	int64_t v;
	int len;

	switch (c) {
	case 'd': case 'i':
		v = fetch_signed(sp, ap);
		put_number(s, sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, 0);
		break;
	case 'u': put_number(s, sp, fetch_unsigned(sp, ap), 0, 10, 0); break;
	case 'x': put_number(s, sp, fetch_unsigned(sp, ap), 0, 16, 0); break;
	case 'X': put_number(s, sp, fetch_unsigned(sp, ap), 0, 16, 1); break;
	case 'o': put_number(s, sp, fetch_unsigned(sp, ap), 0, 8, 0); break;
	case 'p':
		put(s, '0');
		put(s, 'x');
		put_number(s, sp, (uintptr_t)va_arg(*ap, void *), 0, 16, 0);
		break;
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		put_field(s, sp, &ch, 1, ' ');
		break;
	}
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		for (len = 0; str[len] && (sp->prec < 0 || len < sp->prec); len++)
			;
		put_field(s, sp, str, len, ' ');
		break;
	case '%': put(s, '%'); break;
	default:  put(s, '%'); put(s, c); break;  /* unknown: shown as is */
	}
}

size_t fmt_vformat(fmt_out_fn out, void *ctx, const char *f, va_list ap)
{
	struct sink s = { out, ctx, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	for (; *f; f++) {
		if (*f != '%') {
			put(&s, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &aq);
		if (!*f)
			break;
		convert(&s, &sp, *f, &aq);
	}
	va_end(aq);
	return s.n;
}

struct buf_ctx {
	char *buf;
	size_t size, pos;
};

static void buf_out(void *ctx, char c)
{
	struct buf_ctx *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

size_t fmt_snprintf(char *buf, size_t size, const char *f, ...)
{
	struct buf_ctx b = { buf, size, 0 };
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = fmt_vformat(buf_out, &b, f, ap);
	va_end(ap);
	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}
