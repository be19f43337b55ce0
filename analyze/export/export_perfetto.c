/*
 * export_perfetto.c - Chrome trace event JSON, streamed: a header, one event
 * per line through trace_jsonw, the closing bracket at the end.
 */
#include "analyze/export/export_perfetto.h"

#include <stdlib.h>
#include <sys/wait.h>

#include "analyze/decode/decode.h"
#include "libtrace/trace_errno.h"
#include "libtrace/trace_jsonw.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

struct export_perfetto {
	FILE *out;
	uint64_t start;
	unsigned strsize;
	struct strbuf buf, field;
	bool began, any;
};

struct export_perfetto *export_perfetto_new(FILE *out, uint64_t start_mono_ns, unsigned strsize)
{
	struct export_perfetto *x = xcalloc(1, sizeof(*x));
	x->out = out;
	x->start = start_mono_ns;
	x->strsize = strsize;
	return x;
}

void export_perfetto_free(struct export_perfetto *x)
{
	if (!x)
		return;
	sb_free(&x->buf);
	sb_free(&x->field);
	free(x);
}

static int flush_buf(struct export_perfetto *x)
{
	return sb_flush(&x->buf, x->out, 0);
}

/* Starts an event object: the separator, then ph, pid, tid. */
static void begin_event(struct export_perfetto *x, struct jsonw *w, const char *ph, int32_t pid,
                        int32_t tid)
{
	if (!x->began) {
		sb_puts(&x->buf, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
		x->began = true;
	}
	if (x->any)
		sb_puts(&x->buf, ",\n");
	x->any = true;
	jw_init(w, &x->buf);
	jw_obj(w);
	jw_k(w, "ph");
	jw_str(w, ph);
	jw_k(w, "pid");
	jw_i64(w, pid);
	jw_k(w, "tid");
	jw_i64(w, tid);
}

static int end_event(struct export_perfetto *x, struct jsonw *w)
{
	jw_obj_end(w);
	return x->buf.len >= SB_BATCH ? flush_buf(x) : 0;
}

/* "ts" in microseconds since the trace start, with ns precision. */
static void put_us(struct jsonw *w, uint64_t ns)
{
	char frac[4] = {(char)('0' + ns / 100 % 10), (char)('0' + ns / 10 % 10),
	                (char)('0' + ns % 10), 0};
	jw_u64(w, ns / 1000);
	sb_putc(w->sb, '.');
	sb_puts(w->sb, frac);
}

static uint64_t rel(const struct export_perfetto *x, uint64_t ts)
{
	return ts > x->start ? ts - x->start : 0;
}

static int name_event(struct export_perfetto *x, const char *what, int32_t pid, int32_t tid,
                      const char *name)
{
	struct jsonw w;
	begin_event(x, &w, "M", pid, tid);
	jw_k(&w, "name");
	jw_str(&w, what);
	jw_k(&w, "args");
	jw_obj(&w);
	jw_k(&w, "name");
	jw_str(&w, name);
	jw_obj_end(&w);
	return end_event(x, &w);
}

int export_perfetto_thread(struct export_perfetto *x, int32_t pid, int32_t tid, const char *comm)
{
	if (!comm || !comm[0])
		return 0;
	char name[64];
	snprintf(name, sizeof(name), "%s %d", comm, (int)tid);
	if (pid == tid) {
		char pname[64];
		snprintf(pname, sizeof(pname), "%s (pid %d)", comm, (int)pid);
		if (name_event(x, "process_name", pid, tid, pname) < 0)
			return -1;
	}
	return name_event(x, "thread_name", pid, tid, name);
}

/* The slice's args: the decoded arguments, the return, the source. */
static void syscall_args(struct export_perfetto *x, struct jsonw *w, const struct trace_syscall *s,
                         const struct event_source *src)
{
	struct decode_opts dopts = {.strsize = x->strsize};
	jw_k(w, "args");
	jw_obj(w);
	sb_reset(&x->field);
	decode_args(&x->field, s, &dopts);
	jw_k(w, "args");
	jw_strn(w, x->field.buf ? x->field.buf : "", x->field.len);
	sb_reset(&x->field);
	decode_ret(&x->field, s);
	jw_k(w, "ret");
	jw_strn(w, x->field.buf ? x->field.buf : "", x->field.len);
	if (src && src->text) {
		jw_k(w, "source");
		jw_str(w, src->text);
	}
	jw_obj_end(w);
}

int export_perfetto_syscall(struct export_perfetto *x, const struct trace_syscall *s,
                            uint64_t duration_ns, const struct event_source *src)
{
	char num[48];
	struct jsonw w;
	bool returned = trace_syscall_returned(s);
	begin_event(x, &w, returned ? "X" : "i", s->pid, s->tid);
	jw_k(&w, "name");
	jw_str(&w, trace_syscall_name_r(s->nr, num, sizeof(num)));
	jw_k(&w, "cat");
	jw_str(&w, trace_ret_is_error(s->ret) && returned ? "syscall,failed" : "syscall");
	jw_k(&w, "ts");
	put_us(&w, rel(x, s->ts));
	if (returned) {
		jw_k(&w, "dur");
		put_us(&w, duration_ns);
	} else {
		jw_k(&w, "s");
		jw_str(&w, "t");
	}
	syscall_args(x, &w, s, src);
	return end_event(x, &w);
}

int export_perfetto_signal(struct export_perfetto *x, const struct trace_signal *sig)
{
	struct jsonw w;
	const char *n = trace_signal_name(sig->signo);
	char num[16];
	snprintf(num, sizeof(num), "signal %d", sig->signo);
	begin_event(x, &w, "i", sig->pid, sig->tid);
	jw_k(&w, "name");
	jw_str(&w, n ? n : num);
	jw_k(&w, "cat");
	jw_str(&w, "signal");
	jw_k(&w, "ts");
	put_us(&w, rel(x, sig->ts));
	jw_k(&w, "s");
	jw_str(&w, "t");
	jw_k(&w, "args");
	jw_obj(&w);
	jw_k(&w, "signo");
	jw_i64(&w, sig->signo);
	jw_k(&w, "code");
	jw_i64(&w, sig->code);
	if (sig->sender) {
		jw_k(&w, "sender_pid");
		jw_i64(&w, sig->sender);
	}
	jw_obj_end(&w);
	return end_event(x, &w);
}

int export_perfetto_exit(struct export_perfetto *x, const struct trace_exit *ex)
{
	if (ex->flags & TEXIT_DETACHED)
		return 0;
	struct jsonw w;
	char what[64];
	int st = ex->status;
	if (ex->flags & TEXIT_SUPERSEDED) {
		snprintf(what, sizeof(what), "superseded by execve in pid %d", (int)ex->by);
	} else if (WIFSIGNALED(st)) {
		const char *n = trace_signal_name(WTERMSIG(st));
		snprintf(what, sizeof(what), "killed by %s", n ? n : "a signal");
	} else {
		snprintf(what, sizeof(what), "exited with %d", WEXITSTATUS(st));
	}
	begin_event(x, &w, "i", ex->pid, ex->tid);
	jw_k(&w, "name");
	jw_str(&w, what);
	jw_k(&w, "cat");
	jw_str(&w, ex->flags & TEXIT_PROCESS ? "process" : "thread");
	jw_k(&w, "ts");
	put_us(&w, rel(x, ex->ts));
	jw_k(&w, "s");
	jw_str(&w, ex->flags & TEXIT_PROCESS ? "p" : "t");
	return end_event(x, &w);
}

int export_perfetto_finish(struct export_perfetto *x)
{
	if (!x->began)
		sb_puts(&x->buf, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
	x->began = true;
	sb_puts(&x->buf, "\n]}\n");
	return flush_buf(x);
}
