/*
 * trace_filter.c - the "-e trace=LIST" and "-e status=LIST" parser shared by
 * every renacer tool, and the tests the tools run against a parsed filter.
 * The grammar and how it differs from strace are in trace_filter.h.
 */
#include "libtrace/trace_filter.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_syscalls.h"

#define SET_WORDS (TRACE_FILTER_NR_MAX / 64)
#define TOKEN_MAX 256

typedef uint64_t nr_set[SET_WORDS];

/* What a trace= list selects, per I/O class of a call's descriptors
 * (io[TIO_NONE], io[TIO_FILE], io[TIO_NET]); named is the TIO_* bits of the
 * plain classes given ("file", "network"). */
struct sel {
	nr_set io[TIO_CLASSES];
	unsigned named;
	const char *legacy; /* the first of fstat, stat, lstat named, or NULL */
};

/* Syscalls glibc (2.33 and later) no longer makes: its functions of the same
 * name call newfstatat. */
static const char *const legacy_stat[] = {"fstat", "stat", "lstat"};

static void set_fill(nr_set s, int value)
{
	memset(s, value ? 0xff : 0, sizeof(nr_set));
}

static void set_put(nr_set s, unsigned nr, int value)
{
	if (value)
		s[nr / 64] |= 1ull << (nr % 64);
	else
		s[nr / 64] &= ~(1ull << (nr % 64));
}

static int set_get(const uint64_t *s, unsigned nr)
{
	return (s[nr / 64] >> (nr % 64)) & 1;
}

static void sel_fill(struct sel *s, int value)
{
	for (int c = 0; c < TIO_CLASSES; c++)
		set_fill(s->io[c], value);
}

static void sel_put(struct sel *s, unsigned nr, int value)
{
	for (int c = 0; c < TIO_CLASSES; c++)
		set_put(s->io[c], nr, value);
}

void trace_filter_init(struct trace_filter *f)
{
	f->trace_given = false;
	set_fill(f->set, 1);
	for (int c = 0; c < TIO_CLASSES; c++)
		set_fill(f->io_set[c], 1);
	f->by_kind = false;
	f->io_named = 0;
	f->legacy_stat = NULL;
	f->status = TFS_ALL;
}

/* Writes "WHAT 'TOKEN' in 'EXPR'" into err and returns -1. */
static int fail(char *err, unsigned errlen, const char *what, const char *token, const char *expr)
{
	if (err && errlen)
		snprintf(err, errlen, "%s '%s' in '%s'", what, token, expr);
	return -1;
}

/* Adds (value 1) or removes (0) every known syscall whose name matches the ERE;
 * returns how many matched, or -1 on a bad expression (message in err). */
static int apply_regex(struct sel *s, const char *re_text, int value, char *err, unsigned errlen,
                       const char *token, const char *expr)
{
	regex_t re;
	char msg[128];
	unsigned i, n = trace_syscall_named_count();
	int rc, matched = 0;

	rc = regcomp(&re, re_text, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &re, msg, sizeof(msg));
		if (err && errlen)
			snprintf(err, errlen, "invalid regular expression '%s' in '%s': %s", token,
			         expr, msg);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct trace_syscall_desc *d = trace_syscall_by_index(i);
		if (regexec(&re, d->name, 0, NULL, 0) == 0) {
			sel_put(s, d->nr, value);
			matched++;
		}
	}
	regfree(&re);
	return matched;
}

/* Adds or removes the members of class_bit in the selection of I/O class io,
 * or of every I/O class when io is TIO_CLASSES. */
static void apply_class(struct sel *s, uint32_t class_bit, int value, int io)
{
	unsigned i, n = trace_syscall_named_count();

	for (i = 0; i < n; i++) {
		const struct trace_syscall_desc *d = trace_syscall_by_index(i);
		if (!(d->classes & class_bit))
			continue;
		if (io == TIO_CLASSES)
			sel_put(s, d->nr, value);
		else
			set_put(s->io[io], d->nr, value);
	}
}

/* A decimal syscall number below TRACE_FILTER_NR_MAX, or -1. */
static long parse_number(const char *s)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (*end || n >= TRACE_FILTER_NR_MAX)
		return -1;
	return n;
}

