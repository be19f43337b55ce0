// Module tracking test subject: opens argv[1], then dlopen()s the library
// argv[2] and calls its unwdl_f(argv[3]). Usage: unw_dlopen MARK1 LIB MARK2
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int (*fn)(const char *);
	void *h;
	int fd;

	if (argc < 4)
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd >= 0)
		close(fd);
	h = dlopen(argv[2], RTLD_NOW);
	if (h == NULL) {
		fprintf(stderr, "unw_dlopen: %s\n", dlerror());
		return 3;
	}
	*(void **)&fn = dlsym(h, "unwdl_f");
	if (fn == NULL)
		return 4;
	fn(argv[3]);
	dlclose(h);
	return 0;
}
