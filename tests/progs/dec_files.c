/* dec_files.c - file calls: open flags, modes, stat, iovecs, EFAULT. See dec_common.h. */
#include "dec_common.h"

#include <linux/openat2.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <termios.h>

/* iovec arrays element by element: none, an element longer than -s, more
 * elements than strace shows, elements past the bytes read, bad bases. */
static void dec_iovecs(int fd)
{
	static char big[100], r1[3], r2[200], r3[10];
	struct iovec many[40];
	struct iovec two[2] = {{big, sizeof(big)}, {"tail", 4}};
	struct iovec rv[3] = {{r1, sizeof(r1)}, {r2, sizeof(r2)}, {r3, sizeof(r3)}};
	struct iovec bad_tail[2] = {{r1, sizeof(r1)}, {BAD, 10}};
	struct iovec bad_base[2] = {{"ab", 2}, {BAD, 3}};

	memset(big, 'x', sizeof(big));
	for (int i = 0; i < 40; i++)
		many[i] = (struct iovec){"ab", 2};
	syscall(SYS_writev, fd, many, 0);
	syscall(SYS_writev, fd, two, 2);
	syscall(SYS_writev, fd, many, 40);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_readv, fd, rv, 3);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_readv, fd, bad_tail, 2);
	syscall(SYS_writev, fd, bad_base, 2);
	syscall(SYS_writev, fd, BAD, 2);
	syscall(SYS_readv, HI(fd), rv, 3);
	syscall(SYS_preadv2, fd, rv, 2, 0, 0, 0);
	syscall(SYS_pwritev2, fd, two, 2, 0, 0, 0);
}

