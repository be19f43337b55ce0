/*
 * decode_fixture.h - helpers shared by the decode unit tests: build the
 * trace_syscall record (arguments and payloads) the recorder would produce
 * and decode it to a line. Expected lines in the tests are what strace 6.1
 * printed for the same call on Linux x86_64.
 */
#ifndef RENACER_TEST_DECODE_FIXTURE_H
#define RENACER_TEST_DECODE_FIXTURE_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/decode/decode.h"
#include "libtrace/trace_syscalls.h"

/* Bytes for the payloads of one record (records borrow them). */
static uint8_t pool[16384];
static size_t pool_used;

static inline struct trace_syscall sys(const char *name, int64_t ret, unsigned nargs, ...)
{
	struct trace_syscall s;
	va_list ap;

	memset(&s, 0, sizeof(s));
	long nr = trace_syscall_by_name(name);
	cr_assert(nr >= 0, "unknown syscall %s", name);
	s.nr = (uint16_t)nr;
	s.tid = s.pid = 100;
	s.ret = ret;
	va_start(ap, nargs);
	for (unsigned i = 0; i < nargs; i++)
		s.args[i] = va_arg(ap, uint64_t);
	va_end(ap);
	pool_used = 0;
	return s;
}

static inline void pay(struct trace_syscall *s, unsigned arg, unsigned kind, unsigned flags,
                       const void *data, size_t len, uint64_t full_len)
{
	cr_assert(s->npayloads < TRACE_MAX_PAYLOADS);
	cr_assert(pool_used + len <= sizeof(pool));
	struct trace_payload *p = &s->payloads[s->npayloads++];
	memcpy(pool + pool_used, data, len);
	p->arg = (uint8_t)arg;
	p->kind = (uint8_t)kind;
	p->flags = (uint8_t)flags;
	p->len = (uint32_t)len;
	p->full_len = full_len;
	p->data = pool + pool_used;
	pool_used += len;
	if (full_len > len)
		p->flags |= TPAYF_TRUNCATED;
}

/* A string payload (path, name) as the recorder stores it: without the NUL. */
static inline void pay_str(struct trace_syscall *s, unsigned arg, const char *str)
{
	pay(s, arg, TPAY_STRING, 0, str, strlen(str), strlen(str));
}

/* An argv payload from a NULL-terminated list. */
static inline void pay_argv(struct trace_syscall *s, unsigned arg, const char *const *list)
{
	uint8_t buf[4096];
	size_t n = 0;

	for (; *list; list++) {
		size_t l = strlen(*list) + 1;
		memcpy(buf + n, *list, l);
		n += l;
	}
	pay(s, arg, TPAY_ARGV, 0, buf, n, n);
}

static char text[8192];

static inline const char *line_s(const struct trace_syscall *s, unsigned strsize)
{
	struct strbuf sb = STRBUF_INIT;
	struct decode_opts o = {.strsize = strsize};

	decode_call(&sb, s, &o);
	snprintf(text, sizeof(text), "%s", sb_str(&sb));
	sb_free(&sb);
	return text;
}

static inline const char *line(const struct trace_syscall *s)
{
	return line_s(s, 32);
}

#define EXPECT(s, want) cr_expect_str_eq(line(&(s)), want)

#define ENOENT_  2
#define EBADF_   9
#define EINVAL_  22
#define ENOTDIR_ 20

#endif
