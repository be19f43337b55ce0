/*
 * findings_out.c - what findings say: kind names and fixes (as the user
 * guide words them), the one-line titles with their numbers, the text
 * section under the summary, the JSON array of the summary document, and
 * the light references (kind, key, title) renacer-diff compares.
 */
#include <stdlib.h>
#include <string.h>

#include "analyze/findings/findings_int.h"
#include "analyze/summary/summary.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

static const struct {
	const char *name;
	const char *fix;
} kinds[FK_COUNT] = {
    [FK_SMALL_IO] = {"small-io", "Use buffered I/O (BufReader, setvbuf, etc.)."},
    [FK_SYNC_PER_WRITE] = {"sync-per-write",
                           "Batch writes, fsync periodically or on critical operations only."},
    [FK_REPEATED_STAT] = {"repeated-stat", "Cache stat results, use fstatat with AT_EMPTY_PATH."},
    [FK_REPEATED_OPEN] = {"repeated-open",
                          "Open the file once and keep the descriptor (or cache what it holds)."},
    [FK_MANY_FILES] = {"many-files", "Load lazily: open each file when it is first needed."},
    [FK_MMAP_CHURN] = {"mmap-churn", "Reuse mappings, use MAP_FIXED for replacement."},
    [FK_ENOENT_STORM] = {"enoent-storm",
                         "Put the directory that holds the files first in the search path "
                         "(or remember where they were found)."},
    [FK_SLOW_CALL] = {"slow-call", "High priority - investigate why this syscall is slow "
                                   "(network timeout/latency?)."},
    [FK_LATENCY_OUTLIER] = {"latency-outlier",
                            "Some calls are very slow (network FS? cache misses?): look at "
                            "them with -T --source."},
};

const char *findings_kind_name(enum finding_kind k)
{
	return k < FK_COUNT ? kinds[k].name : "?";
}

const char *findings_fix(enum finding_kind k)
{
	return k < FK_COUNT ? kinds[k].fix : "";
}

void findings_list_clear(struct findings *f)
{
	for (size_t i = 0; i < f->nlist; i++)
		free(f->list[i].title);
	f->nlist = 0;
}

/* "35000 bytes", "66.4 KiB", "1.0 MiB" */
static void put_size(struct strbuf *sb, uint64_t n)
{
	if (n < 10240)
		sb_printf(sb, "%llu bytes", (unsigned long long)n);
	else if (n < 1048576)
		sb_printf(sb, "%.1f KiB", (double)n / 1024);
	else
		sb_printf(sb, "%.1f MiB", (double)n / 1048576);
}

static void put_ms(struct strbuf *sb, uint64_t ns)
{
	char buf[32];
	sb_puts(sb, summary_fmt_ms_short(ns, buf, sizeof(buf)));
}

static void title_small_io(struct strbuf *sb, const struct finding *x)
{
	sb_printf(sb, "%llu %s calls of %llu bytes on average (", (unsigned long long)x->calls,
	          x->syscall, (unsigned long long)x->avg_bytes);
	if (x->avg_requested)
		sb_printf(sb, "%llu asked for; ", (unsigned long long)x->avg_requested);
	put_size(sb, x->bytes);
	sb_puts(sb, " in all)");
}

static void title_repeats(struct strbuf *sb, const struct finding *x)
{
	const char *verb = x->kind == FK_REPEATED_OPEN ? "opened" : "stat'ed";
	if (x->count == 1)
		sb_printf(sb, "%s %s %llu times (%s)", x->subject, verb,
		          (unsigned long long)x->example, x->syscall);
	else
		sb_printf(sb,
		          "%llu paths %s again and again, %llu lookups; most: %s, %llu times (%s)",
		          (unsigned long long)x->count, verb, (unsigned long long)x->calls,
		          x->subject, (unsigned long long)x->example, x->syscall);
}

