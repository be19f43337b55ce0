/* dec_uring.c - io_uring_setup, enter and register. See dec_common.h. */
#include "dec_common.h"

#include <linux/io_uring.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct io_uring_params p;

	dec_begin(argc, argv);
	memset(&p, 0, sizeof(p));
	int fd = syscall(SYS_io_uring_setup, HI(4), &p);
	syscall(SYS_io_uring_enter, HI(fd), HI(0), HI(0), HI(0), NULL, 0);
	syscall(SYS_io_uring_register, fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
	syscall(SYS_io_uring_setup, 4, BAD);
	memset(&p, 0, sizeof(p));
	p.flags = 0x80000000u;
	syscall(SYS_io_uring_setup, 4, &p);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_ATTACH_WQ;
	p.wq_fd = 99;
	syscall(SYS_io_uring_setup, 4, &p);
	memset(&p, 0, sizeof(p));
	p.resv[1] = 5;
	syscall(SYS_io_uring_setup, 4, &p);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 16;
	int fd2 = syscall(SYS_io_uring_setup, 2, &p);
	close(fd2);
	close(fd);
	dec_end();
	return 0;
}
