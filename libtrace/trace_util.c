/*
 * trace_util.c - logging, allocation, clocks and small parsing helpers shared
 * by every renacer tool.
 */
#include "libtrace/trace_util.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *progname = "renacer";
static int verbosity;

void trace_set_progname(const char *name)
{
	progname = name;
}

const char *trace_progname(void)
{
	return progname;
}

void trace_set_verbose(int level)
{
	verbosity = level;
}

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	char line[4096];
	int n = snprintf(line, sizeof(line), "%s: %s", progname, kind);

	if (n < 0)
		return;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	size_t len = strlen(line);
	if (len == 0 || line[len - 1] != '\n') {
		if (len + 1 < sizeof(line)) {
			line[len++] = '\n';
			line[len] = '\0';
		}
	}
	/* One write so lines from several processes do not interleave. */
	(void)trace_write_all(STDERR_FILENO, line, len);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void pr_debug(int level, const char *fmt, ...)
{
	va_list ap;

	if (verbosity < level)
		return;
	va_start(ap, fmt);
	vmessage("debug: ", fmt, ap);
	va_end(ap);
}

static void oom(size_t n)
{
	char msg[128];
	int len =
	    snprintf(msg, sizeof(msg), "%s: out of memory allocating %zu bytes\n", progname, n);

	if (len > 0)
		(void)trace_write_all(STDERR_FILENO, msg, (size_t)len);
	abort();
}

void *xnonnull(void *p, const char *what)
{
	if (!p) {
		char msg[160];
		int len = snprintf(msg, sizeof(msg), "%s: out of memory for %s\n", progname, what);
		if (len > 0)
			(void)trace_write_all(STDERR_FILENO, msg, (size_t)len);
		abort();
	}
	return p;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void trace_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(strlen(fmt));
	return s;
}

void xgrow(void **buf, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	if (elem && ncap > SIZE_MAX / elem)
		oom(SIZE_MAX);
	*buf = xrealloc(*buf, ncap * elem);
	*cap = ncap;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t trace_mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

uint64_t trace_wall_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

int trace_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int trace_parse_duration(const char *s, uint64_t *ns)
{
	static const struct {
		const char *suffix;
		double scale;
	} units[] = {{"ns", 1.0}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"", 1e9}};
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].suffix) == 0) {
			double r = v * units[i].scale;
			if (r > 1.8e19)
				return -1;
			*ns = (uint64_t)(r + 0.5);
			return 0;
		}
	}
	return -1;
}

int trace_glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

int trace_open_regular(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -1;
	int e = fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}