static void title_of(struct strbuf *sb, const struct finding *x)
{
	switch (x->kind) {
	case FK_SMALL_IO:
		title_small_io(sb, x);
		break;
	case FK_SYNC_PER_WRITE:
		if (x->writes)
			sb_printf(sb, "%llu %s calls for %llu writes: one every %.1f writes",
			          (unsigned long long)x->syncs, x->syscall,
			          (unsigned long long)x->writes,
			          (double)x->writes / (double)x->syncs);
		else
			sb_printf(sb, "%llu %s calls (the writes were not traced)",
			          (unsigned long long)x->syncs, x->syscall);
		break;
	case FK_REPEATED_STAT:
		if (!strcmp(x->subject, "an open descriptor")) {
			sb_printf(sb, "%llu %s calls on descriptors already stat'ed (%llu in all)",
			          (unsigned long long)x->calls, x->syscall,
			          (unsigned long long)x->count);
			break;
		}
		/* fall through */
	case FK_REPEATED_OPEN:
		title_repeats(sb, x);
		break;
	case FK_MANY_FILES:
		sb_printf(sb, "%llu different files opened from one place (%llu %s calls)",
		          (unsigned long long)x->count, (unsigned long long)x->calls, x->syscall);
		break;
	case FK_MMAP_CHURN:
		sb_printf(sb, "%llu mmap/munmap pairs of the same size, ",
		          (unsigned long long)x->count);
		put_size(sb, x->size);
		break;
	case FK_ENOENT_STORM:
		sb_printf(sb,
		          "%llu failed lookups (ENOENT) in %llu searches along a path list; "
		          "\"%s\" failed in %llu places in a row",
		          (unsigned long long)x->calls, (unsigned long long)x->count, x->subject,
		          (unsigned long long)x->example);
		break;
	case FK_SLOW_CALL:
		sb_printf(sb, "one %s call took ", x->syscall);
		put_ms(sb, x->max_ns);
		break;
	case FK_LATENCY_OUTLIER:
		sb_printf(sb, "%s p99 is %.0fx its p50 (", x->syscall,
		          (double)x->p99_ns / (double)(x->p50_ns ? x->p50_ns : 1));
		put_ms(sb, x->p99_ns);
		sb_puts(sb, " vs ");
		put_ms(sb, x->p50_ns);
		sb_printf(sb, ") over %llu calls; the slowest took ", (unsigned long long)x->calls);
		put_ms(sb, x->max_ns);
		break;
	default:
		sb_puts(sb, "?");
	}
}

void findings_titles(struct findings *f)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < f->nlist; i++) {
		sb_reset(&sb);
		sb_puts(&sb, "");
		title_of(&sb, &f->list[i]);
		f->list[i].title = xstrdup(sb_str(&sb));
	}
	sb_free(&sb);
}

static bool site_known(const struct finding_site *s)
{
	return s->src.file || s->src.function || s->src.module;
}

int findings_print_text(const struct finding *v, unsigned n, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	if (!n)
		return 0;
	sb_puts(&sb, "\nFindings:\n=========\n");
	for (unsigned i = 0; i < n; i++) {
		const struct finding *x = &v[i];
		unsigned named = 0;
		sb_printf(&sb, "[%s] %s: %.1f%% of syscall time\n", findings_kind_name(x->kind),
		          x->title, x->share * 100);
		for (unsigned j = 0; j < x->nsites; j++) {
			if (!site_known(&x->sites[j]))
				continue;
			sb_puts(&sb, "  at ");
			summary_source_str(&x->sites[j].src, &sb);
			sb_printf(&sb, " (%llu call%s)\n", (unsigned long long)x->sites[j].calls,
			          x->sites[j].calls == 1 ? "" : "s");
			named++;
		}
		if (!named)
			sb_puts(&sb, "  at: unknown (no call stacks recorded)\n");
		sb_printf(&sb, "  fix: %s\n", findings_fix(x->kind));
	}
	int rc = sb_write(&sb, out);
	sb_free(&sb);
	return rc < 0 ? -1 : 0;
}
