/*
 * elf.c: parsing static AArch64 executables (see elf.h).
 *
 * The headers are read with explicit little-endian field offsets rather
 * than through C structures, so that a file at any alignment and with any
 * content is read without undefined behaviour.
 */
#include "elf.h"

#define PAGE 4096ULL
#define ET_EXEC 2
#define EM_AARCH64 183
#define PT_LOAD 1

static uint64_t rd(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static int check_ident(const uint8_t *f, uint64_t size)
{
	if (size < 64 || f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
		return -1;
	if (f[4] != 2 || f[5] != 1 || f[6] != 1)      /* 64-bit, little endian, v1 */
		return -1;
	if (rd(f + 16, 2) != ET_EXEC || rd(f + 18, 2) != EM_AARCH64)
		return -1;
	return 0;
}

/* add_segment: insert s keeping seg[] sorted; refuse overlaps. */
static int add_segment(struct elf_image *img, const struct elf_segment *s)
{
	int i = img->nsegments;

	if (i == ELF_MAX_SEGMENTS)
		return -4;
	while (i > 0 && img->seg[i - 1].vaddr > s->vaddr) {
		img->seg[i] = img->seg[i - 1];
		i--;
	}
	img->seg[i] = *s;
	img->nsegments++;
	if (i > 0 && img->seg[i - 1].vaddr + img->seg[i - 1].memsz > s->vaddr)
		return -3;
	if (i + 1 < img->nsegments && s->vaddr + s->memsz > img->seg[i + 1].vaddr)
		return -3;
	return 0;
}

static int read_segment(const uint8_t *ph, uint64_t size, uint64_t min_va, uint64_t max_va,
			struct elf_segment *s)
{
	s->flags = (unsigned)rd(ph + 4, 4) & 7;
	s->offset = rd(ph + 8, 8);
	s->vaddr = rd(ph + 16, 8);
	s->filesz = rd(ph + 32, 8);
	s->memsz = rd(ph + 40, 8);
	if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
		return -2;
	if (s->vaddr < min_va || s->vaddr >= max_va || s->memsz > max_va - s->vaddr)
		return -3;
	if ((s->vaddr - s->offset) % PAGE)
		return -3;          /* file pages must map onto memory pages */
	return 0;
}

static int entry_ok(const struct elf_image *img)
{
	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if ((s->flags & ELF_PF_X) && img->entry >= s->vaddr &&
		    img->entry < s->vaddr + s->memsz)
			return 1;
	}
	return 0;
}

int elf_parse(const void *file, uint64_t size, uint64_t min_va, uint64_t max_va,
	      struct elf_image *out)
{
	const uint8_t *f = file;
	uint64_t phoff, phentsize, phnum;
	int err = check_ident(f, size);

	if (err)
		return err;
	*out = (struct elf_image){ .entry = rd(f + 24, 8) };
	phoff = rd(f + 32, 8);
	phentsize = rd(f + 54, 2);
	phnum = rd(f + 56, 2);
	if (phentsize < 56 || phoff > size || phnum > (size - phoff) / phentsize)
		return -2;
	for (uint64_t i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + i * phentsize;
		struct elf_segment s;

		if (rd(ph, 4) != PT_LOAD)
			continue;
		err = read_segment(ph, size, min_va, max_va, &s);
		if (!err && s.memsz)
			err = add_segment(out, &s);
		if (err)
			return err;
	}
	if (!out->nsegments || !entry_ok(out))
		return -5;
	out->lo = out->seg[0].vaddr & ~(PAGE - 1);
	out->hi = (out->seg[out->nsegments - 1].vaddr + out->seg[out->nsegments - 1].memsz
		   + PAGE - 1) & ~(PAGE - 1);
	return 0;
}

int elf_page_plan(const struct elf_image *img, struct elf_pages *out)
{
	int n = 0;

	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint64_t lo = s->vaddr & ~(PAGE - 1);
		uint64_t hi = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);

		if (n && out[n - 1].hi > lo) {
			/* the previous run ends in our first page: share it */
			struct elf_pages *prev = &out[n - 1];

			if (prev->hi - PAGE > prev->lo) {
				prev->hi -= PAGE;
				out[n++] = (struct elf_pages){ lo, lo + PAGE, prev->flags | s->flags };
			} else {
				prev->flags |= s->flags;
			}
			lo += PAGE;
		}
		if (lo < hi)
			out[n++] = (struct elf_pages){ lo, hi, s->flags };
	}
	return n;
}
