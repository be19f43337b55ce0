/*
 * rpt_logger.c - a logger that fsyncs after every entry, as the user guide's
 * slow server does (renacer-report test). Usage: rpt_logger FILE N
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int log_request(int fd, int i)
{
	char line[64];
	int len = snprintf(line, sizeof(line), "request %d ok\n", i);
	if (write(fd, line, (size_t)len) != len)
		return -1;
	return fsync(fd); /* RPT_LOGGER_FSYNC */
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rpt_logger FILE N\n");
		return 2;
	}
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	int n = atoi(argv[2]);
	for (int i = 0; i < n; i++)
		if (log_request(fd, i) < 0)
			return 1;
	return close(fd) == 0 ? 0 : 1;
}
