/*
 * fat_ops.c: changing the namespace: create, mkdir, unlink, rmdir and
 * rename, and the directory-entry insertion they share.
 *
 * A new name is stored as a short entry alone when it is a valid 8.3 name
 * whose base and extension are each of one case (the case kept in the NT
 * flags, as Windows NT and Linux do); otherwise as long-name slots followed
 * by a short alias made the Windows way.  Every call checks its arguments
 * and finds what it needs before it changes anything; the one step that
 * may fail late (growing a directory on a full volume) comes first.
 */
#include "fat_int.h"

#define TAIL_MAX 16384

/* new_entry fills a fresh short entry (times now) for a file or directory. */
static void new_entry(struct fat_vol *v, uint8_t *de, bool is_dir, uint32_t first)
{
	int64_t t = fat_now(v);

	memset(de, 0, 32);
	memset(de, ' ', 11);
	de[DE_ATTR] = is_dir ? FAT_ATTR_DIR : FAT_ATTR_ARCH;
	fat_time_put(t, de + DE_CDATE, de + DE_CTIME);
	de[DE_CTENTH] = (uint8_t)((t & 1) * 100);
	fat_time_put(t, de + DE_MDATE, de + DE_MTIME);
	fat_time_put(t, de + DE_ADATE, NULL);
	de_set_first(de, first);
}

/* pick_tail chooses the smallest numeric tail not in use; -ENOSPC if all are. */
static int pick_tail(struct fat_vol *v, uint8_t *name11)
{
	for (int t = 1; t < TAIL_MAX; t++)
		if (!(v->tails[t >> 3] & (1 << (t & 7)))) {
			sfn_apply_tail(name11, t);
			return 0;
		}
	fat_log(v, "no free short-name alias left for a new name");
	return -ENOSPC;
}

/*
 * scan_for_insert walks the whole directory once: it refuses an existing
 * name (when check is set), notes which aliases of the basis are taken,
 * and collects free slots for the new entry.  Returns 1 if the basis
 * itself is taken, 0 if not, or an error.
 */
static int scan_for_insert(struct fat_vol *v, struct dir_iter *it, const struct name_key *k,
	const uint8_t *basis, bool aliases, bool check)
{
	struct dir_ent e;
	int r, t, taken = 0;

	if (aliases)
		memset(v->tails, 0, sizeof(v->tails));
	while ((r = dir_next(v, it, &e)) > 0) {
		if (check && dir_match(k, &e))
			return -EEXIST;
		if (!aliases)
			continue;
		if (!memcmp(e.de, basis, 11))
			taken = 1;
		if ((t = sfn_tail_of(e.de, basis)) > 0 && t < TAIL_MAX)
			v->tails[t >> 3] |= (uint8_t)(1 << (t & 7));
	}
	return r < 0 ? r : taken;
}

/* write_slots writes the long-name slots (if any) and the short entry at the run found. */
static int write_slots(struct fat_vol *v, struct dir_iter *it, const uint16_t *u,
	int len, int nlfn, const uint8_t *de)
{
	uint8_t slot[32], sum = sfn_checksum(de);
	int r;

	for (int i = nlfn; i >= 1; i--) {
		dir_lfn_slot(slot, u, len, i, i == nlfn, sum);
		if ((r = dir_write_slot(v, it->free_pos[nlfn - i], slot)) < 0)
			return r;
	}
	return dir_write_slot(v, it->free_pos[nlfn], de);
}

/*
 * insert_entry adds the name u to the directory at cluster dfirst, with
 * the short entry de (whose name it sets), and returns the short entry's
 * position in *pos.  With check, an existing name gives -EEXIST.
 */
