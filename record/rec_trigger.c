/*
 * rec_trigger.c - the flight recorder's triggers: parsing
 * "latency(CALLS)>DURATION" and "errors(CALLS)>COUNT", and deciding, call by
 * call, when one fires.
 */
#include "record/rec_trigger.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rec_parse_duration(const char *s, uint64_t *ns)
{
	static const struct {
		const char *unit;
		double ns;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"min", 60e9}, {"h", 3600e9}};
	char *end;

	if (!isdigit((unsigned char)s[0]) && s[0] != '.')
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || !(v >= 0)) /* a leading digit: no inf or nan */
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit) != 0)
			continue;
		double total = v * units[i].ns;
		if (total >= 9.2e18)
			return -1;
		*ns = (uint64_t)(total + 0.5);
		return 0;
	}
	return -1;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* The value after '>' (spaces around it trimmed) into buf. */
static void trimmed(const char *p, char *buf, size_t len)
{
	p = skip_space(p);
	size_t n = strlen(p);
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	snprintf(buf, len, "%.*s", (int)n, p);
}

static int parse_value(struct rec_trigger *t, const char *p, const char *expr, char *err,
                       size_t errlen)
{
	char v[64];

	trimmed(p, v, sizeof(v));
	if (t->kind == REC_TRIG_LATENCY) {
		if (rec_parse_duration(v, &t->threshold) == 0)
			return 0;
		snprintf(err, errlen,
		         "'%s': '%s' is not a duration (a number with ns, us, ms, s, min or h, "
		         "e.g. 50ms)",
		         expr, v);
		return -1;
	}
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (!isdigit((unsigned char)v[0]) || errno || *end) {
		snprintf(err, errlen, "'%s': '%s' is not a count of calls (e.g. 0)", expr, v);
		return -1;
	}
	t->threshold = n;
	return 0;
}

int rec_trigger_parse(struct rec_trigger *t, const char *expr, char *err, size_t errlen)
{
	const char *p = skip_space(expr), *open, *close;
	char list[1100], ferr[256];

	memset(t, 0, sizeof(*t));
	snprintf(t->text, sizeof(t->text), "%s", expr);
	if (strncmp(p, "latency", 7) == 0)
		t->kind = REC_TRIG_LATENCY, p += 7;
	else if (strncmp(p, "errors", 6) == 0)
		t->kind = REC_TRIG_ERRORS, p += 6;
	open = skip_space(p);
	close = strrchr(expr, ')');
	if (!t->kind || *open != '(' || !close || close < open || *skip_space(close + 1) != '>') {
		snprintf(err, errlen,
		         "'%s' is not a trigger: write latency(CALLS)>DURATION or "
		         "errors(CALLS)>COUNT, e.g. 'latency(fsync)>50ms'",
		         expr);
		return -1;
	}
	const char *a = skip_space(open + 1);
	size_t n = (size_t)(close - a);
	while (n && isspace((unsigned char)a[n - 1]))
		n--;
	if (n == 0 || n > 1024) {
		snprintf(err, errlen, "'%s': name the calls between the parentheses (e.g. fsync)",
		         expr);
		return -1;
	}
	/* "fsync, fdatasync": spaces between the names go (not inside a /REGEX/). */
	size_t k = (size_t)snprintf(list, sizeof(list), "trace=");
	bool in_regex = false;
	for (size_t i = 0; i < n && k + 1 < sizeof(list); i++) {
		if (a[i] == '/')
			in_regex = !in_regex;
		if (in_regex || !isspace((unsigned char)a[i]))
			list[k++] = a[i];
	}
	list[k] = 0;
	trace_filter_init(&t->calls);
	if (trace_filter_parse(&t->calls, list, ferr, sizeof(ferr)) < 0) {
		snprintf(err, errlen, "'%s': %s", expr, ferr);
		return -1;
	}
	return parse_value(t, skip_space(close + 1) + 1, expr, err, errlen);
}

bool rec_trigger_counts(const struct rec_trigger *t, const struct trace_syscall *sys)
{
	if (sys->flags & TSYS_UNFINISHED)
		return false;
	if (!trace_filter_match(&t->calls, sys->nr, sys->fd_kinds))
		return false;
	return t->kind == REC_TRIG_LATENCY || trace_ret_is_error(sys->ret);
}

bool rec_trigger_add(struct rec_trigger *t, const struct trace_syscall *sys)
{
	if (t->kind == REC_TRIG_LATENCY)
		return sys->duration > t->threshold;
	t->count++;
	return t->count > t->threshold;
}

void rec_trigger_remove(struct rec_trigger *t, const struct trace_syscall *sys)
{
	(void)sys;
	if (t->kind == REC_TRIG_ERRORS && t->count)
		t->count--;
}
