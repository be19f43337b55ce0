/*
 * format_check.h - Criterion assertions that two trace records are equal in
 * every field, shared by the trace format tests.
 */
#ifndef RENACER_TEST_FORMAT_CHECK_H
#define RENACER_TEST_FORMAT_CHECK_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "libtrace/trace_event.h"

static inline void assert_payload_eq(const struct trace_payload *a, const struct trace_payload *b)
{
	cr_assert_eq(a->arg, b->arg);
	cr_assert_eq(a->kind, b->kind);
	cr_assert_eq(a->flags, b->flags);
	cr_assert_eq(a->len, b->len);
	cr_assert_eq(a->full_len, b->full_len);
	if (a->len)
		cr_assert_arr_eq(a->data, b->data, a->len);
}

static inline void assert_syscall_eq(const struct trace_syscall *a, const struct trace_syscall *b)
{
	cr_assert_eq(a->tid, b->tid);
	cr_assert_eq(a->pid, b->pid);
	cr_assert_eq(a->nr, b->nr);
	cr_assert_eq(a->flags, b->flags);
	cr_assert_eq(a->stack_id, b->stack_id);
	cr_assert_eq(a->fd_kinds, b->fd_kinds, "fd_kinds %#x, want %#x", b->fd_kinds, a->fd_kinds);
	for (int i = 0; i < TRACE_MAX_ARGS; i++)
		cr_assert_eq(a->args[i], b->args[i], "arg %d", i);
	cr_assert_eq(a->ret, b->ret);
	cr_assert_eq(a->ts, b->ts);
	cr_assert_eq(a->duration, b->duration);
	cr_assert_eq(a->wait, b->wait, "wait %llu, want %llu", (unsigned long long)b->wait,
	             (unsigned long long)a->wait);
	cr_assert_eq(a->npayloads, b->npayloads);
	for (int i = 0; i < a->npayloads; i++)
		assert_payload_eq(&a->payloads[i], &b->payloads[i]);
}

