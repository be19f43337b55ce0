/*
 * events_out.c - event lines of the report: strace-style text, JSON Lines
 * through the streaming writer (trace_jsonw, a syscall event's parts written
 * through a cursor into reserved room), and CSV. Every line is built in one
 * reused buffer; a JSON event's "source" object is rendered once per
 * attribution and copied from a cache after.
 */
#include "analyze/report/events_out.h"

#include <inttypes.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "analyze/decode/decode.h"
#include "analyze/decode/decode_proc.h"
#include "analyze/decode/decode_signal.h"
#include "libtrace/trace_errno.h"
#include "libtrace/trace_jsonw.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define NS_PER_SEC UINT64_C(1000000000)

/* JSON: the part of a syscall event from "pid" to the opening of "args", the
 * same for every call of one syscall by one thread: rendered once, then copied
 * while the same thread makes the same call. The slot is chosen by syscall
 * number and thread: the numbers of one thread's calls (below HEADS) never
 * share one. */
#define HEADS     1024
#define HEAD_COMM 32 /* longer command names are not cached */
#define HEAD_TEXT 160
struct call_head {
	int32_t pid, tid;
	long nr;
	char comm[HEAD_COMM]; /* "" when the event has none */
	unsigned len;         /* 0: empty slot */
	char text[HEAD_TEXT];
};

struct events_out {
	struct events_out_opts o;
	FILE *out;
	struct strbuf line;
	struct strbuf field;  /* the decoded arguments of a call */
	struct strbuf joined; /* CSV: the arguments joined with ", " */
	uint64_t prev_ts;     /* -r: entry time of the previous event shown */
	bool have_prev;
	uint64_t count;
	struct trace_map src_at; /* JSON: source id -> offset << 24 | length in src_cache */
	struct strbuf src_cache; /* JSON: rendered "source" objects */
	struct jw_u64_cache ts_digits, rel_digits; /* JSON: leading digits of the last times */
	struct call_head *heads;                   /* JSON: HEADS of them, by syscall number */
};

struct events_out *events_out_new(const struct events_out_opts *o, FILE *out)
{
	struct events_out *e = xcalloc(1, sizeof(*e));
	e->o = *o;
	e->out = out;
	trace_map_init(&e->src_at);
	return e;
}

void events_out_free(struct events_out *e)
{
	if (!e)
		return;
	sb_free(&e->line);
	sb_free(&e->field);
	sb_free(&e->joined);
	sb_free(&e->src_cache);
	trace_map_free(&e->src_at);
	free(e->heads);
	free(e);
}

uint64_t events_out_count(const struct events_out *e)
{
	return e->count;
}

int events_out_flush(struct events_out *e)
{
	return e ? sb_flush(&e->line, e->out, 0) : 0;
}

/* Lines gather in e->line and go to the stream in batches (one copy less per
 * line than a write each); live output goes line by line. */
static int flush_line(struct events_out *e)
{
	e->count++;
	if (!e->o.live)
		return sb_flush(&e->line, e->out, SB_BATCH);
	if (sb_flush(&e->line, e->out, 0) < 0 || fflush(e->out) != 0)
		return -1;
	return 0;
}

int events_out_begin(struct events_out *e)
{
	if (e->o.format != OUT_CSV)
		return 0;
	if (events_out_flush(e) < 0 ||
	    fputs("timestamp,pid,tid,syscall,args,return,errno,duration_ns,source_file,"
	          "source_line,source_function\n",
	          e->out) == EOF)
		return -1;
	return 0;
}

/* The wall-clock time of a monotonic timestamp, in ns. */
static uint64_t wall_of(const struct events_out *e, uint64_t ts)
{
	if (ts >= e->o.start_mono_ns)
		return e->o.start_wall_ns + (ts - e->o.start_mono_ns);
	uint64_t back = e->o.start_mono_ns - ts;
	return e->o.start_wall_ns > back ? e->o.start_wall_ns - back : 0;
}