/* Applies one element of a trace= list ("open", "!close", "%file", "/^mm/", "?foo"). */
static int apply_trace_token(struct sel *s, const char *token, const char *expr, char *err,
                             unsigned errlen)
{
	const char *name = token;
	int value = 1, optional = 0;
	uint32_t class_bit;
	unsigned io;
	long nr;

	if (*name == '!') {
		value = 0;
		name++;
	}
	if (*name == '?') {
		optional = 1;
		name++;
	}
	if (strcmp(name, "all") == 0) {
		sel_fill(s, value);
		return 0;
	}
	if (strcmp(name, "none") == 0) {
		if (value)
			sel_fill(s, 0);
		return 0;
	}
	if (*name == '/') {
		char re_text[TOKEN_MAX];
		size_t len = strlen(name + 1);
		int matched;

		if (len > 0 && name[len] == '/')
			len--; /* "/REGEX/": the closing slash is optional */
		memcpy(re_text, name + 1, len);
		re_text[len] = '\0';
		matched = apply_regex(s, re_text, value, err, errlen, token, expr);
		if (matched < 0)
			return -1;
		if (matched == 0 && !optional)
			return fail(err, errlen, "regular expression matches no syscall", token,
			            expr);
		return 0;
	}
	class_bit = trace_class_by_name(name);
	io = trace_class_io(name);
	if (io) {
		/* Plain file / network: strace's class, plus the descriptor calls
		 * made on a descriptor of that I/O class. */
		apply_class(s, class_bit, value, TIO_CLASSES);
		apply_class(s, TC_FDIO, value, (int)io);
		if (value)
			s->named |= io;
		return 0;
	}
	if (class_bit) {
		apply_class(s, class_bit, value, TIO_CLASSES);
		return 0;
	}
	nr = parse_number(name);
	if (nr < 0)
		nr = trace_syscall_by_name(name);
	if (nr >= 0 && nr < TRACE_FILTER_NR_MAX) {
		sel_put(s, (unsigned)nr, value);
		for (size_t i = 0; value && !s->legacy && i < sizeof(legacy_stat) / sizeof(*legacy_stat);
		     i++)
			if (strcmp(name, legacy_stat[i]) == 0)
				s->legacy = legacy_stat[i];
		return 0;
	}
	if (optional)
		return 0;
	return fail(err, errlen, "unknown syscall or class", token, expr);
}

/* Calls fn on each non-empty comma-separated element of list; stops at the first error. */
static int for_each_token(const char *list, const char *expr, char *err, unsigned errlen,
                          int (*fn)(void *ctx, const char *token, const char *expr, char *err,
                                    unsigned errlen),
                          void *ctx)
{
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char token[TOKEN_MAX];

		if (len >= sizeof(token)) {
			snprintf(token, sizeof(token), "%.*s...", 32, p);
			return fail(err, errlen, "element too long", token, expr);
		}
		memcpy(token, p, len);
		token[len] = '\0';
		if (len > 0 && fn(ctx, token, expr, err, errlen) < 0)
			return -1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int trace_token_cb(void *ctx, const char *token, const char *expr, char *err,
                          unsigned errlen)
{
	return apply_trace_token(ctx, token, expr, err, errlen);
}

/* Strips the leading '!'s of a list: returns the rest, *invert set when their count is odd. */
static const char *strip_inversion(const char *list, int *invert)
{
	*invert = 0;
	while (*list == '!') {
		*invert = !*invert;
		list++;
	}
	return list;
}

/* True when list has something besides commas. */
static int list_has_element(const char *list)
{
	return list[strspn(list, ",")] != '\0';
}

static int parse_trace(struct trace_filter *f, const char *list, const char *expr, char *err,
                       unsigned errlen)
{
	struct sel s;
	int invert, i, c;

	list = strip_inversion(list, &invert);
	if (!list_has_element(list))
		return fail(err, errlen, "empty syscall list", list, expr);
	sel_fill(&s, 0);
	s.named = 0;
	s.legacy = NULL;
	if (for_each_token(list, expr, err, errlen, trace_token_cb, &s) < 0)
		return -1;
	f->by_kind = false;
	for (i = 0; i < SET_WORDS; i++) {
		f->set[i] = 0;
		for (c = 0; c < TIO_CLASSES; c++) {
			f->io_set[c][i] = invert ? ~s.io[c][i] : s.io[c][i];
			f->set[i] |= f->io_set[c][i];
			if (f->io_set[c][i] != f->io_set[0][i])
				f->by_kind = true;
		}
	}
	f->io_named = invert ? 0 : s.named;
	f->legacy_stat = invert ? NULL : s.legacy;
	f->trace_given = true;
	return 0;
}

static const struct {
	const char *name;
	unsigned bits;
} status_names[] = {
    {"successful", TFS_SUCCESSFUL},
    {"failed", TFS_FAILED},
    {"unfinished", TFS_UNFINISHED},
    {"unavailable", TFS_UNAVAILABLE},
    {"detached", TFS_DETACHED},
    {"all", TFS_ALL},
    {"none", 0},
};

static int status_token_cb(void *ctx, const char *token, const char *expr, char *err,
                           unsigned errlen)
{
	unsigned *bits = ctx;
	size_t i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
		if (strcmp(token, status_names[i].name) == 0) {
			if (status_names[i].bits == 0)
				*bits = 0;
			*bits |= status_names[i].bits;
			return 0;
		}
	}
	return fail(err, errlen, "unknown status", token, expr);
}