static int insert_entry(struct fat_vol *v, uint32_t dfirst, const uint16_t *u, int len,
	uint8_t *de, bool check, uint64_t *pos)
{
	struct dir_iter it;
	struct name_key k;
	uint8_t name11[11], ntres;
	int kind = sfn_basis(u, len, name11, &ntres), nlfn, r;

	name_key_init(&k, u, len);
	nlfn = kind == 0 ? 0 : (len + LFN_UNITS - 1) / LFN_UNITS;
	dir_iter_init(&it, dfirst, nlfn + 1);
	if ((r = scan_for_insert(v, &it, &k, name11, kind > 0, check)) < 0)
		return r;
	if ((kind == 2 || (kind == 1 && r == 1)) && (r = pick_tail(v, name11)) < 0)
		return r;
	if ((r = dir_extend_run(v, &it)) < 0)
		return r;
	memcpy(de, name11, 11);
	de[DE_NTRES] = (uint8_t)((de[DE_NTRES] & ~(NT_LOWER_BASE | NT_LOWER_EXT)) | ntres);
	if (de[0] == DE_FREE)
		de[0] = 0x05;
	*pos = it.free_pos[nlfn];
	return write_slots(v, &it, u, len, nlfn, de);
}

/* dot_entries writes "." and ".." into the new directory cluster c. */
static int dot_entries(struct fat_vol *v, uint32_t c, uint32_t parent)
{
	uint8_t de[32];
	uint64_t pos = (uint64_t)clus_sector(v, c) << v->bps_shift;
	int r;

	new_entry(v, de, true, c);
	memcpy(de, ".          ", 11);
	if ((r = dir_write_slot(v, pos, de)) < 0)
		return r;
	de_set_first(de, parent == v->root_clus ? 0 : parent);
	de[1] = '.';
	return dir_write_slot(v, pos + 32, de);
}

/* touch_dir stamps a directory as modified. */
static int touch_dir(struct fat_vol *v, struct fat_node *dir)
{
	node_touch(v, dir, true);
	return node_store(v, dir);
}

/* prepare checks a call that changes directory dir and converts the name. */
static int prepare(struct fat_vol *v, struct fat_node *dir, const char *name,
	uint32_t *dfirst, uint16_t *u, int *len)
{
	int r;

	if (v->opts.rdonly)
		return -EROFS;
	if ((r = dir_first(v, dir, dfirst)) < 0)
		return r;
	return name_to_utf16(name, u, len);
}

/*
 * fat_create makes a new empty file, or with is_dir a new directory, named
 * name in dir, and returns its node (referenced) in *out if out is not
 * NULL.  Returns -EEXIST if the name is taken, -ENOSPC, -EINVAL ...
 */
int fat_create(struct fat_vol *v, struct fat_node *dir, const char *name,
	bool is_dir, struct fat_node **out)
{
	uint16_t u[FAT_NAME_MAX + 1];
	uint32_t dfirst, c = 0;
	uint8_t de[32];
	uint64_t pos;
	int len, r;

	if ((r = prepare(v, dir, name, &dfirst, u, &len)) < 0)
		return r;
	if (is_dir && ((r = fat_alloc(v, 0, &c)) < 0 ||
			(r = fat_zero_cluster(v, c, BC_DIR)) < 0 ||
			(r = dot_entries(v, c, dfirst)) < 0))
		goto fail;
	new_entry(v, de, is_dir, c);
	if ((r = insert_entry(v, dfirst, u, len, de, true, &pos)) < 0)
		goto fail;
	if ((r = touch_dir(v, dir)) < 0)
		return r;
	if (!out)
		return 0;
	return node_get_ent(v, pos, de, dfirst, out);
fail:
	if (c)
		fat_free_chain(v, c);
	return r;
}

/*
 * remove_entry deletes entry e.  If its node is in use it becomes an
 * orphan and keeps its clusters until its last fat_put(); otherwise the
 * clusters are freed now.  A corrupt chain gives -EIO and nothing changes.
 */
static int remove_entry(struct fat_vol *v, const struct dir_ent *e)
{
	struct fat_node *n = node_find(v, e->pos / 32);
	uint32_t first = de_first(e->de);
	int r;

	if (n) {
		if ((r = dir_kill(v, e)) < 0)
			return r;
		n->flags |= FAT_NODE_ORPHAN;
		return 0;
	}
	if (first && ((r = fat_check_start(v, first)) < 0 || (r = fat_check_chain(v, first)) < 0))
		return r;
	if ((r = dir_kill(v, e)) < 0)
		return r;
	return first ? fat_free_chain(v, first) : 0;
}

