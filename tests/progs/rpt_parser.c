/*
 * rpt_parser.c - a parser that reads its input 7 bytes at a time, one
 * "line N\n" per read (renacer-report test). Usage: rpt_parser FILE
 * (FILE holds lines "line 1\n" .. "line 9\n").
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static long parse_line(int fd, char *buf)
{
	return read(fd, buf, 7); /* RPT_PARSER_READ */
}

int main(int argc, char **argv)
{
	char buf[8];
	int lines = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: rpt_parser FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	while (parse_line(fd, buf) == 7)
		lines++;
	close(fd);
	return lines > 0 ? 0 : 1;
}