static int parse_status(struct trace_filter *f, const char *list, const char *expr, char *err,
                        unsigned errlen)
{
	unsigned bits = 0;
	int invert;

	list = strip_inversion(list, &invert);
	if (!list_has_element(list))
		return fail(err, errlen, "empty status list", list, expr);
	if (for_each_token(list, expr, err, errlen, status_token_cb, &bits) < 0)
		return -1;
	f->status = invert ? (~bits & TFS_ALL) : bits;
	return 0;
}

int trace_filter_parse(struct trace_filter *f, const char *expr, char *err, unsigned errlen)
{
	const char *eq;
	size_t qlen;

	if (err && errlen)
		err[0] = '\0';
	if (!expr)
		return fail(err, errlen, "missing expression", "", "");
	eq = strchr(expr, '=');
	if (!eq)
		return parse_trace(f, expr, expr, err, errlen);
	qlen = (size_t)(eq - expr);
	if ((qlen == 5 && strncmp(expr, "trace", 5) == 0) ||
	    (qlen == 1 && strncmp(expr, "t", 1) == 0))
		return parse_trace(f, eq + 1, expr, err, errlen);
	if (qlen == 6 && strncmp(expr, "status", 6) == 0)
		return parse_status(f, eq + 1, expr, err, errlen);
	if (err && errlen)
		snprintf(err, errlen,
		         "unsupported qualifier '%.*s' in '%s' (only trace= and status= are known)",
		         (int)qlen, expr, expr);
	return -1;
}

bool trace_filter_has(const struct trace_filter *f, long nr)
{
	if (nr < 0 || nr >= TRACE_FILTER_NR_MAX)
		return trace_filter_selects_all(f);
	return set_get(f->set, (unsigned)nr);
}

bool trace_filter_match(const struct trace_filter *f, long nr, uint32_t fd_kinds)
{
	if (nr < 0 || nr >= TRACE_FILTER_NR_MAX)
		return trace_filter_selects_all(f);
	if (!f->by_kind)
		return set_get(f->set, (unsigned)nr);
	unsigned classes = trace_fd_kinds_io(fd_kinds);
	if (!classes)
		return set_get(f->io_set[TIO_NONE], (unsigned)nr);
	return ((classes & (1u << TIO_FILE)) && set_get(f->io_set[TIO_FILE], (unsigned)nr)) ||
	       ((classes & (1u << TIO_NET)) && set_get(f->io_set[TIO_NET], (unsigned)nr));
}

bool trace_filter_labels_io(const struct trace_filter *f)
{
	return (f->io_named & TIO_FILE) && (f->io_named & TIO_NET);
}

unsigned trace_filter_status_of(const struct trace_syscall *s)
{
	if (s->flags & TSYS_DETACHED)
		return TFS_DETACHED;
	if (!trace_syscall_returned(s))
		return TFS_UNFINISHED;
	if (trace_ret_is_error(s->ret))
		return TFS_FAILED;
	return TFS_SUCCESSFUL;
}

bool trace_filter_status_ok(const struct trace_filter *f, const struct trace_syscall *s)
{
	return (f->status & trace_filter_status_of(s)) != 0;
}

bool trace_filter_selects_all(const struct trace_filter *f)
{
	int i;

	for (i = 0; i < SET_WORDS; i++)
		if (f->set[i] != ~0ull)
			return false;
	return true;
}

unsigned trace_filter_count(const struct trace_filter *f)
{
	unsigned i, n = trace_syscall_named_count(), count = 0;

	for (i = 0; i < n; i++)
		count += set_get(f->set, trace_syscall_by_index(i)->nr);
	return count;
}

const char *trace_filter_hint(const struct trace_filter *f, char *buf, unsigned len)
{
	long nfa = trace_syscall_by_name("newfstatat");

	if (!f->legacy_stat || trace_filter_has(f, nfa))
		return NULL;
	snprintf(buf, len,
	         "hint: glibc's %s() calls newfstatat, so 'trace=%s' matches only direct %s "
	         "syscalls; add newfstatat or use trace=%%%s",
	         f->legacy_stat, f->legacy_stat, f->legacy_stat,
	         strcmp(f->legacy_stat, "fstat") == 0 ? "fstat" : "%stat");
	return buf;
}
