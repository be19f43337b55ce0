/*
 * src_attr.c - calls made from the program's own code and calls made for it
 * by the dynamic loader and libc, for the source attribution test: main opens
 * a file in open_data() and, with "mmap", maps it in map_data(); its message
 * to stdout (a pipe or file: fully buffered) is written by libc's exit.
 * Usage: src_attr FILE [mmap]
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_data(const char *path)
{
	return open(path, O_RDONLY); /* SRC_ATTR_OPEN */
}

static long map_data(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size == 0)
		return -1;
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0); /* SRC_ATTR_MMAP */
	if (p == MAP_FAILED)
		return -1;
	long sum = 0;
	for (off_t i = 0; i < st.st_size; i++)
		sum += ((const unsigned char *)p)[i];
	munmap(p, (size_t)st.st_size);
	return sum;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: src_attr FILE [mmap]\n");
		return 2;
	}
	int fd = open_data(argv[1]);
	if (fd < 0)
		return 1;
	long sum = argc > 2 && strcmp(argv[2], "mmap") == 0 ? map_data(fd) : 0;
	close(fd); /* SRC_ATTR_CLOSE */
	printf("src_attr: sum %ld\n", sum);
	return 0;
}
