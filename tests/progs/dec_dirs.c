/* dec_dirs.c - directory calls: mkdir, getcwd, chdir, getdents64. See dec_common.h. */
#include "dec_common.h"

#include <sys/stat.h>

int main(int argc, char **argv)
{
	char d[512], e[512], buf[4096];

	dec_begin(argc, argv);
	dec_path(d, sizeof(d), "sub");
	dec_path(e, sizeof(e), "sub/inner");
	syscall(SYS_mkdir, d, HI(0755));
	syscall(SYS_mkdirat, HI(AT_FDCWD), e, HI(0700));
	syscall(SYS_mkdir, d, 0177777);
	syscall(SYS_mkdir, BAD, 0755);
	int fd = syscall(SYS_openat, AT_FDCWD, d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	syscall(SYS_getdents64, HI(fd), buf, HI(sizeof(buf)));
	syscall(SYS_getdents64, fd, buf, sizeof(buf));
	syscall(SYS_getdents64, fd, BAD, sizeof(buf));
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_getdents64, fd, buf, 40); /* room for one entry */
	syscall(SYS_getdents64, fd, buf, 8);  /* EINVAL: not even one */
	syscall(SYS_getdents, fd, buf, sizeof(buf));
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_getdents, fd, BAD, sizeof(buf));
	syscall(SYS_fchdir, HI(fd));
	syscall(SYS_getcwd, buf, sizeof(buf));
	syscall(SYS_getcwd, buf, 2);
	syscall(SYS_getcwd, BAD, sizeof(buf));
	syscall(SYS_chdir, "inner");
	syscall(SYS_chdir, "/nonexistent-dir");
	syscall(SYS_chdir, BAD);
	syscall(SYS_chdir, dec_dir);
	syscall(SYS_rmdir, e);
	syscall(SYS_unlinkat, HI(AT_FDCWD), d, HI(AT_REMOVEDIR));
	syscall(SYS_rmdir, d);
	syscall(SYS_mknodat, AT_FDCWD, e, HI(S_IFIFO | 0600), 0);
	syscall(SYS_mknod, d, S_IFREG | 0644, 0);
	syscall(SYS_unlink, d);
	close(fd);
	dec_end();
	return 0;
}
