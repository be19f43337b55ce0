/*
 * test_rec_ring.c - unit tests of the flight recorder: trigger and window
 * parsing (rec_trigger, rec_ring_parse), the window's eviction, the state a
 * written window begins with (threads, address spaces cut by unmaps, stack
 * definitions), and when triggers fire and re-arm.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "record/rec_ring.h"
#include "record/rec_trigger.h"

Test(rec_trigger, parses_both_kinds)
{
	struct rec_trigger t;
	char err[256];

	cr_assert_eq(rec_trigger_parse(&t, "latency(fsync)>50ms", err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(t.kind, REC_TRIG_LATENCY);
	cr_expect_eq(t.threshold, 50000000ull);
	cr_expect(trace_filter_has(&t.calls, SYS_fsync));
	cr_expect(!trace_filter_has(&t.calls, SYS_write));
	cr_assert_eq(
	    rec_trigger_parse(&t, " latency ( fsync, fdatasync ) > 1.5s ", err, sizeof(err)), 0,
	    "%s", err);
	cr_expect_eq(t.threshold, 1500000000ull);
	cr_expect(trace_filter_has(&t.calls, SYS_fdatasync));
	cr_assert_eq(rec_trigger_parse(&t, "errors(%net)>3", err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(t.kind, REC_TRIG_ERRORS);
	cr_expect_eq(t.threshold, 3);
	cr_expect(trace_filter_has(&t.calls, SYS_connect));
}

Test(rec_trigger, refuses_bad_ones_with_the_reason)
{
	static const struct {
		const char *expr, *says;
	} bad[] = {
	    {"latency(fsync)>50", "is not a duration"},
	    {"latency(fsync)>-5ms", "is not a duration"},
	    {"latency(fsync)>50parsecs", "is not a duration"},
	    {"errors(connect)>x", "is not a count"},
	    {"errors(connect)>1.5", "is not a count"},
	    {"errors(conect)>0", "unknown syscall or class 'conect'"},
	    {"errors()>0", "name the calls"},
	    {"lat(fsync)>5ms", "is not a trigger"},
	    {"latency fsync>5ms", "is not a trigger"},
	    {"latency(fsync)", "is not a trigger"},
	    {"", "is not a trigger"},
	};
	struct rec_trigger t;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		cr_expect_eq(rec_trigger_parse(&t, bad[i].expr, err, sizeof(err)), -1, "%s",
		             bad[i].expr);
		cr_expect(strstr(err, bad[i].says) != NULL, "'%s': %s", bad[i].expr, err);
	}
}

Test(rec_trigger, durations)
{
	uint64_t ns;

	cr_expect(rec_parse_duration("200us", &ns) == 0 && ns == 200000);
	cr_expect(rec_parse_duration("2min", &ns) == 0 && ns == 120000000000ull);
	cr_expect(rec_parse_duration("1h", &ns) == 0 && ns == 3600000000000ull);
	cr_expect(rec_parse_duration(".5s", &ns) == 0 && ns == 500000000);
	cr_expect_eq(rec_parse_duration("5", &ns), -1);
	cr_expect_eq(rec_parse_duration("inf s", &ns), -1);
	cr_expect_eq(rec_parse_duration("nans", &ns), -1);
	cr_expect_eq(rec_parse_duration("1e30h", &ns), -1);
}

Test(rec_ring, parses_sizes_and_durations)
{
	struct rec_ring_opts o;
	char err[256];

	cr_expect(rec_ring_parse("64M", &o, err, sizeof(err)) == 0 && o.max_bytes == 64ull << 20 &&
	          o.window_ns == 0);
	cr_expect(rec_ring_parse("30s", &o, err, sizeof(err)) == 0 &&
	          o.window_ns == 30000000000ull && o.max_bytes == REC_RING_DURATION_CAP);
	cr_expect(rec_ring_parse("65536", &o, err, sizeof(err)) == 0 && o.max_bytes == 65536);
	cr_expect_eq(rec_ring_parse("5m", &o, err, sizeof(err)), -1);
	cr_expect(strstr(err, "ambiguous") != NULL, "%s", err);
	cr_expect_eq(rec_ring_parse("1K", &o, err, sizeof(err)), -1);
	cr_expect_eq(rec_ring_parse("-1M", &o, err, sizeof(err)), -1);
	cr_expect_eq(rec_ring_parse("65G", &o, err, sizeof(err)), -1);
	cr_expect_eq(rec_ring_parse("100us", &o, err, sizeof(err)), -1);
}

/* A sink that keeps what it gets, by type, and the maps in order. */
struct capture {
	unsigned n[16];
	struct trace_module maps[8];
	unsigned nmaps;
	struct trace_thread threads[8];
	unsigned nthreads;
	uint64_t first_sys_ts;
	int writes;
};

