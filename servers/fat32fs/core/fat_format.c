/*
 * fat_format.c: making a new, empty FAT32 volume, bare or as the only
 * partition (type 0x0c, at 1 MiB) of an MBR disk, the way mkfs.fat lays
 * it out: 512-byte sectors, 32 reserved sectors (boot sector, FSInfo at 1,
 * backups at 6 and 7), two FATs, the root directory in cluster 2.
 */
#include "fat_int.h"

#define PART_LBA 2048u

static const uint8_t zero_block[32768];

/* write_zeros clears n device sectors from sector s. */
static int write_zeros(const struct fat_dev *d, uint64_t s, uint64_t n)
{
	uint32_t per = sizeof(zero_block) / FAT_DEV_SECTOR;

	for (uint64_t k = 0; k < n; k += per) {
		uint32_t m = n - k < per ? (uint32_t)(n - k) : per;
		if (d->write(d->ctx, s + k, m, zero_block) < 0)
			return -EIO;
	}
	return 0;
}

/* default_cluster picks the cluster size mkfs.fat picks for a FAT32 volume of this many sectors. */
static uint32_t default_cluster(uint64_t sectors)
{
	uint64_t mib = sectors / 2048;

	return mib < 260 ? 512 : mib < 8192 ? 4096 : mib < 16384 ? 8192 :
		mib < 32768 ? 16384 : 32768;
}

struct layout {
	uint32_t sectors, spc, reserved, fat_size, clusters;
};

/* plan computes the FAT size and cluster count; -EINVAL if the volume cannot be FAT32. */
static int plan(const struct fat_format_opts *o, uint64_t sectors, struct layout *l)
{
	uint32_t cs = o->cluster_size ? o->cluster_size : default_cluster(sectors);
	uint32_t need;

	if (cs < 512 || cs > 32768 || (cs & (cs - 1)) || sectors > 0xffffffffu)
		return -EINVAL;
	l->sectors = (uint32_t)sectors;
	l->spc = cs / 512;
	l->reserved = o->tiny ? 8 : 32;
	l->fat_size = 1;
	for (;;) {
		if ((uint64_t)l->reserved + 2 * l->fat_size + l->spc >= sectors)
			return -EINVAL;
		l->clusters = (l->sectors - l->reserved - 2 * l->fat_size) / l->spc;
		need = (uint32_t)(((uint64_t)l->clusters + 2) * 4 + 511) / 512;
		if (need <= l->fat_size)
			break;
		l->fat_size = need;
	}
	if ((!o->tiny && l->clusters < 65525) || l->clusters > 0x0ffffff5u || l->clusters < 2)
		return -EINVAL;
	return 0;
}

/* label11 writes a volume label as 11 upper-case, space-padded bytes. */
static void label11(uint8_t *out, const char *label)
{
	size_t n = strlen(label);

	for (size_t i = 0; i < 11; i++) {
		char c = i < n ? label[i] : ' ';
		out[i] = (uint8_t)(c >= 'a' && c <= 'z' ? c - 32 : c);
	}
}

/* boot_sector builds the FAT32 boot sector of the layout. */
static void boot_sector(uint8_t *b, const struct fat_format_opts *o, const struct layout *l,
	uint32_t hidden)
{
	memset(b, 0, 512);
	memcpy(b, "\xeb\x58\x90" "LICHEN  ", 11);
	put16(b + 11, 512);
	b[13] = (uint8_t)l->spc;
	put16(b + 14, (uint16_t)l->reserved);
	b[16] = 2;
	b[21] = 0xf8;
	put16(b + 24, 32);
	put16(b + 26, 64);
	put32(b + 28, hidden);
	put32(b + 32, l->sectors);
	put32(b + 36, l->fat_size);
	put32(b + 44, 2);
	put16(b + 48, 1);
	put16(b + 50, 6);
	b[64] = 0x80;
	b[66] = 0x29;
	put32(b + 67, o->serial);
	memcpy(b + 71, "NO NAME    ", 11);
	if (o->label[0])
		label11(b + 71, o->label);
	memcpy(b + 82, "FAT32   ", 8);
	b[510] = 0x55;
	b[511] = 0xaa;
}

