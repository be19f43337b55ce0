/*
 * logger.c - the request log of the example server. The slow version writes
 * and fsyncs every entry; with -DBATCHED_LOG it buffers entries and flushes
 * (write + fsync) once per LOG_BATCH requests.
 */
#include "logger.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_BATCH 100

static int log_fd = -1;
static char pending[LOG_BATCH * 128];
static size_t pending_len;
static unsigned pending_entries;

int log_open(const char *path)
{
	log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	return log_fd < 0 ? -1 : 0;
}

static int log_flush(void)
{
	if (pending_len == 0)
		return 0;
	ssize_t n = write(log_fd, pending, pending_len);
	pending_len = 0;
	pending_entries = 0;
	if (n < 0)
		return -1;
	return fsync(log_fd);
}

void log_request(const char *method, const char *path, int status)
{
	char line[128];
	int len = snprintf(line, sizeof(line), "%s %s %d\n", method, path, status);

	if (len < 0 || log_fd < 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = sizeof(line) - 1;
#ifdef BATCHED_LOG
	memcpy(pending + pending_len, line, (size_t)len);
	pending_len += (size_t)len;
	if (++pending_entries == LOG_BATCH)
		log_flush();
#else
	if (write(log_fd, line, (size_t)len) == len)
		fsync(log_fd);
#endif
}

void log_close(void)
{
	log_flush();
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}