static uint64_t rel_of(const struct events_out *e, uint64_t ts)
{
	return ts > e->o.start_mono_ns ? ts - e->o.start_mono_ns : 0;
}

/* ns as seconds and microseconds: "S.UUUUUU" (-ttt, -T, CSV timestamps). */
static void put_sec_usec(struct strbuf *sb, uint64_t ns)
{
	sb_put_u64(sb, ns / NS_PER_SEC);
	sb_putc(sb, '.');
	sb_put_u64_pad(sb, ns % NS_PER_SEC / 1000, 6);
}

/* "[pid N] ", then the -t/-tt/-ttt stamp, then the -r stamp. */
static void put_text_prefix(struct events_out *e, int32_t tid, uint64_t ts,
                            const struct event_ctx *ctx)
{
	if (ctx && ctx->pid_prefix)
		sb_printf(&e->line, "[pid %5d] ", (int)tid);
	if (e->o.ts != EVTS_NONE) {
		uint64_t w = wall_of(e, ts);
		if (e->o.ts == EVTS_TTT) {
			put_sec_usec(&e->line, w);
		} else {
			time_t secs = (time_t)(w / NS_PER_SEC);
			struct tm tm;
			char hms[32];
			localtime_r(&secs, &tm);
			strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
			sb_puts(&e->line, hms);
			if (e->o.ts == EVTS_TT) {
				sb_putc(&e->line, '.');
				sb_put_u64_pad(&e->line, w % NS_PER_SEC / 1000, 6);
			}
		}
		sb_putc(&e->line, ' ');
	}
	if (e->o.relative_ts) {
		uint64_t d = e->have_prev && ts > e->prev_ts ? ts - e->prev_ts : 0;
		sb_printf(&e->line, "%6" PRIu64 ".%06" PRIu64 " ", d / NS_PER_SEC,
		          d % NS_PER_SEC / 1000);
		e->prev_ts = ts;
		e->have_prev = true;
	}
}

static bool sys_finished(const struct trace_syscall *s)
{
	return !(s->flags & (TSYS_UNFINISHED | TSYS_DETACHED));
}

static bool sys_ret_hex(const struct trace_syscall *s)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(s->nr);
	return d && d->ret_kind == TR_HEX;
}

static int text_syscall(struct events_out *e, const struct trace_syscall *s, uint64_t dur,
                        const struct event_source *src, const struct event_ctx *ctx)
{
	struct decode_opts dopts = {.strsize = e->o.strsize};
	put_text_prefix(e, s->tid, s->ts, ctx);
	decode_call(&e->line, s, &dopts);
	if (e->o.show_duration && trace_syscall_returned(s)) {
		sb_put(&e->line, " <", 2);
		put_sec_usec(&e->line, dur);
		sb_putc(&e->line, '>');
	}
	if (e->o.source && src && src->text) {
		sb_put(&e->line, "   [", 4);
		sb_puts(&e->line, src->text);
		sb_putc(&e->line, ']');
	}
	sb_putc(&e->line, '\n');
	if (e->o.stack && ctx && ctx->stack_text)
		sb_puts(&e->line, ctx->stack_text);
	return flush_line(e);
}

/* The shown args of s decoded one after another into e->field; returns their
 * count, ends[i] where argument i ends. */
static unsigned split_args(struct events_out *e, const struct trace_syscall *s,
                           size_t ends[TRACE_MAX_ARGS])
{
	struct decode_opts dopts = {.strsize = e->o.strsize};
	sb_reset(&e->field);
	return decode_args_split(&e->field, s, &dopts, ends);
}

/* The args of s joined with ", " into e->joined; arguments the decoder leaves
 * out (empty) are skipped, as strace does. */
