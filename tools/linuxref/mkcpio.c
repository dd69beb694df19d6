/*
 * mkcpio.c: mkcpio OUT FILE: an initramfs (the "newc" cpio format the
 * Linux kernel unpacks) holding FILE as /init, for make bench's Linux
 * reference (linuxref.c).  Debian 12 has no cpio by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* entry: one newc header, its name and its data, each padded to 4. */
static void entry(FILE *out, const char *name, unsigned mode, const void *data, size_t size)
{
	static const char zeros[4];
	size_t namesize = strlen(name) + 1;

	fprintf(out, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	fwrite(name, 1, namesize, out);
	fwrite(zeros, 1, (4 - (110 + namesize) % 4) % 4, out);
	fwrite(data, 1, size, out);
	fwrite(zeros, 1, (4 - size % 4) % 4, out);
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	char *data;
	long size;

	if (argc != 3) {
		fprintf(stderr, "usage: mkcpio OUT FILE\n");
		return 2;
	}
	in = fopen(argv[2], "rb");
	if (!in || fseek(in, 0, SEEK_END) || (size = ftell(in)) < 0 || fseek(in, 0, SEEK_SET)) {
		perror(argv[2]);
		return 1;
	}
	data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, in) != (size_t)size) {
		perror(argv[2]);
		return 1;
	}
	out = fopen(argv[1], "wb");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	entry(out, "init", 0100755, data, (size_t)size);
	entry(out, "TRAILER!!!", 0, NULL, 0);
	return fclose(out) ? 1 : 0;
}