/* unlink_common removes name from dir; want_dir selects rmdir's checks. */
static int unlink_common(struct fat_vol *v, struct fat_node *dir, const char *name,
	bool want_dir)
{
	uint16_t u[FAT_NAME_MAX + 1];
	struct name_key k;
	struct dir_ent e;
	uint32_t dfirst;
	int len, r;

	if ((r = prepare(v, dir, name, &dfirst, u, &len)) < 0)
		return r;
	name_key_init(&k, u, len);
	if ((r = dir_find(v, dfirst, &k, &e)) < 0)
		return r;
	if (de_is_dir(e.de) != want_dir)
		return want_dir ? -ENOTDIR : -EISDIR;
	if (want_dir && ((r = fat_check_start(v, de_first(e.de))) < 0 ||
			(r = dir_is_empty(v, de_first(e.de))) <= 0))
		return r < 0 ? r : -ENOTEMPTY;
	if ((r = remove_entry(v, &e)) < 0)
		return r;
	return touch_dir(v, dir);
}

/* fat_unlink removes the file name from dir (-EISDIR for a directory). */
int fat_unlink(struct fat_vol *v, struct fat_node *dir, const char *name)
{
	return unlink_common(v, dir, name, false);
}

/* fat_rmdir removes the empty directory name from dir (-ENOTEMPTY, -ENOTDIR). */
int fat_rmdir(struct fat_vol *v, struct fat_node *dir, const char *name)
{
	return unlink_common(v, dir, name, true);
}

/* parent_of reads the ".." entry of the directory at cluster c. */
static int parent_of(struct fat_vol *v, uint32_t c, uint32_t *parent)
{
	uint64_t pos = ((uint64_t)clus_sector(v, c) << v->bps_shift) + 32;
	uint8_t *b, *de;
	int r;

	if ((r = bc_get(v, (uint32_t)(pos >> v->bps_shift), 0, &b)) < 0)
		return r;
	de = b + (pos & (v->bps - 1));
	if (memcmp(de, "..         ", 11)) {
		fat_log(v, "directory at cluster %u has no \"..\" entry", c);
		return -EIO;
	}
	*parent = de_first(de) ? de_first(de) : v->root_clus;
	return 0;
}

/* check_not_inside refuses (-EINVAL) to move directory src into itself or below. */
static int check_not_inside(struct fat_vol *v, uint32_t src, uint32_t dfirst)
{
	uint32_t c = dfirst;
	int r;

	for (int depth = 0; depth < 4096; depth++) {
		if (c == src)
			return -EINVAL;
		if (c == v->root_clus)
			return 0;
		if ((r = fat_check_start(v, c)) < 0 || (r = parent_of(v, c, &c)) < 0)
			return r;
	}
	fat_log(v, "directory tree deeper than 4096 or looping");
	return -EIO;
}

/* check_target says whether entry t may be replaced by the entry s (and freed without error). */
static int check_target(struct fat_vol *v, const struct dir_ent *s, const struct dir_ent *t)
{
	int r;

	uint32_t first = de_first(t->de);

	if (de_is_dir(s->de) && !de_is_dir(t->de))
		return -ENOTDIR;
	if (!de_is_dir(s->de) && de_is_dir(t->de))
		return -EISDIR;
	if (first && !node_find(v, t->pos / 32) && ((r = fat_check_start(v, first)) < 0 ||
			(r = fat_check_chain(v, first)) < 0))
		return r;
	if (!de_is_dir(t->de))
		return 0;
	if ((r = fat_check_start(v, de_first(t->de))) < 0 || (r = dir_is_empty(v, de_first(t->de))) < 0)
		return r;
	return r ? 0 : -ENOTEMPTY;
}

