/*
 * decode_time.c - the time family's structures in strace's notation, from
 * the x86_64 layouts (struct timespec and timeval: two 64-bit fields).
 */
#include "analyze/decode/decode_time.h"

#include <inttypes.h>
#include <time.h>

enum { TS_SIZE = 16, ITIMER_SIZE = 32 };

void decode_put_timespec(struct strbuf *sb, const uint8_t *p, bool usec)
{
	/* the fraction unsigned, as strace prints it */
	sb_printf(sb, "{tv_sec=%" PRId64 ", %s=%" PRIu64 "}", (int64_t)decode_le64(p),
	          usec ? "tv_usec" : "tv_nsec", decode_le64(p + 8));
}

/* "{it_interval={...}, it_value={...}}" */
static void put_itimer(struct strbuf *sb, const uint8_t *p, bool usec)
{
	sb_puts(sb, "{it_interval=");
	decode_put_timespec(sb, p, usec);
	sb_puts(sb, ", it_value=");
	decode_put_timespec(sb, p + TS_SIZE, usec);
	sb_putc(sb, '}');
}

static void put_timespec2(struct strbuf *sb, const uint8_t *p)
{
	sb_putc(sb, '[');
	for (int i = 0; i < 2; i++, p += TS_SIZE) {
		int64_t sec = (int64_t)decode_le64(p);
		uint64_t nsec = decode_le64(p + 8);
		if (i)
			sb_puts(sb, ", ");
		if (nsec == (1ul << 30) - 1) {
			sb_puts(sb, "UTIME_NOW");
			continue;
		}
		if (nsec == (1ul << 30) - 2) {
			sb_puts(sb, "UTIME_OMIT");
			continue;
		}
		decode_put_timespec(sb, p, false);
		/* the date as strace adds it: not for 0 nor an invalid fraction,
		 * the fraction only when there is one */
		time_t t = (time_t)sec;
		struct tm tm;
		char date[40];
		if ((sec || nsec) && nsec < 1000000000u && gmtime_r(&t, &tm) &&
		    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
			sb_printf(sb, " /* %s", date);
			if (nsec)
				sb_printf(sb, ".%09" PRIu64, nsec);
			sb_puts(sb, "+0000 */");
		}
	}
	sb_putc(sb, ']');
}

struct time_kind {
	unsigned kind;
	uint8_t size;
	bool usec;
	bool output; /* shown from the exit payload, after success */
	void (*put)(struct strbuf *sb, const uint8_t *p, bool usec);
};

static void put_ts(struct strbuf *sb, const uint8_t *p, bool usec)
{
	decode_put_timespec(sb, p, usec);
}

static void put_ts2(struct strbuf *sb, const uint8_t *p, bool usec)
{
	put_timespec2(sb, p);
}

static const struct time_kind time_kinds[] = {
    {TA_TIMESPEC_IN, TS_SIZE, false, false, put_ts},
    {TA_TIMESPEC_OUT, TS_SIZE, false, true, put_ts},
    {TA_TIMESPEC_INOUT, TS_SIZE, false, false, put_ts},
    {TA_TIMEVAL_IN, TS_SIZE, true, false, put_ts},
    {TA_TIMEVAL_OUT, TS_SIZE, true, true, put_ts},
    {TA_TIMEVAL_INOUT, TS_SIZE, true, false, put_ts},
    {TA_ITIMERSPEC_IN, ITIMER_SIZE, false, false, put_itimer},
    {TA_ITIMERSPEC_OUT, ITIMER_SIZE, false, true, put_itimer},
    {TA_ITIMERVAL_IN, ITIMER_SIZE, true, false, put_itimer},
    {TA_ITIMERVAL_OUT, ITIMER_SIZE, true, true, put_itimer},
    {TA_TIMESPEC2_IN, 2 * TS_SIZE, false, false, put_ts2},
};

static const struct time_kind *time_kind(unsigned kind)
{
	for (unsigned i = 0; i < sizeof(time_kinds) / sizeof(time_kinds[0]); i++)
		if (time_kinds[i].kind == kind)
			return &time_kinds[i];
	return NULL;
}

bool decode_put_time_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind)
{
	const struct time_kind *k = time_kind(kind);

	if (!k)
		return false;
	const struct trace_payload *p = decode_struct_at(c->s, arg, k->size, k->output);
	if (!c->s->args[arg] || !p || (k->output && !decode_succeeded(c->s)))
		decode_put_ptr(sb, c->s->args[arg]);
	else
		k->put(sb, p->data, k->usec);
	return true;
}

bool decode_put_time_left(struct strbuf *sb, const struct decode_ctx *c, const char *sep)
{
	for (unsigned i = 0; c->d && i < c->d->nargs; i++) {
		unsigned kind = c->d->args[i].kind;
		if (kind != TA_TIMESPEC_INOUT && kind != TA_TIMEVAL_INOUT)
			continue;
		const struct trace_payload *p = decode_struct_at(c->s, i, TS_SIZE, true);
		if (!p)
			return false;
		sb_puts(sb, sep);
		sb_puts(sb, "left ");
		decode_put_timespec(sb, p->data, kind == TA_TIMEVAL_INOUT);
		return true;
	}
	return false;
}

void decode_put_time_ret(struct strbuf *sb, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char date[40];

	sb_put_i64(sb, t);
	if (gmtime_r(&tt, &tm) && strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S+0000", &tm))
		sb_printf(sb, " (%s)", date);
}