static const char *joined_args(struct events_out *e, const struct trace_syscall *s)
{
	size_t ends[TRACE_MAX_ARGS];
	unsigned n = split_args(e, s, ends);
	sb_reset(&e->joined);
	sb_puts(&e->joined, "");
	size_t start = 0;
	for (unsigned i = 0; i < n; start = ends[i], i++) {
		if (ends[i] == start)
			continue;
		if (e->joined.len)
			sb_put(&e->joined, ", ", 2);
		sb_put(&e->joined, e->field.buf + start, ends[i] - start);
	}
	return e->joined.buf;
}

static int csv_syscall(struct events_out *e, const struct trace_syscall *s, uint64_t dur,
                       const struct event_source *src)
{
	char num[48];
	put_sec_usec(&e->line, wall_of(e, s->ts));
	sb_putc(&e->line, ',');
	sb_put_i64(&e->line, s->pid);
	sb_putc(&e->line, ',');
	sb_put_i64(&e->line, s->tid);
	sb_putc(&e->line, ',');
	const char *name = trace_syscall_name(s->nr); /* in place: no copy for a known number */
	sb_put_csv(&e->line, name ? name : trace_syscall_name_r(s->nr, num, sizeof(num)));
	sb_putc(&e->line, ',');
	sb_put_csv(&e->line, joined_args(e, s));
	sb_putc(&e->line, ',');
	if (!trace_syscall_returned(s))
		sb_putc(&e->line, '?');
	else if (trace_ret_is_error(s->ret))
		sb_puts(&e->line, "-1");
	else if (sys_ret_hex(s))
		sb_printf(&e->line, "0x%" PRIx64, (uint64_t)s->ret);
	else
		sb_put_i64(&e->line, s->ret);
	sb_putc(&e->line, ',');
	const char *err = trace_syscall_returned(s) ? decode_errno(s) : NULL;
	if (err)
		sb_put_csv(&e->line, err);
	sb_putc(&e->line, ',');
	if (trace_syscall_returned(s))
		sb_put_u64(&e->line, dur);
	sb_putc(&e->line, ',');
	if (src && src->file)
		sb_put_csv(&e->line, src->file);
	sb_putc(&e->line, ',');
	if (src && src->line)
		sb_put_u64(&e->line, src->line);
	sb_putc(&e->line, ',');
	if (src && (src->function || src->text))
		sb_put_csv(&e->line, src->function ? src->function : src->text);
	sb_putc(&e->line, '\n');
	return flush_line(e);
}

/* JSON syscall events are written through a cursor into room reserved in
 * e->line (trace_strbuf's sb_fmt_ convention): the fixed members are pasted,
 * numbers and strings formatted in place, with no call per member. */

/* ,"ts_ns":WALL,"rel_ns":REL at q (room: JSON_TIMES_ROOM). */
#define JSON_TIMES_ROOM (20 + 2 * JW_U64_CACHED_ROOM)
static char *json_times(struct events_out *e, char *q, uint64_t ts)
{
	q = SB_LIT(q, ",\"ts_ns\":");
	q = jw_fmt_u64_cached(q, &e->ts_digits, wall_of(e, ts));
	q = SB_LIT(q, ",\"rel_ns\":");
	return jw_fmt_u64_cached(q, &e->rel_digits, rel_of(e, ts));
}

/* Starts an event object in e->line: type (a quoted literal), times, pid, tid, comm. */
static void json_common(struct events_out *e, struct jsonw *w, const char *type, uint64_t ts,
                        int32_t pid, int32_t tid, const struct event_ctx *ctx)
{
	jw_init(w, &e->line);
	jw_obj(w);
	jw_k(w, "type");
	jw_raw(w, type, strlen(type));
	sb_reserve(&e->line, JSON_TIMES_ROOM);
	sb_end_at(&e->line, json_times(e, e->line.buf + e->line.len, ts));
	jw_k(w, "pid");
	jw_i64(w, pid);
	jw_k(w, "tid");
	jw_i64(w, tid);
	if (ctx && ctx->comm) {
		jw_k(w, "comm");
		jw_str(w, ctx->comm);
	}
}

