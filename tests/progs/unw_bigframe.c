// Unwinder test subject: calls made below a frame whose 256 KiB stack buffer is
// mostly untouched (its pages were never faulted in), one of them through
// fprintf to unbuffered stderr (glibc's buffered_vfprintf keeps an 8 KiB
// buffer on the stack). The eBPF backend copies such pages as zeros; the
// frames above them must still be reached: the openat marked UNW_SITE
// and the write of its fprintf, in inner() as well.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "linger.h"

int inner(const char *path);
int outer(const char *path);

__attribute__((noinline)) int inner(const char *path)
{
	int fd = open(path, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "inner: %d\n", fd); /* BIG_WRITE */
	return fd < 0;
}

__attribute__((noinline)) int outer(const char *path)
{
	volatile char big[262144];

	big[0] = (char)path[0]; /* only the lowest page is touched */
	return inner(path) + big[0] - (char)path[0];
}

int main(int argc, char **argv)
{
	int r = outer(argc > 1 ? argv[1] : "/unw-marker") ? 0 : 1;
	linger();
	return r;
}
