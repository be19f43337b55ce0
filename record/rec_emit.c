/*
 * rec_emit.c - the checked emitter between recorder backends and the sink.
 */
#include "record/rec_emit.h"

#include <stddef.h>

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
