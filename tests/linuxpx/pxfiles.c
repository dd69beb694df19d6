/*
 * pxfiles.c: the file calls of linuxpx from a static musl program, each
 * result checked against what Linux documents (man 2 open, read, lseek,
 * stat, getdents64, mkdir, rename, unlink, chdir, getcwd, dup, fcntl).
 * Prints one line per group that passed; any failure prints "FAIL" and
 * exits with status 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("pxfiles: FAIL line %d: %s (errno %d)\n", \
	__LINE__, #c, errno); exit(1); } } while (0)

int main(void)
{
	char buf[256], cwd[256];
	struct stat st;
	int fd, fd2, found = 0;
	DIR *d;
	struct dirent *e;

	/* create, write, read back, seek, stat */
	fd = open("/tmp1.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 3);
	CHECK(write(fd, "hello, files\n", 13) == 13);
	CHECK(lseek(fd, 0, SEEK_CUR) == 13);
	CHECK(lseek(fd, 7, SEEK_SET) == 7);
	CHECK(read(fd, buf, sizeof(buf)) == 6 && !memcmp(buf, "files\n", 6));
	CHECK(read(fd, buf, sizeof(buf)) == 0);                 /* the end */
	CHECK(lseek(fd, -6, SEEK_END) == 7);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 13 && S_ISREG(st.st_mode));
	CHECK((st.st_mode & 0777) == 0755);
	CHECK(close(fd) == 0 && close(fd) == -1 && errno == EBADF);
	printf("pxfiles: open, write, lseek, read, fstat, close\n");
	/* errors as documented */
	CHECK(open("/no/such/file", O_RDONLY) == -1 && errno == ENOENT);
	CHECK(open("/tmp1.txt/x", O_RDONLY) == -1 && errno == ENOTDIR);
	CHECK(open("/tmp1.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
	CHECK(open("/bin", O_WRONLY) == -1 && errno == EISDIR);
	CHECK(read(99, buf, 1) == -1 && errno == EBADF);
	CHECK(mkdir("/tmp1.txt/sub", 0755) == -1 && errno == ENOTDIR);
	CHECK(chdir("/tmp1.txt") == -1 && errno == ENOTDIR);
	CHECK(open((const char *)8, O_RDONLY) == -1 && errno == EFAULT);
	printf("pxfiles: ENOENT, ENOTDIR, EEXIST, EISDIR, EBADF, EFAULT\n");
	/* O_APPEND, dup, fcntl */
	fd = open("/tmp1.txt", O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	fd2 = dup(fd);
	CHECK(fd2 > fd && write(fd2, "more\n", 5) == 5);
	CHECK(fcntl(fd, F_GETFL) & O_APPEND);
	CHECK(close(fd) == 0 && close(fd2) == 0);
	CHECK(stat("/tmp1.txt", &st) == 0 && st.st_size == 18);
	printf("pxfiles: O_APPEND, dup, fcntl, stat\n");
	/* directories */
	CHECK(mkdir("/pxdir", 0755) == 0);
	CHECK(mkdir("/pxdir", 0755) == -1 && errno == EEXIST);
	CHECK(rename("/tmp1.txt", "/pxdir/moved.txt") == 0);
	CHECK(access("/tmp1.txt", F_OK) == -1 && errno == ENOENT);
	CHECK(chdir("/pxdir") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/pxdir"));
	CHECK(stat("moved.txt", &st) == 0 && st.st_size == 18);   /* relative to the cwd */
	CHECK(stat("../bin/busybox", &st) == 0 && st.st_size > 100000);
	d = opendir(".");
	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL)
		found |= (!strcmp(e->d_name, ".") ? 1 : 0) | (!strcmp(e->d_name, "..") ? 2 : 0) |
			 (!strcmp(e->d_name, "moved.txt") && e->d_type == DT_REG ? 4 : 0);
	closedir(d);
	CHECK(found == 7);
	CHECK(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"));
	printf("pxfiles: mkdir, rename, access, chdir, getcwd, relative paths, readdir\n");
	/* an unlinked open file stays readable until closed */
	fd = open("/pxdir/moved.txt", O_RDONLY);
	CHECK(fd >= 0 && unlink("/pxdir/moved.txt") == 0);
	CHECK(read(fd, buf, 5) == 5 && !memcmp(buf, "hello", 5));
	CHECK(close(fd) == 0);
	CHECK(rmdir("/pxdir") == 0);
	CHECK(stat("/pxdir", &st) == -1 && errno == ENOENT);
	printf("pxfiles: unlink of an open file, rmdir\n");
	return 0;
}