static int capture_emit(struct trace_sink *s, const struct trace_record *rec)
{
	struct capture *c = s->ctx;

	c->n[rec->type]++;
	if (rec->type == TREC_MODULE_MAP && c->nmaps < 8)
		c->maps[c->nmaps++] = rec->u.map;
	if (rec->type == TREC_THREAD && c->nthreads < 8)
		c->threads[c->nthreads++] = rec->u.thread;
	if (rec->type == TREC_SYSCALL && !c->first_sys_ts)
		c->first_sys_ts = rec->u.sys.ts;
	if (rec->type == TREC_SYSCALL && rec->u.sys.stack_id)
		cr_expect(c->n[TREC_STACK] > 0, "a call's stack before its definition");
	return 0;
}

static void put(struct trace_sink *s, const struct trace_record *rec)
{
	cr_assert_eq(s->emit(s, rec), 0);
}

static void put_call(struct trace_sink *s, uint64_t ts, long nr, int64_t ret, uint32_t stack)
{
	struct trace_record rec = {.type = TREC_SYSCALL};
	static const uint8_t data[4] = "abc";

	rec.u.sys.tid = rec.u.sys.pid = 10;
	rec.u.sys.nr = (uint16_t)nr;
	rec.u.sys.ret = ret;
	rec.u.sys.ts = ts;
	rec.u.sys.duration = 100;
	rec.u.sys.stack_id = stack;
	rec.u.sys.npayloads = 1;
	rec.u.sys.payloads[0] =
	    (struct trace_payload){.kind = TPAY_BUFFER, .len = 3, .full_len = 3, .data = data};
	put(s, &rec);
}

Test(rec_ring, window_begins_with_the_state_it_needs)
{
	struct rec_ring_opts o = {.max_bytes = 64 << 10};
	struct rec_ring *r = rec_ring_new(&o, NULL, 0, NULL, NULL);
	struct trace_sink s = rec_ring_sink(r);
	struct trace_record rec;
	uint64_t pcs[2] = {0x1100, 0x3100};

	memset(&rec, 0, sizeof(rec));
	rec.type = TREC_THREAD;
	rec.u.thread = (struct trace_thread){.ts = 1, .tid = 10, .pid = 10, .comm = "app"};
	put(&s, &rec);
	rec.u.thread =
	    (struct trace_thread){.ts = 1, .tid = 11, .pid = 10, .flags = TTHREAD_IS_THREAD};
	put(&s, &rec);
	rec.u.thread = (struct trace_thread){.ts = 1, .tid = 20, .pid = 20};
	put(&s, &rec);
	rec.type = TREC_MODULE_MAP;
	rec.u.map = (struct trace_module){
	    .ts = 2, .pid = 10, .start = 0x1000, .end = 0x5000, .offset = 0, .path = "/app"};
	put(&s, &rec);
	rec.type = TREC_MODULE_UNMAP;
	rec.u.unmap = (struct trace_unmap){.ts = 3, .pid = 10, .start = 0x2000, .end = 0x3000};
	put(&s, &rec);
	rec.type = TREC_EXIT;
	rec.u.exit = (struct trace_exit){.ts = 4, .tid = 20, .pid = 20, .flags = TEXIT_PROCESS};
	put(&s, &rec);
	rec.type = TREC_STACK;
	rec.u.stack = (struct trace_stack){.id = 1, .depth = 2, .pcs = pcs};
	put(&s, &rec);
	for (uint64_t i = 0; i < 5000; i++)
		put_call(&s, 100 + i * 1000, SYS_write, 3, 1);
	uint64_t calls = rec_ring_calls(r);
	cr_expect(calls > 10 && calls < 5000, "%llu calls kept", (unsigned long long)calls);

	struct capture c;
	memset(&c, 0, sizeof(c));
	struct trace_sink out = {.emit = capture_emit, .ctx = &c};
	cr_assert_eq(rec_ring_replay(r, &out), 0);
	cr_expect_eq(c.n[TREC_SYSCALL], calls);
	cr_expect_eq(c.first_sys_ts, 100 + (5000 - calls) * 1000, "the last calls are kept");
	cr_expect_eq(c.n[TREC_STACK], 1);
	cr_assert_eq(c.nthreads, 2, "tids 10 and 11 alive, 20 gone");
	cr_expect(c.threads[0].tid == 10 && c.threads[0].flags == TTHREAD_ATTACHED);
	cr_expect_str_eq(c.threads[0].comm, "app");
	cr_expect(c.threads[1].tid == 11 &&
	          c.threads[1].flags == (TTHREAD_ATTACHED | TTHREAD_IS_THREAD));
	cr_assert_eq(c.nmaps, 2, "the unmap cut the mapping in two");
	struct trace_module a = c.maps[0], b = c.maps[1];
	if (a.start > b.start) {
		struct trace_module t = a;
		a = b;
		b = t;
	}
	cr_expect(a.start == 0x1000 && a.end == 0x2000 && a.offset == 0);
	cr_expect(b.start == 0x3000 && b.end == 0x5000 && b.offset == 0x2000);
	cr_expect_str_eq(b.path, "/app");
	rec_ring_free(r);
}

