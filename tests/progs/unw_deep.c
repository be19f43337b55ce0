// Unwinder test subject: recurse(N) nests N frames, then f() opens argv[1]
// at the UNW_SITE line. Usage: unw_deep PATH N
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int f(const char *path);
int recurse(const char *path, int n);

__attribute__((noinline)) int f(const char *path)
{
	int fd = open(path, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	return fd < 0;
}

__attribute__((noinline)) int recurse(const char *path, int n)
{
	volatile char pad[64]; /* a frame of some size, as real code has */

	pad[0] = (char)n;
	if (n == 0)
		return f(path);
	return recurse(path, n - 1) + pad[0]; /* not a tail call: one frame per level */
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	return recurse(argv[1], atoi(argv[2])) > 0 ? 0 : 1;
}