int main(int argc, char **argv)
{
	char p[512], q[512], s[512], buf[64], b1[4], b2[8];
	struct stat st;
	struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
	struct iovec riov[2] = {{b1, sizeof(b1)}, {b2, sizeof(b2)}};
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS};
	struct timespec times[2] = {{1, 2}, {3, 4}};
	struct termios t;
	int n;

	dec_begin(argc, argv);
	dec_path(p, sizeof(p), "f.txt");
	dec_path(q, sizeof(q), "g.txt");
	dec_path(s, sizeof(s), "s.lnk");
	int fd = syscall(SYS_openat, HI(AT_FDCWD), p, HI(O_RDWR | O_CREAT | O_TRUNC), HI(0640));
	syscall(SYS_write, HI(fd), "hello world\n", 12);
	syscall(SYS_lseek, HI(fd), 0, HI(SEEK_SET));
	syscall(SYS_read, HI(fd), buf, sizeof(buf));
	syscall(SYS_pread64, HI(fd), buf, 5, 3);
	syscall(SYS_pwrite64, HI(fd), "xy", 2, 20);
	syscall(SYS_writev, HI(fd), iov, HI(2));
	lseek(fd, 0, SEEK_SET);
	readv(fd, riov, 2);
	preadv(fd, riov, 2, 1);
	pwritev(fd, iov, 2, 30);
	dec_iovecs(fd);
	fstat(fd, &st);
	stat(p, &st);
	lstat(p, &st);
	fstatat(AT_FDCWD, p, &st, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_fstat, fd, BAD);
	syscall(SYS_fchmod, HI(fd), HI(0600));
	syscall(SYS_chmod, p, HI(0644));
	syscall(SYS_fchmodat, HI(AT_FDCWD), p, HI(0644));
	syscall(SYS_ftruncate, HI(fd), 100);
	fsync(fd);
	fdatasync(fd);
	syscall(SYS_flock, HI(fd), HI(LOCK_EX));
	flock(fd, LOCK_UN);
	syscall(SYS_fallocate, HI(fd), HI(0), 0, 4096);
	syscall(SYS_fadvise64, HI(fd), 0, 0, HI(POSIX_FADV_SEQUENTIAL));
	syscall(SYS_faccessat, HI(AT_FDCWD), p, HI(R_OK | W_OK));
	syscall(SYS_faccessat, -1, BAD, F_OK);
	syscall(SYS_faccessat2, AT_FDCWD, p, X_OK, AT_EACCESS);
	syscall(SYS_open, BAD, O_RDONLY);
	syscall(SYS_open, p, O_WRONLY | 04000000);
	int fd2 = open(p, O_RDONLY | O_SYNC | O_NOATIME);
	int fd3 = syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof(how));
	syscall(SYS_openat2, AT_FDCWD, p, BAD, sizeof(how));
	ioctl(fd, FIONREAD, &n);
	ioctl(fd, FIONREAD, BAD);
	n = 1;
	ioctl(fd, FIONBIO, &n);
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	ioctl(fd, TIOCGWINSZ, &ws);
	ioctl(fd, TIOCSWINSZ, &ws);
	ioctl(fd, TCGETS, &t);
	/* a terminal without a name that varies: the pty master */
	int m = (int)syscall(SYS_openat, AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY);
	ioctl(m, TCGETS, &t);
	ioctl(m, TCSETSW, &t);
	t.c_cflag = B9600 | CS7 | (B115200 << 16);
	t.c_iflag = 0;
	ioctl(m, TCSETS, &t);
	ioctl(m, TCGETS, &t);
	close(m);
	ioctl(fd, FIOCLEX);
	syscall(SYS_dup, HI(fd2));
	syscall(SYS_dup2, HI(fd2), HI(20));
	syscall(SYS_dup3, fd2, 21, O_CLOEXEC);
	syscall(SYS_close, HI(20));
	syscall(SYS_close_range, 0xfffffffeull, 0xffffffffull, 0xdefaced00000001ull);
	syscall(SYS_close_range, 21, 21, 0);
	syscall(SYS_fchown, HI(fd), HI(-1), HI(-1));
	syscall(SYS_utimensat, HI(AT_FDCWD), p, times, HI(0));
	syscall(SYS_utimensat, AT_FDCWD, p, NULL, AT_SYMLINK_NOFOLLOW);
	struct timespec odd[2] = {{0, 0}, {5, 2000000000}}; /* no date for 0 nor a bad fraction */
	syscall(SYS_utimensat, AT_FDCWD, p, odd, 0);
	odd[0].tv_sec = 1000000000;
	odd[1].tv_nsec = 1;
	syscall(SYS_utimensat, AT_FDCWD, p, odd, 0);
	syscall(SYS_getrandom, NULL, 0, 0);
	int mfd = syscall(SYS_memfd_create, "dec", HI(MFD_CLOEXEC | MFD_ALLOW_SEALING));
	close(mfd);
	syscall(SYS_memfd_create, "dec", 0xffffffffu);
	syscall(SYS_memfd_create, "dec", 30u << 26);
	struct utsname un;
	syscall(SYS_uname, &un);
	struct statfs sfs;
	syscall(SYS_statfs, "/proc", &sfs);
	syscall(SYS_statfs, "/nonexistent", &sfs);
	/* a name that runs into an unmapped page before its NUL: its address */
	char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(pg + 4096, 4096, PROT_NONE);
	memset(pg + 4096 - 3, 'x', 3);
	syscall(SYS_faccessat, AT_FDCWD, pg + 4096 - 3, F_OK);
	syscall(SYS_chdir, pg + 4096 - 3);
	munmap(pg, 8192);
	syscall(SYS_truncate, p, 10);
	syscall(SYS_link, p, q);
	syscall(SYS_rename, q, s);
	syscall(SYS_unlink, s);
	syscall(SYS_symlink, p, s);
	syscall(SYS_readlink, s, buf, sizeof(buf));
	syscall(SYS_readlinkat, HI(AT_FDCWD), s, buf, 4);
	syscall(SYS_renameat2, HI(AT_FDCWD), s, HI(AT_FDCWD), q, HI(RENAME_NOREPLACE));
	syscall(SYS_unlinkat, HI(AT_FDCWD), q, HI(0));
	syscall(SYS_umask, HI(077));
	syscall(SYS_umask, HI(022));
	syscall(SYS_umask, 0177777); /* a umode_t: 16 bits */
	syscall(SYS_umask, 022);
	syscall(SYS_mkdir, p, 0x12340755);
	syscall(SYS_creat, q, HI(0600));
	syscall(SYS_read, HI(-1), buf, 1);
	syscall(SYS_write, fd, BAD, 3);
	close(fd3);
	close(fd2);
	close(fd);
	dec_end();
	return 0;
}
