/*
 * files.c: file descriptors and the file system calls, on fat32fs.
 *
 * A process's descriptors point at open files (struct ofile), which
 * dup shares as on Linux (one offset).  Descriptors 0, 1 and 2 start on
 * the console.  Paths are walked here one component at a time, as the
 * file protocol asks (lichen/fs.h): "." and ".." are handled by keeping
 * the ids of the directories walked through, from the root or from the
 * process's working directory.  Every file is held open in fat32fs
 * (FS_OPEN) while a descriptor names it, so that an unlinked open file
 * stays usable, as on Linux.
 *
 * Not yet: the mounts of DESIGN.md beside fat32fs at / (devfs, procfs,
 * tmpfs), permissions beyond FAT's read-only bit, file locks.
 */
#include "linuxpx.h"

#include <errno.h>
#include <string.h>

#define AT_FDCWD      (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH 0x1000
#define O_ACCMODE   3
#define O_WRONLY    1
#define O_RDWR      2
#define O_CREAT     0100
#define O_EXCL      0200
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_DIRECTORY 040000
#define O_CLOEXEC   02000000
#define S_IFMT      0170000
#define S_IFDIR     0040000
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define DT_DIR 4
#define DT_REG 8

struct ofile ofiles[OFILES];

/* ---- walking paths ------------------------------------------------ */

/* lookup: one component in directory dir: its id and mode. */
static int lookup(uint64_t dir, const char *name, uint64_t *id, uint64_t *mode)
{
	struct lc_msg m;
	uint64_t len = strlen(name);
	int64_t r;

	memcpy(fs.buf, name, len);
	r = fs_call(&fs, FS_LOOKUP, (const uint64_t[6]){ dir, 0, len }, &m);
	if (r)
		return (int)r;
	*id = m.w[1];
	*mode = m.w[2];
	return 0;
}

/* walk_ids: path from the root or from the working directory, keeping
 * the ids of the directories walked through (ids[0..*depth]: the last
 * one is what path names); *mode is its mode.  0 or -errno. */
static int walk_ids(struct proc *p, const char *path, uint64_t *ids, int *depth,
		    uint64_t *mode)
{
	char name[NAME_BYTES];

	*mode = S_IFDIR;
	if (path[0] == '/') {
		ids[0] = FS_ROOT;
		*depth = 0;
	} else {
		memcpy(ids, p->cwd_ids, sizeof(uint64_t) * (size_t)(p->cwd_depth + 1));
		*depth = p->cwd_depth;
	}
	while (*path) {
		size_t len;
		int err;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		len = strcspn(path, "/");
		if (len >= sizeof(name))
			return -ENAMETOOLONG;
		memcpy(name, path, len);
		name[len] = '\0';
		path += len;
		if ((*mode & S_IFMT) != S_IFDIR)
			return -ENOTDIR;
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			*depth -= *depth > 0;
			*mode = S_IFDIR;
			continue;
		}
		if (*depth + 1 >= PATH_DEPTH)
			return -ENAMETOOLONG;
		if ((err = lookup(ids[*depth], name, &ids[*depth + 1], mode)) != 0)
			return err;
		(*depth)++;
	}
	return 0;
}

/* walk: the id path names.  With last (NAME_BYTES), the final component
 * is not looked up: it is copied to last, and *id is its directory (for
 * the calls that make or remove a name).  0 or -errno. */