static int json_emit(struct events_out *e, struct jsonw *w)
{
	jw_obj_end(w);
	sb_putc(&e->line, '\n');
	return flush_line(e);
}

/* The members of a syscall event from "pid" to the opening of "args", rendered
 * into e->line (and kept in h when there is one). */
static void json_head_render(struct events_out *e, const struct trace_syscall *s, const char *comm,
                             struct call_head *h)
{
	size_t at = e->line.len;
	struct jsonw w;
	char num[48];
	const char *name = trace_syscall_name(s->nr); /* no copy when the number has a name */
	jw_init(&w, &e->line);
	w.comma = true; /* after the times */
	jw_k(&w, "pid");
	jw_i64(&w, s->pid);
	jw_k(&w, "tid");
	jw_i64(&w, s->tid);
	if (comm) {
		jw_k(&w, "comm");
		jw_str(&w, comm);
	}
	jw_k(&w, "syscall");
	jw_str(&w, name ? name : trace_syscall_name_r(s->nr, num, sizeof(num)));
	jw_k(&w, "nr");
	jw_u64(&w, s->nr);
	jw_k(&w, "args");
	jw_arr(&w);
	size_t len = e->line.len - at;
	if (h && len <= HEAD_TEXT) {
		h->pid = s->pid;
		h->tid = s->tid;
		h->nr = s->nr;
		memcpy(h->comm, comm ? comm : "", strlen(comm ? comm : "") + 1);
		memcpy(h->text, e->line.buf + at, len);
		h->len = (unsigned)len;
	}
}

/* A syscall event up to its first argument: type and times, then pid, tid,
 * comm, syscall, nr and "args":[ from the cache when this thread made this
 * call before. */
static void json_head(struct events_out *e, const struct trace_syscall *s,
                      const struct event_ctx *ctx)
{
	const char *comm = ctx && ctx->comm ? ctx->comm : NULL;
	size_t comm_len = comm ? strlen(comm) : 0;
	struct call_head *h = NULL;
	if (comm_len < HEAD_COMM) {
		if (!e->heads)
			e->heads = xcalloc(HEADS, sizeof(*e->heads));
		h = &e->heads[((unsigned long)s->nr + (uint32_t)s->tid * 61ul) % HEADS];
	}
	struct strbuf *l = &e->line;
	sb_reserve(l, 20 + JSON_TIMES_ROOM + HEAD_TEXT);
	char *q = SB_LIT(l->buf + l->len, "{\"type\":\"syscall\"");
	q = json_times(e, q, s->ts);
	if (h && h->len && h->nr == s->nr && h->tid == s->tid && h->pid == s->pid &&
	    !memcmp(h->comm, comm ? comm : "", comm_len + 1)) {
		memcpy(q, h->text, h->len);
		sb_end_at(l, q + h->len);
		return;
	}
	sb_end_at(l, q);
	json_head_render(e, s, comm, h);
}

/* The "args" values of a syscall event and the array's end: each shown
 * argument that is not empty, as a JSON string. */
static void json_args(struct events_out *e, const struct trace_syscall *s)
{
	size_t ends[TRACE_MAX_ARGS];
	unsigned n = split_args(e, s, ends);
	const char *f = e->field.buf;
	struct strbuf *l = &e->line;
	sb_reserve(l, JW_STR_ROOM(n ? ends[n - 1] : 0) + 3 * n + 1);
	char *q = l->buf + l->len, *first = q;
	size_t start = 0;
	for (unsigned i = 0; i < n; start = ends[i], i++) {
		if (ends[i] == start)
			continue;
		if (q != first)
			*q++ = ',';
		q = jw_fmt_str(q, f + start, ends[i] - start);
	}
	*q++ = ']';
	sb_end_at(l, q);
}

