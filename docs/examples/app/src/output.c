/* output.c - result output of the example app: one write(2) per result. */
#include "app.h"

#include <stdio.h>
#include <unistd.h>

int write_result(int fd, unsigned index, const char *rec)
{
	char line[64];
	int len = snprintf(line, sizeof(line), "%u %.6s ok\n", index, rec);
	return write(fd, line, (size_t)len) == len ? 0 : -1;
}
