/*
 * process.c - sums the bytes of a large file, the traditional way (read(2)
 * in 10 KiB pieces) or, built with -DUSE_MMAP, through one mmap(2).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long checksum(const unsigned char *p, size_t n, unsigned long sum)
{
	for (size_t i = 0; i < n; i += 64)
		sum += p[i];
	return sum;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	unsigned long sum = 0;
#ifdef USE_MMAP
	struct stat st;
	if (fstat(fd, &st) != 0)
		return 1;
	unsigned char *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	sum = checksum(p, (size_t)st.st_size, sum);
	munmap(p, (size_t)st.st_size);
#else
	static unsigned char buf[10240];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sum = checksum(buf, (size_t)n, sum);
#endif
	close(fd);
	fprintf(stderr, "checksum %lu\n", sum);
	return 0;
}
