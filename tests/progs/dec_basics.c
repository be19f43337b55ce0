/*
 * dec_basics.c - makes one deterministic system call of each family the
 * event lines decode (files, strings, memory, sockets, signals, fcntl, fd
 * flags), between two marker opens, for test_decode_vs_strace.sh to trace
 * with strace and with renacer and compare. Usage: dec_basics DIR
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static char path[512], sub[512], longpath[600];

static void files(void)
{
	static const char text[] = "line 1\n\ttab \"q\" \\ \001\377 and more than 32 bytes";
	char buf[8192];
	struct stat st;

	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	write(fd, text, sizeof(text) - 1);
	write(fd, "short\n", 6);
	fsync(fd);
	lseek(fd, 0, SEEK_SET);
	read(fd, buf, sizeof(buf));
	read(fd, buf, sizeof(buf));
	pread(fd, buf, 4, 2);
	lseek(fd, -3, SEEK_END);
	fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW);
	access(path, R_OK | W_OK);
	access("/nonexistent-decode", F_OK);
	mkdir(sub, 0755);
	rmdir(sub);
	unlinkat(AT_FDCWD, sub, AT_REMOVEDIR);
	open(longpath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	read(-1, buf, 10);

	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK);
	fcntl(fd, F_DUPFD_CLOEXEC, 100);
	dup2(fd, 101);
	dup3(fd, 102, O_CLOEXEC);
	struct iovec iov = {(void *)"hello", 5};
	writev(fd, &iov, 1);
	struct termios t;
	ioctl(fd, TCGETS, &t);

	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	munmap(m, 4096);
	close(102);
	close(101);
	close(100);
	close(fd);
}

static void memory(void)
{
	void *p = mmap(NULL, 104857600, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p, 4096, PROT_READ | PROT_WRITE);
	munmap(p, 104857600);
}

static void sockets(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(1)};
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(9)};
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	char buf[100];

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	connect(s, (struct sockaddr *)&sin, sizeof(sin));
	close(s);

	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	s = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
	connect(s, (struct sockaddr *)&sin6, sizeof(sin6));
	close(s);

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sun.sun_path, "/nonexistent-decode.sock");
	connect(s, (struct sockaddr *)&sun, sizeof(sun));
	memcpy(sun.sun_path, "\0renacer-decode-none", 20);
	connect(s, (struct sockaddr *)&sun, offsetof(struct sockaddr_un, sun_path) + 20);
	close(s);

	s = socket(AF_INET, SOCK_DGRAM, 0);
	sin.sin_port = htons(9);
	sendto(s, "ping", 4, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&sin, sizeof(sin));
	recvfrom(s, buf, sizeof(buf), MSG_DONTWAIT | MSG_PEEK, NULL, NULL);
	close(s);
}

static void others(void)
{
	kill(2147483647, SIGINT);
	kill(2147483647, SIGRTMIN + 3);
	int e = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	close(ep);
	close(e);
	umask(022);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: dec_basics DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/decode-file.txt", argv[1]);
	snprintf(sub, sizeof(sub), "%s/decode-dir", argv[1]);
	snprintf(longpath, sizeof(longpath), "%s/a/path/longer/than/thirty/two/bytes/x", argv[1]);
	umask(022);
	open("/decode-e2e-start", O_RDONLY);
	files();
	memory();
	sockets();
	others();
	open("/decode-e2e-end", O_RDONLY);
	return 0;
}
