/*
 * fat_dir.c: reading directories: the slot iterator that walks a
 * directory's cluster chain, assembles VFAT long names (checking their
 * order and checksum), and finds runs of free slots for new entries; and
 * on top of it lookup and readdir.
 *
 * A directory is a chain of 32-byte slots ending at a slot whose first
 * byte is 0 or at the end of its chain, and never longer than 65536 slots
 * (which also bounds a walk through a chain that loops).  Long-name slots
 * with a wrong order or checksum are logged and ignored: the file is then
 * seen under its short name, as Linux and Windows see it.  "." and ".."
 * and the volume label are never returned.
 */
#include "fat_int.h"

/* dir_iter_init prepares a walk of the directory starting at cluster first, looking for need free slots. */
void dir_iter_init(struct dir_iter *it, uint32_t first, int need)
{
	it->first = it->clus = first;
	it->slot = 0;
	it->last = 0;
	it->at_end = false;
	it->end_pos = 0;
	it->lfn_n = 0;
	it->need = need;
	it->free_len = 0;
}

/* iter_pos gives the position of the current slot; returns 0 past the chain's end. */
static int iter_pos(struct fat_vol *v, struct dir_iter *it, uint64_t *pos)
{
	uint32_t mask = (v->csize >> 5) - 1;

	if (it->clus == 0 || it->slot >= DIR_MAX_SLOTS)
		return 0;
	*pos = ((uint64_t)clus_sector(v, it->clus) << v->bps_shift) + (it->slot & mask) * 32;
	return 1;
}

/* iter_advance moves to the next slot, following the chain at a cluster's end. */
static int iter_advance(struct fat_vol *v, struct dir_iter *it)
{
	uint32_t next;
	int r;

	it->slot++;
	if (it->slot & ((v->csize >> 5) - 1))
		return 0;
	if ((r = fat_next(v, it->clus, &next)) < 0)
		return r;
	it->last = it->clus;
	it->clus = next;
	return 0;
}

/* slot_at points *raw at the cached slot at pos (valid until the next cache call). */
static int slot_at(struct fat_vol *v, uint64_t pos, const uint8_t **raw)
{
	uint8_t *b;
	int r;

	if ((r = bc_get(v, (uint32_t)(pos >> v->bps_shift), 0, &b)) < 0)
		return r;
	*raw = b + (pos & (v->bps - 1));
	return 0;
}

/* read_slot copies the slot at pos into raw. */
static int read_slot(struct fat_vol *v, uint64_t pos, uint8_t *raw)
{
	const uint8_t *p;
	int r = slot_at(v, pos, &p);

	if (r == 0)
		memcpy(raw, p, 32);
	return r;
}

/* note_free adds a free slot to the run being collected. */
static void note_free(struct dir_iter *it, uint64_t pos)
{
	if (it->free_len < it->need)
		it->free_pos[it->free_len++] = pos;
}

static const uint8_t lfn_off[LFN_UNITS] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };

/* lfn_units copies the 13 name units of a long-name slot to u. */
static void lfn_units(const uint8_t *raw, uint16_t *u)
{
	for (int i = 0; i < LFN_UNITS; i++)
		u[i] = le16(raw + lfn_off[i]);
}

/*
 * dir_lfn_slot builds in s the long-name slot of ordinal ord for the name
 * u (len units): its part of the name, then a 0 unit and 0xffff padding.
 */
void dir_lfn_slot(uint8_t *s, const uint16_t *u, int len, int ord, bool last, uint8_t sum)
{
	memset(s, 0, 32);
	s[0] = (uint8_t)(ord | (last ? 0x40 : 0));
	s[DE_ATTR] = FAT_ATTR_LFN;
	s[13] = sum;
	for (int i = 0; i < LFN_UNITS; i++) {
		int k = (ord - 1) * LFN_UNITS + i;
		put16(s + lfn_off[i], k < len ? u[k] : k == len ? 0 : 0xffff);
	}
}

/* lfn_start begins a long name at its last slot (ordinal ord, flag 0x40). */
static void lfn_start(struct fat_vol *v, struct dir_iter *it, const uint8_t *raw, uint64_t pos)
{
	int ord = raw[0] & 0x1f, len = LFN_UNITS;
	uint16_t *u;

	if (ord < 1 || ord > LFN_MAX_SLOTS)
		return;
	u = it->lfn + (ord - 1) * LFN_UNITS;
	lfn_units(raw, u);
	for (int i = 0; i < LFN_UNITS; i++)
		if (u[i] == 0) {
			len = i;
			break;
		}
	it->lfn_len = (ord - 1) * LFN_UNITS + len;
	if (it->lfn_len == 0 || it->lfn_len > FAT_NAME_MAX) {
		fat_log(v, "long name of bad length ignored");
		return;
	}
	it->lfn_n = it->lfn_expect = ord;
	it->lfn_sum = raw[13];
	it->lfn_pos[0] = pos;
}