/* fsinfo builds the FSInfo sector of a fresh volume (all free but the root). */
static void fsinfo(uint8_t *b, const struct layout *l)
{
	memset(b, 0, 512);
	put32(b, 0x41615252u);
	put32(b + 484, 0x61417272u);
	put32(b + 488, l->clusters - 1);
	put32(b + 492, 3);
	put32(b + 508, 0xaa550000u);
}

/* write_mbr writes a partition table with one FAT32 (LBA) partition. */
static int write_mbr(const struct fat_dev *d, const struct fat_format_opts *o, uint32_t count)
{
	uint8_t b[512] = { 0 };
	uint8_t *p = b + 446;

	put32(b + 440, o->serial);
	memcpy(p + 1, "\xfe\xff\xff", 3);
	p[4] = 0x0c;
	memcpy(p + 5, "\xfe\xff\xff", 3);
	put32(p + 8, PART_LBA);
	put32(p + 12, count);
	b[510] = 0x55;
	b[511] = 0xaa;
	return d->write(d->ctx, 0, 1, b) < 0 ? -EIO : 0;
}

/* write_fats writes the first sector of both FATs: media, clean flags, root chain. */
static int write_fats(const struct fat_dev *d, uint64_t base, const struct layout *l)
{
	uint8_t b[512] = { 0 };

	put32(b, 0x0ffffff8u);
	put32(b + 4, 0x0fffffffu);
	put32(b + 8, FAT_EOC);
	for (int f = 0; f < 2; f++)
		if (d->write(d->ctx, base + l->reserved + (uint64_t)f * l->fat_size, 1, b) < 0)
			return -EIO;
	return 0;
}

/* write_label puts the volume label entry into the (zeroed) root directory. */
static int write_label(const struct fat_dev *d, uint64_t root, const struct fat_format_opts *o)
{
	uint8_t b[512] = { 0 };

	if (!o->label[0])
		return 0;
	label11(b, o->label);
	b[DE_ATTR] = FAT_ATTR_VOLID;
	fat_time_put(o->time, b + DE_MDATE, b + DE_MTIME);
	return d->write(d->ctx, root, 1, b) < 0 ? -EIO : 0;
}

/*
 * fat_format writes a new FAT32 volume over the whole device.  Returns
 * -EINVAL when the size cannot hold a FAT32 volume with that cluster size
 * (at least 65525 clusters unless o->tiny), or -EIO.
 */
int fat_format(const struct fat_dev *d, const struct fat_format_opts *o)
{
	uint64_t total = o->size / FAT_DEV_SECTOR, base = o->mbr ? PART_LBA : 0;
	uint8_t b[512];
	struct layout l;
	int r;

	if (total <= base || plan(o, total - base, &l) < 0)
		return -EINVAL;
	if (o->mbr && (r = write_mbr(d, o, l.sectors)) < 0)
		return r;
	if ((r = write_zeros(d, base, l.reserved + 2ull * l.fat_size + l.spc)) < 0 ||
			(r = write_fats(d, base, &l)) < 0 ||
			(r = write_label(d, base + l.reserved + 2ull * l.fat_size, o)) < 0)
		return r;
	fsinfo(b, &l);
	if (d->write(d->ctx, base + 1, 1, b) < 0 || d->write(d->ctx, base + 7, 1, b) < 0)
		return -EIO;
	boot_sector(b, o, &l, (uint32_t)base);
	if (d->write(d->ctx, base + 6, 1, b) < 0 || d->write(d->ctx, base, 1, b) < 0)
		return -EIO;
	return d->flush ? (d->flush(d->ctx) < 0 ? -EIO : 0) : 0;
}
