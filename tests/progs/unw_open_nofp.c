// build: no-frame-pointer
// Unwinder test subject (no frame pointers, -O1): opens the path in argv[1] from f(), whose
// open() line carries the UNW_SITE marker the unit test looks for.
#include <fcntl.h>
#include <unistd.h>
#include "linger.h"

int f(const char *path);

__attribute__((noinline)) int f(const char *path)
{
	int fd = open(path, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	return fd < 0;
}

int main(int argc, char **argv)
{
	int r = f(argc > 1 ? argv[1] : "/unw-marker") ? 0 : 1;
	linger();
	return r;
}