/* lfn_add takes one long-name slot; a slot out of order drops the name being built. */
static void lfn_add(struct fat_vol *v, struct dir_iter *it, const uint8_t *raw, uint64_t pos)
{
	int ord = raw[0] & 0x1f;

	if (raw[0] & 0x40) {
		if (it->lfn_n)
			fat_log(v, "long name without its short entry ignored");
		it->lfn_n = 0;
		lfn_start(v, it, raw, pos);
		return;
	}
	if (!it->lfn_n)
		return;
	if (ord != it->lfn_expect - 1 || raw[13] != it->lfn_sum || raw[26] || raw[27]) {
		fat_log(v, "long name slots out of order ignored");
		it->lfn_n = 0;
		return;
	}
	lfn_units(raw, it->lfn + (ord - 1) * LFN_UNITS);
	it->lfn_pos[it->lfn_n - ord] = pos;
	it->lfn_expect = ord;
}

/* take_short fills e from a short entry and the long name before it, if that one is whole and matches. */
static void take_short(struct fat_vol *v, struct dir_iter *it, const uint8_t *raw,
	uint64_t pos, struct dir_ent *e)
{
	int n = 0;

	memcpy(e->de, raw, 32);
	e->pos = pos;
	e->slot = it->slot;
	e->lfn = it->lfn_n && it->lfn_expect == 1 && it->lfn_sum == sfn_checksum(raw);
	e->name_len = 0;
	if (e->lfn) {
		memcpy(e->name, it->lfn, (size_t)it->lfn_len * 2);
		e->name_len = it->lfn_len;
		for (; n < it->lfn_n; n++)
			e->slot_pos[n] = it->lfn_pos[n];
	} else if (it->lfn_n) {
		fat_log(v, "long name with a bad checksum ignored (entry at %llu)",
			(unsigned long long)pos);
	}
	e->slot_pos[n] = pos;
	e->nslots = n + 1;
	it->lfn_n = 0;
}

/*
 * dir_next returns 1 with the next entry of the directory in e, 0 at its
 * end (it->at_end set; it->end_pos is the end marker's position, or 0 if
 * the chain ended without one), or a negative errno.  Free slots seen on
 * the way are collected until a run of it->need is found.
 */
int dir_next(struct fat_vol *v, struct dir_iter *it, struct dir_ent *e)
{
	const uint8_t *raw;
	uint64_t pos;
	int r;

	for (;;) {
		if (iter_pos(v, it, &pos) == 0) {
			it->at_end = true;
			return 0;
		}
		if ((r = slot_at(v, pos, &raw)) < 0)
			return r;
		if (raw[0] == DE_END) {
			it->at_end = true;
			it->end_pos = pos;
			return 0;
		}
		if (raw[0] == DE_FREE)
			note_free(it, pos);
		else if (it->free_len < it->need)
			it->free_len = 0;
		if (raw[0] != DE_FREE && (raw[DE_ATTR] & 0x3f) == FAT_ATTR_LFN)
			lfn_add(v, it, raw, pos);
		else if (raw[0] == DE_FREE || (raw[DE_ATTR] & FAT_ATTR_VOLID) || raw[0] == '.')
			it->lfn_n = 0;
		else {
			take_short(v, it, raw, pos, e);
			return (r = iter_advance(v, it)) < 0 ? r : 1;
		}
		if ((r = iter_advance(v, it)) < 0)
			return r;
	}
}

/*
 * dir_extend_run, after dir_next reached the end, completes the run of
 * it->need free slots with the slots after the end, growing the directory
 * by zeroed clusters as needed.  Returns -ENOSPC at the FAT limit of
 * 65536 slots or when the volume is full.
 */
int dir_extend_run(struct fat_vol *v, struct dir_iter *it)
{
	uint64_t pos;
	uint32_t c;
	int r;

	while (it->free_len < it->need) {
		if (it->slot >= DIR_MAX_SLOTS)
			return -ENOSPC;
		if (iter_pos(v, it, &pos) == 0) {
			if ((r = fat_alloc(v, it->last, &c)) < 0 ||
					(r = fat_zero_cluster(v, c, BC_DIR)) < 0)
				return r;
			it->clus = c;
			continue;
		}
		note_free(it, pos);
		if ((r = iter_advance(v, it)) < 0)
			return r;
	}
	return 0;
}

/* dir_write_slot writes one 32-byte slot at byte position pos. */
int dir_write_slot(struct fat_vol *v, uint64_t pos, const uint8_t *slot)
{
	uint32_t sec = (uint32_t)(pos >> v->bps_shift);
	uint8_t *b;
	int r;

	if ((r = bc_get(v, sec, 0, &b)) < 0)
		return r;
	memcpy(b + (pos & (v->bps - 1)), slot, 32);
	bc_dirty(v, sec, BC_DIR);
	return 0;
}

/* dir_kill marks every slot of entry e (long-name slots and short entry) deleted. */
int dir_kill(struct fat_vol *v, const struct dir_ent *e)
{
	uint8_t raw[32];
	int r;

	for (int i = 0; i < e->nslots; i++) {
		if ((r = read_slot(v, e->slot_pos[i], raw)) < 0)
			return r;
		raw[0] = DE_FREE;
		if ((r = dir_write_slot(v, e->slot_pos[i], raw)) < 0)
			return r;
	}
	return 0;
}

