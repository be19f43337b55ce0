/* dec_statx.c - statx and the stat family. See dec_common.h. */
#include "dec_common.h"

#include <sys/stat.h>

int main(int argc, char **argv)
{
	char p[512];
	struct statx stx;
	struct stat st;

	dec_begin(argc, argv);
	int fd = open(dec_path(p, sizeof(p), "sx"), O_RDWR | O_CREAT | O_TRUNC, 0640);
	write(fd, "12345", 5);
	syscall(SYS_statx, HI(AT_FDCWD), p, HI(AT_STATX_SYNC_AS_STAT), HI(STATX_BASIC_STATS), &stx);
	syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_ALL, &stx);
	syscall(SYS_statx, AT_FDCWD, "/nonexistent-statx", 0, STATX_SIZE, &stx);
	syscall(SYS_statx, AT_FDCWD, p, AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC, STATX_TYPE, BAD);
	syscall(SYS_statx, AT_FDCWD, BAD, 0, STATX_TYPE, &stx);
	syscall(SYS_newfstatat, HI(AT_FDCWD), p, &st, HI(0));
	syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
	syscall(SYS_stat, "/dev/null", &st);
	syscall(SYS_lstat, "/nonexistent-statx", &st);
	close(fd);
	dec_end();
	return 0;
}