static inline void assert_record_eq(const struct trace_record *a, const struct trace_record *b)
{
	cr_assert_eq(a->type, b->type);
	switch (a->type) {
	case TREC_THREAD:
		cr_assert_eq(a->u.thread.ts, b->u.thread.ts);
		cr_assert_eq(a->u.thread.tid, b->u.thread.tid);
		cr_assert_eq(a->u.thread.pid, b->u.thread.pid);
		cr_assert_eq(a->u.thread.ppid, b->u.thread.ppid);
		cr_assert_eq(a->u.thread.flags, b->u.thread.flags);
		cr_assert_str_eq(a->u.thread.comm, b->u.thread.comm);
		break;
	case TREC_EXEC:
		cr_assert_eq(a->u.exec.ts, b->u.exec.ts);
		cr_assert_eq(a->u.exec.tid, b->u.exec.tid);
		cr_assert_eq(a->u.exec.pid, b->u.exec.pid);
		cr_assert_eq(a->u.exec.old_tid, b->u.exec.old_tid);
		cr_assert_str_eq(a->u.exec.filename, b->u.exec.filename);
		cr_assert_eq(a->u.exec.argc, b->u.exec.argc);
		cr_assert_eq(a->u.exec.argv_len, b->u.exec.argv_len);
		cr_assert_arr_eq(a->u.exec.argv, b->u.exec.argv, a->u.exec.argv_len);
		cr_assert_str_eq(a->u.exec.comm, b->u.exec.comm);
		break;
	case TREC_EXIT:
		cr_assert_eq(a->u.exit.ts, b->u.exit.ts);
		cr_assert_eq(a->u.exit.tid, b->u.exit.tid);
		cr_assert_eq(a->u.exit.pid, b->u.exit.pid);
		cr_assert_eq(a->u.exit.status, b->u.exit.status);
		cr_assert_eq(a->u.exit.flags, b->u.exit.flags);
		break;
	case TREC_MODULE_MAP:
		cr_assert_eq(a->u.map.ts, b->u.map.ts);
		cr_assert_eq(a->u.map.pid, b->u.map.pid);
		cr_assert_eq(a->u.map.prot, b->u.map.prot);
		cr_assert_eq(a->u.map.start, b->u.map.start);
		cr_assert_eq(a->u.map.end, b->u.map.end);
		cr_assert_eq(a->u.map.offset, b->u.map.offset);
		cr_assert_eq(a->u.map.dev, b->u.map.dev);
		cr_assert_eq(a->u.map.inode, b->u.map.inode);
		cr_assert_str_eq(a->u.map.path, b->u.map.path);
		cr_assert_eq(a->u.map.build_id_len, b->u.map.build_id_len);
		cr_assert_arr_eq(a->u.map.build_id, b->u.map.build_id, a->u.map.build_id_len);
		break;
	case TREC_MODULE_UNMAP:
		cr_assert_eq(a->u.unmap.ts, b->u.unmap.ts);
		cr_assert_eq(a->u.unmap.pid, b->u.unmap.pid);
		cr_assert_eq(a->u.unmap.start, b->u.unmap.start);
		cr_assert_eq(a->u.unmap.end, b->u.unmap.end);
		break;
	case TREC_SYSCALL:
		assert_syscall_eq(&a->u.sys, &b->u.sys);
		break;
	case TREC_STACK:
		cr_assert_eq(a->u.stack.id, b->u.stack.id);
		cr_assert_eq(a->u.stack.depth, b->u.stack.depth);
		cr_assert_arr_eq(a->u.stack.pcs, b->u.stack.pcs, a->u.stack.depth * 8);
		break;
	case TREC_SIGNAL:
		cr_assert_eq(a->u.sig.ts, b->u.sig.ts);
		cr_assert_eq(a->u.sig.tid, b->u.sig.tid);
		cr_assert_eq(a->u.sig.pid, b->u.sig.pid);
		cr_assert_eq(a->u.sig.signo, b->u.sig.signo);
		cr_assert_eq(a->u.sig.code, b->u.sig.code);
		cr_assert_eq(a->u.sig.sender, b->u.sig.sender);
		cr_assert_eq(a->u.sig.flags, b->u.sig.flags);
		break;
	case TREC_RENAME:
		cr_assert_eq(a->u.rename.ts, b->u.rename.ts);
		cr_assert_eq(a->u.rename.tid, b->u.rename.tid);
		cr_assert_eq(a->u.rename.pid, b->u.rename.pid);
		cr_assert_str_eq(a->u.rename.comm, b->u.rename.comm);
		break;
	case TREC_LOST:
		cr_assert_eq(a->u.lost.ts, b->u.lost.ts);
		cr_assert_eq(a->u.lost.tid, b->u.lost.tid);
		cr_assert_eq(a->u.lost.count, b->u.lost.count);
		break;
	case TREC_IMAGE:
		cr_assert_eq(a->u.image.pid, b->u.image.pid);
		cr_assert_eq(a->u.image.addr, b->u.image.addr);
		cr_assert_str_eq(a->u.image.name, b->u.image.name);
		cr_assert_eq(a->u.image.build_id_len, b->u.image.build_id_len);
		cr_assert_arr_eq(a->u.image.build_id, b->u.image.build_id, a->u.image.build_id_len);
		cr_assert_eq(a->u.image.size, b->u.image.size);
		cr_assert_arr_eq(a->u.image.data, b->u.image.data, a->u.image.size);
		break;
	case TREC_TRAILER:
		cr_assert_eq(a->u.trailer.ts_end, b->u.trailer.ts_end);
		cr_assert_eq(a->u.trailer.events, b->u.trailer.events);
		cr_assert_eq(a->u.trailer.lost, b->u.trailer.lost);
		cr_assert_eq(a->u.trailer.stacks, b->u.trailer.stacks);
		cr_assert_eq(a->u.trailer.signals, b->u.trailer.signals);
		cr_assert_eq(a->u.trailer.processes, b->u.trailer.processes);
		cr_assert_eq(a->u.trailer.threads, b->u.trailer.threads);
		break;
	default:
		cr_assert_fail("unexpected record type %d", a->type);
	}
}

/* A per-process temporary trace path under the build dir, named after the suite. */
static char tmp_path[256];

static inline void format_tmp_path(const char *suite)
{
	snprintf(tmp_path, sizeof(tmp_path), "%s/%s_%d.rtrace", TEST_BINARY_DIR, suite,
	         (int)getpid());
}

static inline void remove_tmp(void)
{
	unlink(tmp_path);
}

/* The whole file at path, in a malloc'ed buffer. */
static inline uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *p = malloc(*len + 1);
	cr_assert_eq(fread(p, 1, *len, f), *len);
	fclose(f);
	return p;
}

#endif