Test(rec_ring, duration_window)
{
	struct rec_ring_opts o = {.max_bytes = 16 << 20, .window_ns = 10000};
	struct rec_ring *r = rec_ring_new(&o, NULL, 0, NULL, NULL);
	struct trace_sink s = rec_ring_sink(r);

	for (uint64_t i = 0; i < 1000; i++)
		put_call(&s, i * 1000, SYS_write, 3, 0); /* ends at i * 1000 + 100 */
	cr_expect_eq(rec_ring_calls(r), 11, "ends within 10 us of the newest");
	cr_expect_eq(rec_ring_span_ns(r), 10000);
	cr_assert_eq(s.tick(&s, 999100 + 5000), 0);
	cr_expect_eq(rec_ring_calls(r), 6, "time passing drops old calls too");
	rec_ring_free(r);
}

static int fired_count;
static char fired_detail[512];

static int on_window(void *ctx, struct rec_ring *r, enum rec_ring_why why, const char *detail)
{
	(void)ctx;
	(void)r;
	cr_expect_eq(why, REC_RING_TRIGGER);
	fired_count++;
	snprintf(fired_detail, sizeof(fired_detail), "%s", detail);
	return 0;
}

Test(rec_ring, triggers_fire_and_rearm)
{
	struct rec_trigger t;
	char err[256];
	struct rec_ring_opts o = {.max_bytes = 16 << 20, .window_ns = 100000};

	cr_assert_eq(rec_trigger_parse(&t, "errors(connect)>1", err, sizeof(err)), 0);
	struct rec_ring *r = rec_ring_new(&o, &t, 1, on_window, NULL);
	struct trace_sink s = rec_ring_sink(r);
	fired_count = 0;
	put_call(&s, 1000, SYS_connect, -111, 0);
	put_call(&s, 2000, SYS_connect, 0, 0);
	put_call(&s, 3000, SYS_write, -9, 0);
	cr_expect_eq(fired_count, 0, "one failed connect is not more than 1");
	put_call(&s, 4000, SYS_connect, -111, 0);
	cr_expect_eq(fired_count, 1);
	cr_expect(strstr(fired_detail, "errors(connect)>1: 2 failed calls") != NULL, "%s",
	          fired_detail);
	put_call(&s, 5000, SYS_connect, -111, 0);
	cr_expect_eq(fired_count, 1, "not re-armed while the firing call is in the window");
	/* 200 us later the old calls have left: two new failures fire again. */
	put_call(&s, 300000, SYS_connect, -111, 0);
	cr_expect_eq(fired_count, 1, "the count starts afresh");
	put_call(&s, 301000, SYS_connect, -111, 0);
	cr_expect_eq(fired_count, 2);
	rec_ring_free(r);
}
