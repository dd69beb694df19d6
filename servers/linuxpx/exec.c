/*
 * exec.c: starting a Linux process from a static ELF on fat32fs.
 *
 * The file is read whole through the file protocol; each PT_LOAD segment
 * becomes fresh pages, filled here (mapped into linuxpx for the copy) and
 * mapped into the process with the segment's rights; the heap starts
 * after the last segment; the stack (1 MiB) ends at STACK_TOP and holds,
 * as Linux lays it out, argc, argv, envp and the auxiliary vector, with
 * the strings and 16 random bytes (AT_RANDOM) above them.  The process's
 * one thread starts at the entry point with linuxpx as its exception
 * handler, badged with its slot.
 *
 * Not yet: dynamically linked programs (PT_INTERP: -ENOEXEC), scripts
 * with "#!", and execve from a running process.
 */
#include "linuxpx.h"
#include "lichen/startinfo.h"

#include "elf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS    64
#define FILE_MAX    (64UL << 20)

/* The auxiliary vector's keys (Linux's include/uapi/linux/auxvec.h). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
	AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
	AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31,
};

struct proc procs[PROCS];

/* lookup_path: the id of an absolute path, component by component. */
static int64_t lookup_path(const char *path, uint64_t *size)
{
	uint64_t id = FS_ROOT;
	struct lc_msg m;

	while (*path) {
		const char *end;
		uint64_t len;
		int64_t r;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = strchr(path, '/');
		len = end ? (uint64_t)(end - path) : strlen(path);
		if (len >= fs.buf_bytes)
			return -ENAMETOOLONG;
		memcpy(fs.buf, path, len);
		r = fs_call(&fs, FS_LOOKUP, (const uint64_t[6]){ id, 0, len }, &m);
		if (r)
			return r;
		id = m.w[1];
		*size = m.w[3];
		path += len;
	}
	return (int64_t)id;
}

/* read_file: the whole file at path, in a fresh heap block. */
static int read_file(const char *path, uint8_t **data, uint64_t *size)
{
	struct lc_msg m;
	int64_t id = lookup_path(path, size);
	uint64_t done = 0;

	if (id < 0)
		return (int)id;
	if (id == FS_ROOT || *size > FILE_MAX)
		return -EACCES;
	*data = malloc(*size ? *size : 1);
	if (!*data)
		return -ENOMEM;
	while (done < *size) {
		uint64_t n = *size - done < fs.buf_bytes ? *size - done : fs.buf_bytes;
		int64_t r = fs_call(&fs, FS_READ, (const uint64_t[6]){ (uint64_t)id, done, n, 0 }, &m);

		if (r <= 0) {
			free(*data);
			return r < 0 ? (int)r : -EIO;
		}
		memcpy(*data + done, fs.buf, (size_t)r);
		done += (uint64_t)r;
	}
	return 0;
}

/* Fields of the ELF header that elf.h's parser does not keep: where the
 * program headers are (for AT_PHDR), and whether one asks for an
 * interpreter (a dynamically linked program). */
#define EH_PHOFF     32
#define EH_PHENTSIZE 54
#define EH_PHNUM     56
#define PH_SIZE      56
#define PT_LOAD      1
#define PT_INTERP    3

static uint64_t get(const uint8_t *f, uint64_t off, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | f[off + (uint64_t)i];
	return v;
}

/* program_headers: where they are in the process (AT_PHDR), and their
 * count; -ENOEXEC for a program that needs an interpreter. */
static int program_headers(const uint8_t *f, uint64_t size, uint64_t *phdr, uint64_t *phnum)
{
	uint64_t off = get(f, EH_PHOFF, 8), n = get(f, EH_PHNUM, 2);

	*phdr = 0;
	*phnum = n;
	if (get(f, EH_PHENTSIZE, 2) != PH_SIZE || off > size || n * PH_SIZE > size - off)
		return -ENOEXEC;
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *ph = f + off + i * PH_SIZE;
		uint64_t type = get(ph, 0, 4), poff = get(ph, 8, 8), filesz = get(ph, 32, 8);

		if (type == PT_INTERP)
			return -ENOEXEC;            /* dynamic linking: not yet */
		if (type == PT_LOAD && off >= poff && off - poff < filesz)
			*phdr = get(ph, 16, 8) + (off - poff);
	}
	return 0;
}

/* load_run: fresh pages for one run of the page plan, filled with the
 * bytes of the segments that fall in it. */
