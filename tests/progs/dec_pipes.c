/* dec_pipes.c - pipes, fcntl commands and locks, eventfd. See dec_common.h. */
#include "dec_common.h"

#include <sys/eventfd.h>

int main(int argc, char **argv)
{
	char f[512];
	int p[2], q[2];
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};

	dec_begin(argc, argv);
	syscall(SYS_pipe, p);
	syscall(SYS_pipe2, q, HI(O_CLOEXEC | O_NONBLOCK));
	syscall(SYS_pipe, BAD);
	syscall(SYS_fcntl, HI(p[0]), HI(F_GETFL));
	syscall(SYS_fcntl, p[0], F_SETFL, HI(O_NONBLOCK));
	syscall(SYS_fcntl, p[0], F_GETFD);
	syscall(SYS_fcntl, p[0], F_SETFD, HI(FD_CLOEXEC));
	syscall(SYS_fcntl, p[0], F_GETFD);
	syscall(SYS_fcntl, p[0], F_DUPFD, HI(30));
	syscall(SYS_fcntl, p[0], F_DUPFD_CLOEXEC, 31);
	syscall(SYS_fcntl, p[1], F_SETPIPE_SZ, HI(65536));
	syscall(SYS_fcntl, p[1], F_GETPIPE_SZ);
	syscall(SYS_fcntl, p[1], F_GETOWN);
	syscall(SYS_fcntl, p[1], 0x7777);
	int fd = open(dec_path(f, sizeof(f), "lock"), O_RDWR | O_CREAT, 0600);
	syscall(SYS_fcntl, fd, F_SETLK, &fl);
	syscall(SYS_fcntl, fd, F_GETLK, &fl);
	syscall(SYS_fcntl, fd, F_SETLKW, BAD);
	fl.l_type = F_UNLCK;
	syscall(SYS_fcntl, fd, F_OFD_SETLK, &fl);
	syscall(SYS_fcntl, fd, F_SETLK, &fl);
	struct flock cur = {.l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = 5, .l_len = 3};
	syscall(SYS_fcntl, fd, F_SETLKW, &cur);
	syscall(SYS_fcntl, fd, F_OFD_GETLK, &cur);
	syscall(SYS_fcntl, fd, F_GETLK, BAD);
	cur.l_type = 7;
	syscall(SYS_fcntl, fd, F_GETLK, &cur);
	syscall(SYS_fcntl, fd, F_SETLK, &cur);
	syscall(SYS_fcntl, HI(fd), HI(F_SETLK), &fl);
	int e = syscall(SYS_eventfd2, HI(5), HI(EFD_CLOEXEC | EFD_NONBLOCK));
	syscall(SYS_write, p[1], "abc", 3);
	syscall(SYS_splice, p[0], NULL, q[1], NULL, 3, HI(0));
	close(e);
	close(fd);
	close(30);
	close(31);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	dec_end();
	return 0;
}