/* set_dotdot points the ".." entry of the directory at cluster c to parent. */
static int set_dotdot(struct fat_vol *v, uint32_t c, uint32_t parent)
{
	uint64_t pos = ((uint64_t)clus_sector(v, c) << v->bps_shift) + 32;
	uint8_t *b, de[32];
	int r;

	if ((r = bc_get(v, (uint32_t)(pos >> v->bps_shift), 0, &b)) < 0)
		return r;
	memcpy(de, b + (pos & (v->bps - 1)), 32);
	de_set_first(de, parent == v->root_clus ? 0 : parent);
	return dir_write_slot(v, pos, de);
}

/* move_entry puts the entry s under name u in ddir, removes t (if any) and s, and fixes nodes. */
static int move_entry(struct fat_vol *v, struct dir_ent *s, struct dir_ent *t,
	uint32_t dfirst, const uint16_t *u, int len)
{
	struct fat_node *n = node_find(v, s->pos / 32);
	uint8_t de[32];
	uint64_t pos;
	int r;

	memcpy(de, n ? n->de : s->de, 32);
	if ((r = insert_entry(v, dfirst, u, len, de, false, &pos)) < 0)
		return r;
	if (t && (r = remove_entry(v, t)) < 0)
		return r;
	if ((r = dir_kill(v, s)) < 0)
		return r;
	if (n) {
		n->id = pos / 32;
		n->pos = pos;
		n->parent = dfirst;
		memcpy(n->de, de, 32);
	}
	return 0;
}

/* rename_find looks up both names; *have_t says whether a different target exists. */
static int rename_find(struct fat_vol *v, uint32_t sfirst, const struct name_key *sk,
	uint32_t dfirst, const struct name_key *dk, struct dir_ent *s, struct dir_ent *t,
	bool *have_t)
{
	int r;

	if ((r = dir_find(v, sfirst, sk, s)) < 0)
		return r;
	if (de_is_dir(s->de) && (r = check_not_inside(v, de_first(s->de), dfirst)) < 0)
		return r;
	r = dir_find(v, dfirst, dk, t);
	if (r < 0 && r != -ENOENT)
		return r;
	*have_t = r == 0 && t->pos != s->pos;
	if (r == 0)
		dir_ent_name(t);
	if (r == 0 && t->pos == s->pos && t->name_len == dk->len &&
			!memcmp(t->name, dk->u, (size_t)dk->len * 2))
		return 1;
	return *have_t ? check_target(v, s, t) : 0;
}

/*
 * fat_rename moves sname in sdir to dname in ddir, replacing a file or
 * empty directory already there, as POSIX rename does.  A node in use
 * follows its entry: its id changes to the new entry's position.
 * Returns -ENOENT, -EINVAL (a directory into itself), -ENOTDIR, -EISDIR,
 * -ENOTEMPTY, -ENOSPC ...; on an error nothing has changed.
 */
int fat_rename(struct fat_vol *v, struct fat_node *sdir, const char *sname,
	struct fat_node *ddir, const char *dname)
{
	uint16_t su[FAT_NAME_MAX + 1], du[FAT_NAME_MAX + 1];
	struct name_key sk, dk;
	struct dir_ent s, t;
	uint32_t sfirst, dfirst;
	int slen, dlen, r;
	bool have_t;

	if ((r = prepare(v, sdir, sname, &sfirst, su, &slen)) < 0 ||
			(r = prepare(v, ddir, dname, &dfirst, du, &dlen)) < 0)
		return r;
	name_key_init(&sk, su, slen);
	name_key_init(&dk, du, dlen);
	r = rename_find(v, sfirst, &sk, dfirst, &dk, &s, &t, &have_t);
	if (r != 0)
		return r < 0 ? r : 0;
	if ((r = move_entry(v, &s, have_t ? &t : NULL, dfirst, du, dlen)) < 0)
		return r;
	if (de_is_dir(s.de) && sfirst != dfirst &&
			(r = set_dotdot(v, de_first(s.de), dfirst)) < 0)
		return r;
	if ((r = touch_dir(v, sdir)) < 0)
		return r;
	return sdir == ddir ? 0 : touch_dir(v, ddir);
}