static int load_run(struct proc *p, const uint8_t *f, const struct elf_image *img,
		    const struct elf_pages *run)
{
	uint64_t pages = (run->hi - run->lo) / PAGE;
	unsigned rights = RIGHT_READ | (run->flags & ELF_PF_W ? RIGHT_WRITE : 0) |
			  (run->flags & ELF_PF_X ? RIGHT_EXEC : 0);
	uint32_t r;
	int err;

	if (lc_region_create_for(p->task, pages, &r))
		return -ENOMEM;
	err = lc_map(startinfo()->self_aspace, r, SCRATCH_VA, 0, pages, RIGHT_READ | RIGHT_WRITE);
	if (!err) {
		for (int i = 0; i < img->nsegments; i++) {
			const struct elf_segment *sg = &img->seg[i];
			uint64_t lo = sg->vaddr > run->lo ? sg->vaddr : run->lo;
			uint64_t end = sg->vaddr + sg->filesz, hi = end < run->hi ? end : run->hi;

			if (lo < hi)
				memcpy((uint8_t *)SCRATCH_VA + (lo - run->lo),
				       f + sg->offset + (lo - sg->vaddr), hi - lo);
		}
		lc_unmap(startinfo()->self_aspace, SCRATCH_VA, pages);
		err = lc_map(p->aspace, r, run->lo, 0, pages, rights);
	}
	if (!err && area_add(p, run->lo, pages, rights, r, 0) < 0)
		err = -ENOMEM;
	if (err)
		lc_handle_close(r);
	return err ? -ENOMEM : 0;
}

/* stack: the initial stack, as Linux builds it for a new program. */
struct stack {
	uint8_t page[STACK_PAGES * PAGE];
	uint64_t top;                       /* the process's address of page's end */
	uint64_t at;                        /* bytes used from the end */
};

static uint64_t push_bytes(struct stack *s, const void *data, size_t len)
{
	s->at += len;
	memcpy(s->page + sizeof(s->page) - s->at, data, len);
	return s->top - s->at;
}

static int build_stack(struct proc *p, struct stack *s, const struct elf_image *img,
		       uint64_t phdr, uint64_t phnum, char *const argv[], char *const envp[],
		       uint64_t *sp)
{
	uint64_t argp[MAX_ARGS], envpp[MAX_ARGS], rnd, execfn, words[2 * MAX_ARGS + 48];
	int argc = 0, envc = 0, n = 0;
	uint8_t random[16];

	for (int i = 0; i < 16; i++)
		random[i] = (uint8_t)(lc_counter() >> (i % 8) ^ (uint64_t)i * 97);
	s->top = STACK_TOP;
	s->at = 0;
	execfn = push_bytes(s, p->exe, strlen(p->exe) + 1);
	for (; argv[argc] && argc < MAX_ARGS; argc++)
		argp[argc] = push_bytes(s, argv[argc], strlen(argv[argc]) + 1);
	for (; envp[envc] && envc < MAX_ARGS; envc++)
		envpp[envc] = push_bytes(s, envp[envc], strlen(envp[envc]) + 1);
	rnd = push_bytes(s, random, sizeof(random));
	words[n++] = (uint64_t)argc;
	for (int i = 0; i < argc; i++)
		words[n++] = argp[i];
	words[n++] = 0;
	for (int i = 0; i < envc; i++)
		words[n++] = envpp[i];
	words[n++] = 0;
#define AUX(k, v) (words[n++] = (k), words[n++] = (v))
	AUX(AT_PHDR, phdr);
	AUX(AT_PHENT, PH_SIZE);
	AUX(AT_PHNUM, phnum);
	AUX(AT_PAGESZ, PAGE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_CLKTCK, 100);
	AUX(AT_HWCAP, 0);
	AUX(AT_RANDOM, rnd);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX
	s->at = (s->at + (size_t)n * 8 + 15) & ~15UL;    /* sp 16-byte aligned at argc */
	memcpy(s->page + sizeof(s->page) - s->at, words, (size_t)n * 8);
	*sp = s->top - s->at;
	return copy_out(p, s->top - sizeof(s->page), s->page, sizeof(s->page));
}

