/*
 * rec_writeloop.c - the recorder benchmark's subject: N (default 100000)
 * 1-byte writes to /dev/null from the same call site.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int fd = open("/dev/null", O_WRONLY);

	for (long i = 0; i < n; i++)
		(void)write(fd, "x", 1);
	close(fd);
	return 0;
}
