/*
 * parser.c - record parsing of the example app. parse_line reads one 7-byte
 * record per read(2); built with -DBUFFERED_READS it reads 64 KiB at a time
 * and splits records in memory.
 */
#include "app.h"

#include <string.h>
#include <unistd.h>

#define RECORD_LEN 7

#ifndef BUFFERED_READS
/* Reads the next record of fd into rec; 1 when one was read, 0 at the end. */
int parse_line(int fd, char *rec)
{
	ssize_t n = read(fd, rec, RECORD_LEN);
	return n == RECORD_LEN;
}
#else
static char buf[65536];
static size_t buf_len, buf_pos;

int parse_line(int fd, char *rec)
{
	if (buf_pos + RECORD_LEN > buf_len) {
		memmove(buf, buf + buf_pos, buf_len - buf_pos);
		buf_len -= buf_pos;
		buf_pos = 0;
		ssize_t n = read(fd, buf + buf_len, sizeof(buf) - buf_len);
		if (n > 0)
			buf_len += (size_t)n;
		if (buf_len < RECORD_LEN)
			return 0;
	}
	memcpy(rec, buf + buf_pos, RECORD_LEN);
	buf_pos += RECORD_LEN;
	return 1;
}
#endif