/* image: the program's pages, heap and stack in p; its entry and sp. */
static int image(struct proc *p, const uint8_t *f, uint64_t size, char *const argv[],
		 char *const envp[], uint64_t *entry, uint64_t *sp)
{
	static struct stack stack;
	struct elf_image img;
	struct elf_pages runs[ELF_MAX_PAGE_RUNS];
	uint64_t phdr, phnum;
	int nruns, err = program_headers(f, size, &phdr, &phnum);

	if (err || elf_parse(f, size, PAGE, MMAP_TOP, &img))
		return -ENOEXEC;
	nruns = elf_page_plan(&img, runs);
	for (int i = 0; i < nruns; i++)
		if ((err = load_run(p, f, &img, &runs[i])) != 0)
			return err;
	p->brk_start = p->brk_cur = p->brk_end = img.hi;
	p->mmap_next = MMAP_TOP;
	err = map_fresh(p, STACK_TOP - STACK_PAGES * PAGE, STACK_PAGES, RIGHT_READ | RIGHT_WRITE);
	if (!err)
		err = build_stack(p, &stack, &img, phdr, phnum, argv, envp, sp);
	*entry = img.entry;
	return err;
}

/* start_thread: p's one thread, at pc with sp, handled by linuxpx. */
int start_thread(struct proc *p, uint64_t pc, uint64_t sp, const struct thread_regs *regs)
{
	if (lc_thread_create(p->task, pc, sp, 0, 32, &p->thread) ||
	    (regs && lc_sys(SYS_thread_regs, p->thread, (uint64_t)regs, REGS_SET, 0, 0, 0).err) ||
	    lc_thread_handler(p->thread, px_endpoint, (uint64_t)(p - procs)) ||
	    lc_thread_resume(p->thread))
		return -ENOMEM;
	return 0;
}

/* name_from: the program's name, from its path. */
static void name_from(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');

	memset(p->exe, 0, sizeof(p->exe));
	memset(p->comm, 0, sizeof(p->comm));
	strncpy(p->exe, path, sizeof(p->exe) - 1);
	strncpy(p->comm, base ? base + 1 : path, sizeof(p->comm) - 1);
}

/* proc_task: a new task for p (a Linux process: foreign ABI). */
int proc_task(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');

	if (lc_task_create_named(PROC_BUDGET, TASK_FOREIGN, base ? base + 1 : path, &p->task,
				 &p->aspace))
		return -ENOMEM;
	name_from(p, path);
	return 0;
}

int proc_spawn(const char *path, char *const argv[], char *const envp[], struct proc **out)
{
	struct proc *p = proc_new();
	uint8_t *f = NULL;
	uint64_t size = 0, entry = 0, sp = 0;
	int err;

	if (!p)
		return -EAGAIN;
	err = read_file(path, &f, &size);
	if (!err)
		err = proc_task(p, path);
	if (!err) {
		files_start(p);
		err = image(p, f, size, argv, envp, &entry, &sp);
	}
	if (!err)
		err = start_thread(p, entry, sp, NULL);
	free(f);
	if (err) {
		proc_release(p);
		proc_free(p);
		return err;
	}
	*out = p;
	return 0;
}

/* proc_exec: execve: p's memory replaced by the program at path; its
 * entry and sp for the reply that resumes it there.  The old image is
 * kept until the new file is read and checked (a missing or bad file
 * leaves the process as it was). */
int proc_exec(struct proc *p, const char *path, char *const argv[], char *const envp[],
	      uint64_t *entry, uint64_t *sp)
{
	uint8_t *f = NULL;
	uint64_t size = 0;
	struct elf_image img;
	int err = read_file(path, &f, &size);

	if (err)
		return err;
	if (elf_parse(f, size, PAGE, MMAP_TOP, &img)) {
		free(f);
		return -ENOEXEC;
	}
	for (int i = 0; i < AREAS; i++)
		if (p->areas[i].pages)
			lc_unmap(p->aspace, p->areas[i].va, p->areas[i].pages);
	areas_end(p);
	name_from(p, path);
	files_exec(p);
	err = image(p, f, size, argv, envp, entry, sp);
	free(f);
	return err;
}

struct proc *proc_new(void)
{
	static int next_pid = 1;

	for (int i = 1; i < PROCS; i++)
		if (!procs[i].used) {
			memset(&procs[i], 0, sizeof(procs[i]));
			procs[i].used = 1;
			procs[i].pid = next_pid++;
			return &procs[i];
		}
	return NULL;
}

/* proc_release: everything p holds goes (its task, memory, files); the
 * slot stays, for a zombie's status. */
void proc_release(struct proc *p)
{
	pipes_forget(p);
	sleep_forget(p);
	files_end(p);
	areas_end(p);
	if (p->task) {
		lc_task_kill(p->task);
		lc_handle_close(p->thread);
		lc_handle_close(p->aspace);
		lc_handle_close(p->task);
		p->task = p->thread = p->aspace = 0;
	}
}

void proc_free(struct proc *p)
{
	memset(p, 0, sizeof(*p));
}