/* ,"ret":..,"errno":..,"duration_ns":.. and the unfinished/detached marks. */
static void json_result(struct events_out *e, const struct trace_syscall *s, uint64_t dur)
{
	bool returns = trace_syscall_returned(s);
	bool failed = returns && trace_ret_is_error(s->ret);
	const char *err = failed ? decode_errno(s) : NULL;
	size_t err_len = err ? strlen(err) : 0;
	struct strbuf *l = &e->line;
	sb_reserve(l, 128 + JW_STR_ROOM(err_len));
	char *q = SB_LIT(l->buf + l->len, ",\"ret\":");
	if (!returns) {
		q = SB_LIT(q, "null,\"errno\":null,\"duration_ns\":null");
	} else {
		q = sb_fmt_i64(q, failed ? -1 : s->ret);
		q = SB_LIT(q, ",\"errno\":");
		q = err ? jw_fmt_str(q, err, err_len) : SB_LIT(q, "null");
		q = SB_LIT(q, ",\"duration_ns\":");
		q = sb_fmt_u64(q, dur);
	}
	if (!sys_finished(s) && !(s->flags & TSYS_NORETURN) && !trace_syscall_never_returns(s->nr))
		q = SB_LIT(q, ",\"unfinished\":true");
	if (s->flags & TSYS_DETACHED)
		q = SB_LIT(q, ",\"detached\":true");
	sb_end_at(l, q);
}

/* ,"source": and its value: null, or the attribution's object, rendered once
 * per attribution id and replayed from the cache after. */
static void json_source(struct events_out *e, const struct event_source *src)
{
	struct strbuf *l = &e->line;
	if (!src || !src->text) {
		sb_put(l, ",\"source\":null", sizeof(",\"source\":null") - 1);
		return;
	}
	sb_put(l, ",\"source\":", sizeof(",\"source\":") - 1);
	uint64_t *at = src->id ? trace_map_get(&e->src_at, src->id) : NULL;
	if (at) {
		sb_put(l, e->src_cache.buf + (*at >> 24), (size_t)(*at & 0xffffff));
		return;
	}
	size_t off = l->len;
	struct jsonw w;
	jw_init(&w, l);
	jw_obj(&w);
	jw_k(&w, "file");
	jw_str(&w, src->file);
	jw_k(&w, "line");
	if (src->line)
		jw_u64(&w, src->line);
	else
		jw_null(&w);
	jw_k(&w, "function");
	jw_str(&w, src->function);
	jw_k(&w, "module");
	jw_str(&w, src->module);
	jw_obj_end(&w);
	size_t len = l->len - off;
	if (src->id && len <= 0xffffff) {
		size_t at_off = e->src_cache.len;
		sb_put(&e->src_cache, l->buf + off, len);
		trace_map_put(&e->src_at, src->id, (uint64_t)at_off << 24 | len);
	}
}

static int json_syscall(struct events_out *e, const struct trace_syscall *s, uint64_t dur,
                        const struct event_source *src, const struct event_ctx *ctx)
{
	json_head(e, s, ctx);
	json_args(e, s);
	json_result(e, s, dur);
	json_source(e, src);
	if (e->o.stack) {
		const char *st = ctx && ctx->stack_json ? ctx->stack_json : "[]";
		sb_put(&e->line, ",\"stack\":", sizeof(",\"stack\":") - 1);
		sb_puts(&e->line, st);
	}
	sb_put(&e->line, "}\n", 2);
	return flush_line(e);
}

int events_out_syscall(struct events_out *e, const struct trace_syscall *s, uint64_t duration_ns,
                       const struct event_source *src, const struct event_ctx *ctx)
{
	switch (e->o.format) {
	case OUT_JSON:
		return json_syscall(e, s, duration_ns, src, ctx);
	case OUT_CSV:
		return csv_syscall(e, s, duration_ns, src);
	default:
		return text_syscall(e, s, duration_ns, src, ctx);
	}
}

/* The signal's siginfo as strace prints it; records without TSIG_SIGINFO
 * (older traces) show what they have: signo, code, sender. */
