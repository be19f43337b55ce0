// Shared library loaded with dlopen() by unw_dlopen: unwdl_f() opens a path
// at the UNW_SITE line.
#include <fcntl.h>
#include <unistd.h>

int unwdl_f(const char *path);

__attribute__((noinline)) int unwdl_f(const char *path)
{
	int fd = open(path, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	return fd < 0;
}
