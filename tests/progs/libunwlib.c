// Shared library for the unwinder test: unwlib_f() opens a path at the
// UNW_SITE line, so the stack's first frame outside libc is in this library.
#include <fcntl.h>
#include <unistd.h>

int unwlib_f(const char *path);

__attribute__((noinline)) int unwlib_f(const char *path)
{
	int fd = open(path, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	return fd < 0;
}