static int walk(struct proc *p, const char *path, uint64_t *id, char *last)
{
	uint64_t ids[PATH_DEPTH], mode;
	char dir[PATH_BYTES];
	size_t len = strlen(path), at;
	int depth, err;

	if (!len)
		return -ENOENT;
	if (last) {
		while (len > 1 && path[len - 1] == '/')
			len--;
		for (at = len; at && path[at - 1] != '/'; at--)
			;
		if (len - at >= NAME_BYTES)
			return -ENAMETOOLONG;
		memcpy(last, path + at, len - at);
		last[len - at] = '\0';
		if (!last[0] || !strcmp(last, ".") || !strcmp(last, ".."))
			return -EISDIR;          /* "/", "." or "..": no last name */
		memcpy(dir, path, at);
		dir[at] = '\0';
		path = dir;
	}
	if ((err = walk_ids(p, path, ids, &depth, &mode)) != 0)
		return err;
	if (last && (mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	*id = ids[depth];
	return 0;
}

static int path_in(struct proc *p, uint64_t addr, char *path)
{
	int err = copy_string_in(p, path, addr, PATH_BYTES);

	return err == -ENAMETOOLONG ? -ENAMETOOLONG : err;
}

/* ---- descriptors --------------------------------------------------- */

struct ofile *ofile_new(void)
{
	for (int i = 0; i < OFILES; i++)
		if (!ofiles[i].refs) {
			memset(&ofiles[i], 0, sizeof(ofiles[i]));
			ofiles[i].refs = 1;
			return &ofiles[i];
		}
	return NULL;
}

void ofile_put(struct ofile *f)
{
	struct lc_msg m;

	if (--f->refs)
		return;
	if (f->held)
		fs_call(&fs, FS_CLOSE, (const uint64_t[6]){ f->id }, &m);
	if (f->pipe)
		pipe_closed(f->pipe, f->pipe_writer);
}

int fd_new(struct proc *p, struct ofile *f, int from, int cloexec)
{
	for (int fd = from; fd < FDS; fd++)
		if (!p->fds[fd]) {
			p->fds[fd] = f;
			p->cloexec[fd] = (uint8_t)cloexec;
			return fd;
		}
	return -EMFILE;
}

static struct ofile *fd_get(struct proc *p, uint64_t fd)
{
	return fd < FDS ? p->fds[fd] : NULL;
}

void files_start(struct proc *p)
{
	struct ofile *con = ofile_new();

	p->cwd_ids[0] = FS_ROOT;
	p->cwd_depth = 0;
	strcpy(p->cwd, "/");
	if (!con)
		return;
	con->console = 1;
	con->flags = O_RDWR;
	con->refs = 3;
	for (int fd = 0; fd < 3; fd++)
		p->fds[fd] = con;
}

void files_end(struct proc *p)
{
	for (int fd = 0; fd < FDS; fd++)
		if (p->fds[fd]) {
			ofile_put(p->fds[fd]);
			p->fds[fd] = NULL;
		}
}

/* files_copy: fork: the child's descriptors name the same open files. */
void files_copy(struct proc *from, struct proc *to)
{
	for (int fd = 0; fd < FDS; fd++) {
		to->fds[fd] = from->fds[fd];
		to->cloexec[fd] = from->cloexec[fd];
		if (to->fds[fd])
			to->fds[fd]->refs++;
	}
	memcpy(to->cwd, from->cwd, sizeof(to->cwd));
	memcpy(to->cwd_ids, from->cwd_ids, sizeof(to->cwd_ids));
	to->cwd_depth = from->cwd_depth;
}

/* files_exec: execve closes the descriptors marked close-on-exec. */
void files_exec(struct proc *p)
{
	for (int fd = 0; fd < FDS; fd++)
		if (p->fds[fd] && p->cloexec[fd]) {
			ofile_put(p->fds[fd]);
			p->fds[fd] = NULL;
		}
}

/* ---- the calls ------------------------------------------------------ */

static int64_t stat_of(uint64_t id, uint64_t *w)
{
	struct lc_msg m;
	int64_t r = fs_call(&fs, FS_STAT, (const uint64_t[6]){ id }, &m);

	if (!r)
		memcpy(w, &m.w[1], 8 * sizeof(uint64_t));
	return r;
}

int64_t sys_openat(struct proc *p, const uint64_t a[6])
{
	char path[PATH_BYTES], last[NAME_BYTES];
	uint64_t id, dir, st[8], mode = 0, flags = a[2];
	struct ofile *f;
	struct lc_msg m;
	int64_t r;
	int fd;

	if ((int)a[0] != AT_FDCWD && a[0] >= FDS)
		return -EBADF;
	if ((r = path_in(p, a[1], path)) != 0)
		return r;
	if ((int)a[0] != AT_FDCWD && path[0] != '/')
		return -ENOSYS;                  /* paths relative to a directory fd: not yet */
	if ((r = dev_path(path)) != 0) {
		if (r < 0)
			return (flags & O_CREAT) ? -EACCES : r;
		if (!(f = ofile_new()))
			return -ENFILE;
		dev_open(f, (int)r, (uint32_t)flags);
		fd = fd_new(p, f, 0, (flags & O_CLOEXEC) != 0);
		if (fd < 0)
			ofile_put(f);
		return fd;
	}
	r = walk(p, path, &id, NULL);
	if (r == -ENOENT && (flags & O_CREAT)) {
		if ((r = walk(p, path, &dir, last)) != 0)
			return r;
		memcpy(fs.buf, last, strlen(last));
		r = fs_call(&fs, FS_CREATE, (const uint64_t[6]){ dir, 0, strlen(last), 0 }, &m);
		if (r)
			return r;
		id = m.w[1];
	} else if (r) {
		return r;
	} else if ((flags & O_CREAT) && (flags & O_EXCL)) {
		return -EEXIST;
	}
	if ((r = stat_of(id, st)) != 0)
		return r;
	mode = st[0];
	if ((flags & O_DIRECTORY) && (mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	if ((mode & S_IFMT) == S_IFDIR && (flags & O_ACCMODE))
		return -EISDIR;
	if ((flags & O_ACCMODE) && !(mode & 0222))
		return -EACCES;                  /* FAT's read-only attribute */
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) &&
	    (r = fs_call(&fs, FS_TRUNCATE, (const uint64_t[6]){ id, 0 }, &m)) != 0)
		return r;
	if (!(f = ofile_new()))
		return -ENFILE;
	f->id = id;
	f->flags = (uint32_t)flags;
	f->is_dir = (mode & S_IFMT) == S_IFDIR;
	if (fs_call(&fs, FS_OPEN, (const uint64_t[6]){ id }, &m) == 0)
		f->held = 1;
	fd = fd_new(p, f, 0, (flags & O_CLOEXEC) != 0);
	if (fd < 0)
		ofile_put(f);
	return fd;
}

int64_t sys_close(struct proc *p, uint64_t fd)
{
	struct ofile *f = fd_get(p, fd);

	if (!f)
		return -EBADF;
	p->fds[fd] = NULL;
	ofile_put(f);
	return 0;
}

/* file_io: read or write through the file protocol's buffer. */
static int64_t file_io(struct proc *p, struct ofile *f, uint64_t buf, uint64_t len, int write)
{
	struct lc_msg m;
	uint64_t done = 0, st[8];

	if (f->is_dir)
		return -EISDIR;
	if (write && (f->flags & O_APPEND)) {
		if (stat_of(f->id, st))
			return -EIO;
		f->pos = st[1];
	}
	while (done < len) {
		uint64_t n = len - done < fs.buf_bytes ? len - done : fs.buf_bytes;
		int64_t r;

		if (write && copy_in(p, fs.buf, buf + done, n))
			return done ? (int64_t)done : -EFAULT;
		r = fs_call(&fs, write ? FS_WRITE : FS_READ, (const uint64_t[6]){ f->id, f->pos, n, 0 },
			    &m);
		if (r < 0)
			return done ? (int64_t)done : r;
		if (!write && r > 0 && copy_out(p, buf + done, fs.buf, (size_t)r))
			return done ? (int64_t)done : -EFAULT;
		f->pos += (uint64_t)r;
		done += (uint64_t)r;
		if ((uint64_t)r < n)
			break;                   /* the end of the file, or the disk is full */
	}
	return (int64_t)done;
}

int64_t sys_read(struct proc *p, uint64_t fd, uint64_t buf, uint64_t len)
{
	struct ofile *f = fd_get(p, fd);

	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->console)
		return console_read(p, buf, len);
	if (f->pipe)
		return pipe_read(p, f, buf, len);
	if (f->dev == DEV_DIR)
		return -EISDIR;
	if (f->dev)
		return dev_read(p, f, buf, len);
	return file_io(p, f, buf, len, 0);
}

int64_t sys_write(struct proc *p, uint64_t fd, uint64_t buf, uint64_t len)
{
	struct ofile *f = fd_get(p, fd);

	if (!f || !(f->flags & O_ACCMODE))
		return -EBADF;
	if (f->console)
		return console_write_from(p, buf, len);
	if (f->pipe)
		return pipe_write(p, f, buf, len);
	if (f->dev == DEV_DIR)
		return -EISDIR;
	if (f->dev)
		return dev_write(f, len);
	return file_io(p, f, buf, len, 1);
}

/* sys_sendfile: from a file to the console or a file, through
 * linuxpx (other pairs: -EINVAL, and callers such as BusyBox's cat then
 * read and write). */
int64_t sys_sendfile(struct proc *p, uint64_t out_fd, uint64_t in_fd, uint64_t offp,
		     uint64_t count)
{
	static uint8_t chunk[65536];
	struct ofile *in = fd_get(p, in_fd), *out = fd_get(p, out_fd);
	uint64_t pos, done = 0;
	struct lc_msg m;

	if (!in || !out || (in->flags & O_ACCMODE) == O_WRONLY || !(out->flags & O_ACCMODE))
		return -EBADF;
	if (in->console || in->pipe || in->is_dir || out->pipe || out->is_dir)
		return -EINVAL;
	if (offp && copy_in(p, &pos, offp, sizeof(pos)))
		return -EFAULT;
	if (!offp)
		pos = in->pos;
	while (done < count) {
		uint64_t n = count - done < sizeof(chunk) ? count - done : sizeof(chunk);
		int64_t r = fs_call(&fs, FS_READ, (const uint64_t[6]){ in->id, pos, n, 0 }, &m);

		if (r <= 0) {
			if (r < 0 && !done)
				return r;
			break;
		}
		memcpy(chunk, fs.buf, (size_t)r);
		if (out->console) {
			if (console_write((const char *)chunk, (size_t)r) < 0)
				return done ? (int64_t)done : -EIO;
		} else {
			memcpy(fs.buf, chunk, (size_t)r);
			if (fs_call(&fs, FS_WRITE, (const uint64_t[6]){ out->id, out->pos, (uint64_t)r, 0 },
				    &m) != r)
				return done ? (int64_t)done : -EIO;
			out->pos += (uint64_t)r;
		}
		pos += (uint64_t)r;
		done += (uint64_t)r;
		if ((uint64_t)r < n)
			break;
	}
	if (offp)
		return copy_out(p, offp, &pos, sizeof(pos)) ? -EFAULT : (int64_t)done;
	in->pos = pos;
	return (int64_t)done;
}

int64_t sys_lseek(struct proc *p, uint64_t fd, int64_t off, uint64_t whence)
{
	struct ofile *f = fd_get(p, fd);
	uint64_t st[8];
	int64_t base;

	if (!f)
		return -EBADF;
	if (f->console || f->pipe)
		return -ESPIPE;
	if (f->dev && f->dev != DEV_DIR)
		return 0;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)f->pos;
	else if (whence == SEEK_END && !stat_of(f->id, st))
		base = (int64_t)st[1];
	else
		return -EINVAL;
	if (base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	if (f->is_dir && f->pos == 0)
		f->dir_phase = 0, f->cookie = 0;
	return (int64_t)f->pos;
}

/* stat_out: struct stat as arm64 Linux lays it out (128 bytes), of
 * fat32fs's id, or the console, or a device of devfs.c (dev). */
static int64_t stat_out(struct proc *p, uint64_t id, int console, int dev, uint64_t addr)
{
	uint64_t w[8] = { 0 }, s[16] = { 0 }, rdev = 0;
	uint32_t *s32 = (uint32_t *)s;

	if (dev) {
		dev_stat(dev, w, &rdev, &id);
		s[0] = 5;
		s[1] = id;
		s32[4] = (uint32_t)w[0];
		s32[5] = (uint32_t)w[7];
		s[4] = rdev;
		s32[14] = (uint32_t)w[6];
		return copy_out(p, addr, s, sizeof(s)) ? -EFAULT : 0;
	}
	if (console) {
		w[0] = 0020620;                  /* a character device, crw--w---- */
		w[6] = 1024;
		w[7] = 1;
	} else if (stat_of(id, w)) {
		return -EIO;
	}
	s[0] = console ? 5 : 1;              /* st_dev */
	s[1] = console ? 1 : id;             /* st_ino */
	s32[4] = (uint32_t)w[0];             /* st_mode */
	s32[5] = (uint32_t)w[7];             /* st_nlink */
	s[4] = console ? (5UL << 8 | 1) : 0; /* st_rdev (after uid, gid: 0) */
	s[6] = w[1];                         /* st_size */
	s32[14] = (uint32_t)w[6];            /* st_blksize */
	s[8] = w[5];                         /* st_blocks */
	s[9] = w[3];                         /* st_atime */
	s[11] = w[2];                        /* st_mtime */
	s[13] = w[4];                        /* st_ctime */
	return copy_out(p, addr, s, sizeof(s)) ? -EFAULT : 0;
}

int64_t sys_fstat(struct proc *p, uint64_t fd, uint64_t addr)
{
	struct ofile *f = fd_get(p, fd);

	if (!f)
		return -EBADF;
	if (f->pipe) {
		uint64_t s[16] = { 0 };

		((uint32_t *)s)[4] = 0010600;    /* a FIFO, prw------- */
		((uint32_t *)s)[5] = 1;
		return copy_out(p, addr, s, sizeof(s)) ? -EFAULT : 0;
	}
	return stat_out(p, f->id, f->console, f->dev, addr);
}

int64_t sys_newfstatat(struct proc *p, const uint64_t a[6])
{
	char path[PATH_BYTES];
	uint64_t id;
	int64_t r;

	if ((r = path_in(p, a[1], path)) != 0)
		return r;
	if (!path[0] && (a[3] & AT_EMPTY_PATH))
		return sys_fstat(p, a[0], a[2]);
	if ((int)a[0] != AT_FDCWD && path[0] != '/')
		return -ENOSYS;
	if ((r = dev_path(path)) != 0)
		return r < 0 ? r : stat_out(p, 0, 0, (int)r, a[2]);
	if ((r = walk(p, path, &id, NULL)) != 0)
		return r;
	return stat_out(p, id, 0, 0, a[2]);
}

int64_t sys_faccessat(struct proc *p, const uint64_t a[6])
{
	char path[PATH_BYTES];
	uint64_t id, st[8];
	int64_t r;

	if ((r = path_in(p, a[1], path)) != 0)
		return r;
	if ((r = dev_path(path)) != 0)
		return r < 0 ? r : 0;
	if ((r = walk(p, path, &id, NULL)) != 0)
		return r;
	if ((a[2] & 2) && (r = stat_of(id, st)) == 0 && !(st[0] & 0222))
		return -EROFS;
	return r;
}

/* put_dirent: one struct linux_dirent64; its size, or 0 if no room. */
static size_t put_dirent(uint8_t *out, size_t room, uint64_t ino, int64_t off, int is_dir,
			 const char *name)
{
	size_t len = strlen(name), rec = (19 + len + 1 + 7) & ~7UL;

	if (rec > room)
		return 0;
	memset(out, 0, rec);
	memcpy(out, &ino, 8);
	memcpy(out + 8, &off, 8);
	memcpy(out + 16, &(uint16_t){ (uint16_t)rec }, 2);
	out[18] = is_dir ? DT_DIR : DT_REG;
	memcpy(out + 19, name, len);
	return rec;
}

/* getdents64: "." and ".." first (fat32fs gives them only outside the
 * root, and they are skipped there), then the directory's entries. */
int64_t sys_getdents64(struct proc *p, uint64_t fd, uint64_t buf, uint64_t count)
{
	static uint8_t out[16384], in[16384];
	struct ofile *f = fd_get(p, fd);
	size_t used = 0, n;
	struct lc_msg m;

	if (!f)
		return -EBADF;
	if (!f->is_dir)
		return -ENOTDIR;
	count = count < sizeof(out) ? count : sizeof(out);
	while (f->dir_phase < 2) {
		n = put_dirent(out + used, count - used, f->id, f->dir_phase + 1, 1,
			       f->dir_phase ? ".." : ".");
		if (!n)
			return used ? (int64_t)used : -EINVAL;
		used += n;
		f->dir_phase++;
		if (f->dir_phase == 2 && f->id == FS_ROOT && !f->dev &&
		    (n = put_dirent(out + used, count - used, 0x10000, 3, 1, "dev")) != 0)
			used += n;                   /* devfs, mounted at /dev */
	}
	if (f->dev == DEV_DIR) {
		const char *name;
		uint64_t ino;

		while ((name = dev_entry((int)f->cookie, &ino)) != NULL &&
		       (n = put_dirent(out + used, count - used, ino, (int64_t)f->cookie + 3, 0,
				       name)) != 0) {
			out[used + 18] = 2;         /* DT_CHR */
			used += n;
			f->cookie++;
		}
		if (used && copy_out(p, buf, out, used))
			return -EFAULT;
		return (int64_t)used;
	}
	while (f->dir_phase == 2) {
		/* half the room: a Linux record is a few bytes longer than the
		 * file protocol's, and every entry fetched must fit */
		uint64_t room = (count - used) / 2 < sizeof(in) ? (count - used) / 2 : sizeof(in);
		int64_t got = fs_call(&fs, FS_READDIR, (const uint64_t[6]){ f->id, f->cookie, 0, room },
				      &m);
		uint64_t next = m.w[1], at = 0;

		if (got < 0)
			return used ? (int64_t)used : got;
		if (got == 0 && room < 300)
			return used ? (int64_t)used : -EINVAL;   /* too small for an entry */
		if (got == 0) {
			if (next == f->cookie || !next)
				f->dir_phase = 3;    /* the end */
			break;
		}
		memcpy(in, fs.buf, room);
		for (int64_t i = 0; i < got; i++) {
			struct fs_dirent *d = (struct fs_dirent *)(in + at);

			at += (sizeof(*d) + d->name_len + 1 + 7) & ~7UL;
			if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
				continue;
			n = put_dirent(out + used, count - used, d->id, (int64_t)next, d->is_dir != 0,
				       d->name);
			used += n;
		}
		f->cookie = next;
		if (used + 2 * 300 > count)
			break;
	}
	if (used && copy_out(p, buf, out, used))
		return -EFAULT;
	return (int64_t)used;
}

int64_t sys_getcwd(struct proc *p, uint64_t buf, uint64_t size)
{
	size_t len = strlen(p->cwd) + 1;

	if (size < len)
		return -ERANGE;
	return copy_out(p, buf, p->cwd, len) ? -EFAULT : (int64_t)len;
}

int64_t sys_chdir(struct proc *p, uint64_t addr)
{
	char path[PATH_BYTES], cwd[PATH_BYTES];
	uint64_t ids[PATH_DEPTH], mode;
	int depth;
	int64_t r;

	if ((r = path_in(p, addr, path)) != 0)
		return r;
	if ((r = walk_ids(p, path, ids, &depth, &mode)) != 0)
		return r;
	if ((mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	/* the new path, in words: the old one and path, "." and ".." applied */
	if (path[0] == '/')
		strcpy(cwd, "/");
	else
		strcpy(cwd, p->cwd);
	for (char *c = strtok(path, "/"); c; c = strtok(NULL, "/")) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			char *slash = strrchr(cwd, '/');

			*(slash == cwd ? slash + 1 : slash) = '\0';
			continue;
		}
		if (strlen(cwd) + strlen(c) + 2 > sizeof(cwd))
			return -ENAMETOOLONG;
		if (strcmp(cwd, "/"))
			strcat(cwd, "/");
		strcat(cwd, c);
	}
	memcpy(p->cwd_ids, ids, sizeof(ids));
	p->cwd_depth = depth;
	strcpy(p->cwd, cwd);
	return 0;
}

int64_t sys_dup3(struct proc *p, uint64_t old, uint64_t new, uint64_t flags, int any)
{
	struct ofile *f = fd_get(p, old);

	if (!f || (!any && new >= FDS))
		return -EBADF;
	if (!any && old == new)
		return flags ? -EINVAL : (int64_t)new;
	f->refs++;
	if (any)
		return fd_new(p, f, (int)new, (flags & O_CLOEXEC) != 0);
	if (p->fds[new])
		ofile_put(p->fds[new]);
	p->fds[new] = f;
	p->cloexec[new] = (flags & O_CLOEXEC) != 0;
	return (int64_t)new;
}

int64_t sys_fcntl(struct proc *p, uint64_t fd, uint64_t cmd, uint64_t arg)
{
	struct ofile *f = fd_get(p, fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:         return sys_dup3(p, fd, arg, 0, 1);
	case F_DUPFD_CLOEXEC: return sys_dup3(p, fd, arg, O_CLOEXEC, 1);
	case F_GETFD:         return p->cloexec[fd];
	case F_SETFD:         p->cloexec[fd] = arg & 1; return 0;
	case F_GETFL:         return f->flags & (O_ACCMODE | O_APPEND);
	case F_SETFL:         f->flags = (f->flags & ~(uint32_t)O_APPEND) | (arg & O_APPEND); return 0;
	default:              return -EINVAL;
	}
}

/* sys_unlinkat, sys_mkdirat, sys_renameat: the namespace. */
static int64_t in_dir(struct proc *p, uint64_t pathaddr, unsigned op, uint64_t extra)
{
	char path[PATH_BYTES], last[NAME_BYTES];
	struct lc_msg m;
	uint64_t dir;
	int64_t r;

	if ((r = path_in(p, pathaddr, path)) != 0)
		return r;
	if ((r = walk(p, path, &dir, last)) != 0)
		return r;
	memcpy(fs.buf, last, strlen(last));
	return fs_call(&fs, op, (const uint64_t[6]){ dir, 0, strlen(last), extra }, &m);
}

int64_t sys_unlinkat(struct proc *p, uint64_t dirfd, uint64_t path, uint64_t flags)
{
	(void)dirfd;
	return in_dir(p, path, flags & 0x200 ? FS_RMDIR : FS_UNLINK, 0);   /* AT_REMOVEDIR */
}

int64_t sys_mkdirat(struct proc *p, uint64_t dirfd, uint64_t path)
{
	int64_t r;

	(void)dirfd;
	r = in_dir(p, path, FS_CREATE, FS_DIR);
	return r > 0 ? 0 : r;
}

int64_t sys_renameat(struct proc *p, uint64_t from, uint64_t to)
{
	char a[PATH_BYTES], b[PATH_BYTES], la[NAME_BYTES], lb[NAME_BYTES];
	uint64_t da, db;
	struct lc_msg m;
	int64_t r;

	if ((r = path_in(p, from, a)) != 0 || (r = path_in(p, to, b)) != 0)
		return r;
	if ((r = walk(p, a, &da, la)) != 0 || (r = walk(p, b, &db, lb)) != 0)
		return r;
	memcpy(fs.buf, la, strlen(la));
	memcpy(fs.buf + NAME_BYTES, lb, strlen(lb));
	return fs_call(&fs, FS_RENAME, (const uint64_t[6]){ da, 0, strlen(la), db, NAME_BYTES,
							    strlen(lb) }, &m);
}
