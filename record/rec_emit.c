/*
 * rec_emit.c - the checked emitter between recorder backends and the sink.
 */
#include "record/rec_emit.h"

#include <stddef.h>
#include <string.h>

#include "libtrace/trace_stacks.h"

static int drop_emit(struct trace_sink *s, const struct trace_record *rec)
{
	(void)s;
	(void)rec;
	return 0;
}

static struct trace_sink drop_sink = {.emit = drop_emit};

void rec_emitter_init(struct rec_emitter *e, struct trace_sink *sink)
{
	e->sink = sink != NULL ? sink : &drop_sink;
	e->error = 0;
	e->paused = false;
}

int rec_emit_record(struct rec_emitter *e, const struct trace_record *rec)
{
	if (e->error || e->paused)
		return e->error;
	int r = e->sink->emit(e->sink, rec);
	if (r < 0)
		e->error = r;
	return e->error;
}

int rec_emit_tick(struct rec_emitter *e, uint64_t now_ns)
{
	if (e->error || e->paused || e->sink->tick == NULL)
		return e->error;
	int r = e->sink->tick(e->sink, now_ns);
	if (r < 0)
		e->error = r;
	return e->error;
}

/* The siginfo fields strace shows beyond signo, code and pid (spec/format.md 5.4). */
static void siginfo_fields(struct trace_signal *sg, const siginfo_t *si)
{
	int sig = sg->signo;

	sg->flags |= TSIG_SIGINFO;
	if (si->si_code <= 0 || sig == SIGCHLD)
		sg->uid = si->si_uid;
	if (sig == SIGCHLD) {
		sg->status = si->si_status;
		sg->utime = (int64_t)si->si_utime;
		sg->stime = (int64_t)si->si_stime;
	} else if (si->si_code == SI_TIMER) {
		sg->timerid = si->si_timerid;
		sg->overrun = si->si_overrun;
		sg->addr = (uint64_t)(uintptr_t)si->si_value.sival_ptr;
	} else if (si->si_code < 0) {
		sg->addr = (uint64_t)(uintptr_t)si->si_value.sival_ptr;
	} else if (si->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	                               sig == SIGFPE || sig == SIGTRAP)) {
		sg->addr = (uint64_t)(uintptr_t)si->si_addr;
	}
}

void rec_signal_delivered(struct trace_record *rec, uint64_t ts, pid_t tid, pid_t pid, int sig,
                          const siginfo_t *si)
{
	memset(rec, 0, sizeof(*rec));
	rec->type = TREC_SIGNAL;
	rec->u.sig.ts = ts;
	rec->u.sig.tid = tid;
	rec->u.sig.pid = pid;
	rec->u.sig.signo = sig;
	rec->u.sig.flags = TSIG_DELIVERED;
	if (si) {
		rec->u.sig.code = si->si_code;
		rec->u.sig.sender = si->si_code <= 0 || sig == SIGCHLD ? si->si_pid : 0;
		siginfo_fields(&rec->u.sig, si);
	}
	if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
		rec->u.sig.flags |= TSIG_STOP;
}

uint32_t rec_emit_stack(struct rec_emitter *e, struct trace_stacks *stacks, const uint64_t *pcs,
                        uint32_t depth, uint64_t *nstacks)
{
	bool is_new = false;
	uint32_t id = trace_stacks_intern(stacks, pcs, depth, &is_new);

	if (is_new && id) {
		struct trace_record rec = {.type = TREC_STACK};
		rec.u.stack.id = id;
		rec.u.stack.depth = depth;
		rec.u.stack.pcs = pcs;
		(void)rec_emit_record(e, &rec);
		(*nstacks)++;
	}
	return id;
}
