/*
 * rec_backend.c - the recorder options' defaults; picks the recorder backend and drives one
 * recording through the backend interface (open, start, run, close).
 */
#include "record/rec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "record/rec_emit.h"

const struct rec_backend *rec_backend_get(enum rec_backend_id id)
{
	switch (id) {
	case REC_BACKEND_PTRACE:
		return &rec_backend_ptrace;
	case REC_BACKEND_EBPF:
#ifdef RENACER_HAVE_EBPF
		return &rec_backend_ebpf;
#else
		return NULL;
#endif
	default:
		return NULL;
	}
}

const struct rec_backend *rec_backend_choose(const struct rec_options *o, char *why, size_t len)
{
	const struct rec_backend *b;

	why[0] = 0;
	if (o->backend == REC_BACKEND_PTRACE)
		return &rec_backend_ptrace;
	b = rec_backend_get(REC_BACKEND_EBPF);
	if (b == NULL) {
		snprintf(why, len, "this renacer was built without the eBPF backend");
		return o->backend == REC_BACKEND_AUTO ? &rec_backend_ptrace : NULL;
	}
	if (b->probe(o, why, len) == 0)
		return b;
	return o->backend == REC_BACKEND_AUTO ? &rec_backend_ptrace : NULL;
}

int rec_run(const struct rec_options *o, struct trace_sink *sink, struct rec_result *res)
{
	struct rec_emitter em;
	struct rec_session *s = NULL;
	char why[256];
	const struct rec_backend *b = o->backend == REC_BACKEND_AUTO
	                                  ? rec_backend_choose(o, why, sizeof(why))
	                                  : rec_backend_get(o->backend);
	int ret;

	memset(res, 0, sizeof(*res));
	if (b == NULL)
		return -ENOSYS;
	rec_emitter_init(&em, sink);
	ret = b->open(&s, o, &em, res);
	if (ret < 0)
		return ret;
	ret = b->start(s);
	int run = b->run(s);
	if (ret == 0)
		ret = run;
	b->close(s);
	res->sink_error = rec_emit_error(&em);
	return ret;
}

void rec_options_default(struct rec_options *o)
{
	memset(o, 0, sizeof(*o));
	trace_filter_init(&o->filter);
	o->strsize = REC_DEFAULT_STRSIZE;
	o->stack_depth = REC_DEFAULT_STACK_DEPTH;
	o->stack_bytes = REC_DEFAULT_STACK_BYTES;
	o->backend = REC_BACKEND_AUTO; /* eBPF when permitted and supported, else ptrace */
	o->run_as_uid = (uid_t)-1;
	o->run_as_gid = (gid_t)-1;
	o->cgroup_fd = -1;
}