/* dir_is_empty returns 1 if the directory at cluster first has no entries, 0 if it has, or an error. */
int dir_is_empty(struct fat_vol *v, uint32_t first)
{
	struct dir_iter it;
	struct dir_ent e;

	dir_iter_init(&it, first, 0);
	int r = dir_next(v, &it, &e);
	return r < 0 ? r : !r;
}

/* dir_first checks that dir is a live directory and gives its first cluster. */
int dir_first(struct fat_vol *v, struct fat_node *dir, uint32_t *first)
{
	int r;

	if ((r = node_check(v, dir)) < 0)
		return r;
	if (!de_is_dir(dir->de))
		return -ENOTDIR;
	if (dir->flags & FAT_NODE_ORPHAN)
		return -ENOENT;
	*first = dir->id == FAT_ROOT_ID ? v->root_clus : de_first(dir->de);
	if (dir->id == FAT_ROOT_ID)
		return 0;
	if ((r = fat_check_start(v, *first)) < 0)
		dir->flags |= FAT_NODE_BAD;
	return r;
}

/* dir_ent_name puts the short name's display form in e->name when e has no long name. */
void dir_ent_name(struct dir_ent *e)
{
	if (!e->lfn)
		e->name_len = sfn_display(e->de, e->name);
}

/*
 * dir_match says whether entry e is named k, comparing k without regard
 * to ASCII case with both its long and its short name.  Short names of
 * plain ASCII compare as 11 bytes, the fast path of big directories.
 */
bool dir_match(const struct name_key *k, const struct dir_ent *e)
{
	uint16_t sn[13];
	const uint8_t *d = e->de;

	if (e->lfn && name_eq(e->name, e->name_len, k->u, k->len))
		return true;
	if (k->has83 && !memcmp(d, k->n83, 11))
		return true;
	if (d[0] != 0x05 && !((le32(d) | le32(d + 4) | le32(d + 7)) & 0x80808080u))
		return false;
	return name_eq(sn, sfn_display(d, sn), k->u, k->len);
}

/*
 * dir_find looks for the name k in the directory starting at cluster
 * first.  Returns 0 with the entry in e, -ENOENT, or an error.
 */
int dir_find(struct fat_vol *v, uint32_t first, const struct name_key *k, struct dir_ent *e)
{
	struct dir_iter it;
	int r;

	dir_iter_init(&it, first, 0);
	while ((r = dir_next(v, &it, e)) > 0)
		if (dir_match(k, e))
			return 0;
	return r < 0 ? r : -ENOENT;
}

/*
 * fat_lookup finds name in directory dir and returns its node in *out,
 * with a reference the caller drops with fat_put().  Returns -ENOENT,
 * -ENOTDIR, -EINVAL for a name FAT cannot hold, or -EIO.
 */
int fat_lookup(struct fat_vol *v, struct fat_node *dir, const char *name,
	struct fat_node **out)
{
	struct dir_ent e;
	struct name_key k;
	uint16_t u[FAT_NAME_MAX + 1];
	uint32_t first;
	int len, r;

	if ((r = dir_first(v, dir, &first)) < 0 || (r = name_to_utf16(name, u, &len)) < 0)
		return r;
	name_key_init(&k, u, len);
	if ((r = dir_find(v, first, &k, &e)) < 0)
		return r;
	return node_get_ent(v, e.pos, e.de, first, out);
}

/* dir_seek starts a walk at slot index slot of the directory. */
static int dir_seek(struct fat_vol *v, struct dir_iter *it, uint32_t first, uint64_t slot)
{
	uint32_t per = v->csize / 32, next;
	int r;

	dir_iter_init(it, first, 0);
	if (slot >= DIR_MAX_SLOTS) {
		it->clus = 0;
		return 0;
	}
	for (uint32_t i = 0; i < slot / per && it->clus; i++) {
		if ((r = fat_next(v, it->clus, &next)) < 0)
			return r;
		it->last = it->clus;
		it->clus = next;
	}
	it->slot = (uint32_t)slot;
	return 0;
}

/*
 * fat_readdir returns 1 with the entry at or after *cookie in out and
 * moves *cookie past it, or 0 at the end of the directory.  Cookies are
 * slot indices: they stay valid while entries are added and removed.
 * Start with *cookie = 0.
 */
int fat_readdir(struct fat_vol *v, struct fat_node *dir, uint64_t *cookie,
	struct fat_dirent *out)
{
	struct dir_iter it;
	struct dir_ent e;
	uint32_t first;
	int r;

	if ((r = dir_first(v, dir, &first)) < 0 || (r = dir_seek(v, &it, first, *cookie)) < 0)
		return r;
	if ((r = dir_next(v, &it, &e)) <= 0)
		return r;
	out->id = e.pos / 32;
	out->is_dir = de_is_dir(e.de);
	dir_ent_name(&e);
	if (utf16_to_utf8(e.name, e.name_len, out->name, sizeof(out->name)) < 0)
		return -EIO;
	*cookie = (uint64_t)e.slot + 1;
	return 1;
}