static void put_siginfo(struct strbuf *sb, const struct trace_signal *sig)
{
	struct decode_siginfo si = {.signo = sig->signo, .code = sig->code, .pid = sig->sender};

	si.partial = !(sig->flags & TSIG_SIGINFO);
	si.uid = sig->uid;
	si.status = sig->status;
	si.utime = sig->utime;
	si.stime = sig->stime;
	si.addr = si.value = sig->addr;
	si.timerid = sig->timerid;
	si.overrun = sig->overrun;
	decode_put_siginfo(sb, &si);
}

static void put_signame(struct strbuf *sb, int signo)
{
	const char *n = trace_signal_name(signo);
	if (n)
		sb_puts(sb, n);
	else
		sb_printf(sb, "%d", signo);
}

int events_out_signal(struct events_out *e, const struct trace_signal *sig,
                      const struct event_ctx *ctx)
{
	const char *code = decode_si_code_name(sig->signo, sig->code);
	if (e->o.format == OUT_CSV)
		return 0;
	if (e->o.format == OUT_JSON) {
		struct jsonw w;
		const char *n = trace_signal_name(sig->signo);
		json_common(e, &w, "\"signal\"", sig->ts, sig->pid, sig->tid, ctx);
		jw_k(&w, "signal");
		if (n)
			jw_str(&w, n);
		else
			jw_i64(&w, sig->signo);
		jw_k(&w, "signo");
		jw_i64(&w, sig->signo);
		jw_k(&w, "code");
		if (code)
			jw_str(&w, code);
		else
			jw_i64(&w, sig->code);
		jw_k(&w, "sender_pid");
		if (sig->sender)
			jw_i64(&w, sig->sender);
		else
			jw_null(&w);
		return json_emit(e, &w);
	}
	put_text_prefix(e, sig->tid, sig->ts, ctx);
	sb_puts(&e->line, "--- ");
	put_signame(&e->line, sig->signo);
	sb_putc(&e->line, ' ');
	put_siginfo(&e->line, sig);
	sb_puts(&e->line, " ---\n");
	return flush_line(e);
}

int events_out_exit(struct events_out *e, const struct trace_exit *ex, const struct event_ctx *ctx)
{
	if (e->o.format == OUT_CSV || (ex->flags & TEXIT_DETACHED))
		return 0;
	int st = ex->status;
	if (e->o.format == OUT_JSON) {
		struct jsonw w;
		json_common(e, &w, "\"exit\"", ex->ts, ex->pid, ex->tid, ctx);
		jw_k(&w, "process");
		jw_bool(&w, ex->flags & TEXIT_PROCESS);
		if (ex->flags & TEXIT_SUPERSEDED) {
			jw_k(&w, "superseded_by");
			jw_i64(&w, ex->by);
		} else if (WIFSIGNALED(st)) {
			const char *n = trace_signal_name(WTERMSIG(st));
			jw_k(&w, "killed_by");
			if (n)
				jw_str(&w, n);
			else
				jw_i64(&w, WTERMSIG(st));
			jw_k(&w, "core_dumped");
			jw_bool(&w, WCOREDUMP(st));
		} else {
			jw_k(&w, "exit_code");
			jw_i64(&w, WEXITSTATUS(st));
		}
		return json_emit(e, &w);
	}
	put_text_prefix(e, ex->tid, ex->ts, ctx);
	if (ex->flags & TEXIT_SUPERSEDED) {
		sb_printf(&e->line, "+++ superseded by execve in pid %d +++\n", (int)ex->by);
	} else if (WIFSIGNALED(st)) {
		sb_puts(&e->line, "+++ killed by ");
		put_signame(&e->line, WTERMSIG(st));
		sb_puts(&e->line, WCOREDUMP(st) ? " (core dumped) +++\n" : " +++\n");
	} else {
		sb_printf(&e->line, "+++ exited with %d +++\n", WEXITSTATUS(st));
	}
	return flush_line(e);
}
