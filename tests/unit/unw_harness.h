/*
 * unw_harness.h - a small ptrace harness shared by the module-tracking and
 * unwinder tests: launches a test program traced, runs it to the entry of the
 * openat() of a marker path (re-syncing rec_maps whenever a syscall may have
 * changed executable mappings), collects the records rec_maps emits, and
 * symbolizes pcs with libdwfl.
 */
#ifndef RENACER_UNW_HARNESS_H
#define RENACER_UNW_HARNESS_H

#include <criterion/criterion.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record/rec_emit.h"
#include "record/rec_maps.h"
#include "record/rec_unwind.h"

/* --- a sink keeping copies of the module records ------------------------- */

struct h_rec {
	enum trace_rec_type type;
	pid_t pid;
	uint64_t start, end, size;
	uint32_t prot;
	char path[256];
	unsigned build_id_len;
	uint8_t build_id[TRACE_BUILD_ID_MAX];
};

struct h_sink {
	struct trace_sink sink;
	struct rec_emitter em; /* what rec_maps emits through, to sink */
	struct h_rec recs[512];
	unsigned n;
};

static __attribute__((unused)) int h_emit(struct trace_sink *s, const struct trace_record *r)
{
	struct h_sink *hs = s->ctx;
	struct h_rec *h;

	if (hs->n >= 512)
		return -ENOSPC;
	h = &hs->recs[hs->n++];
	memset(h, 0, sizeof(*h));
	h->type = r->type;
	if (r->type == TREC_MODULE_MAP) {
		h->pid = r->u.map.pid;
		h->start = r->u.map.start;
		h->end = r->u.map.end;
		h->prot = r->u.map.prot;
		snprintf(h->path, sizeof(h->path), "%s", r->u.map.path);
		h->build_id_len = r->u.map.build_id_len;
		memcpy(h->build_id, r->u.map.build_id, h->build_id_len);
	} else if (r->type == TREC_MODULE_UNMAP) {
		h->pid = r->u.unmap.pid;
		h->start = r->u.unmap.start;
		h->end = r->u.unmap.end;
	} else if (r->type == TREC_IMAGE) {
		h->pid = r->u.image.pid;
		h->start = r->u.image.addr;
		h->size = r->u.image.size;
		snprintf(h->path, sizeof(h->path), "%s", r->u.image.name);
		h->build_id_len = r->u.image.build_id_len;
		memcpy(h->build_id, r->u.image.build_id, h->build_id_len);
	}
	return 0;
}

static __attribute__((unused)) void h_sink_init(struct h_sink *hs)
{
	memset(hs, 0, sizeof(*hs));
	hs->sink.emit = h_emit;
	hs->sink.ctx = hs;
	rec_emitter_init(&hs->em, &hs->sink);
}

/* The first record of type whose path contains needle (from index from), or NULL. */
static __attribute__((unused)) const struct h_rec *
h_find(const struct h_sink *hs, enum trace_rec_type type, const char *needle, unsigned from)
{
	for (unsigned i = from; i < hs->n; i++)
		if (hs->recs[i].type == type && strstr(hs->recs[i].path, needle) != NULL)
			return &hs->recs[i];
	return NULL;
}

/* --- tracing -------------------------------------------------------------- */

static __attribute__((unused)) char *h_prog(const char *name)
{
	static char buf[4][1024];
	static unsigned k;
	char *b = buf[k++ % 4];

	snprintf(b, 1024, "%s/%s", TEST_PROG_DIR, name);
	return b;
}

/* Starts argv[0] stopped at its exec, traced by us. */
static __attribute__((unused)) pid_t h_launch(char *const argv[])
{
	int status;
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execv(argv[0], argv);
		_exit(127);
	}
	cr_assert(waitpid(pid, &status, 0) == pid);
	cr_assert(WIFSTOPPED(status), "%s did not start", argv[0]);
	cr_assert(ptrace(PTRACE_SETOPTIONS, pid, NULL,
	                 (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) == 0);
	return pid;
}

static __attribute__((unused)) bool h_read_str(pid_t pid, uint64_t addr, char *buf, size_t len)
{
	struct iovec l = {buf, len - 1}, r = {(void *)(uintptr_t)addr, len - 1};
	ssize_t n = process_vm_readv(pid, &l, 1, &r, 1, 0);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* Says whether to stop at the entry of syscall nr with args. */
typedef bool (*h_stop_fn)(pid_t pid, long nr, const uint64_t *args, const void *ctx);

/* Runs pid until stop() accepts a syscall entry; on every syscall exit that
 * may have changed executable mappings, re-syncs m (when m is given). Counts
 * the syncs in *syncs. True when stopped at the wanted entry. */
static __attribute__((unused)) bool h_run_until(pid_t pid, h_stop_fn stop, const void *ctx,
                                                struct rec_maps *m, unsigned *syncs)
{
	uint64_t args[6] = {0};
	long nr = -1;

	for (;;) {
		struct __ptrace_syscall_info info;
		int status;

		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) != 0 || waitpid(pid, &status, 0) != pid)
			return false;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return false;
		if (!WIFSTOPPED(status))
			continue;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			/* A signal for the tracee (SIGUSR1 of unw_signal): deliver it. */
			if (WSTOPSIG(status) != SIGTRAP &&
			    ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)WSTOPSIG(status)) ==
			        0 &&
			    waitpid(pid, &status, 0) == pid && WIFSTOPPED(status) &&
			    WSTOPSIG(status) == (SIGTRAP | 0x80))
				goto syscall_stop;
			continue;
		}
	syscall_stop:
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) <= 0)
			return false;
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
			nr = (long)info.entry.nr;
			memcpy(args, info.entry.args, sizeof(args));
			if (stop(pid, nr, args, ctx))
				return true;
		} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && m != NULL &&
		           rec_maps_syscall_changes_in(m, pid, nr, args, info.exit.rval)) {
			cr_assert(rec_maps_sync(m, pid, 0) == 0);
			if (syncs != NULL)
				(*syncs)++;
		}
	}
}

static __attribute__((unused)) bool h_is_open_of(pid_t pid, long nr, const uint64_t *args,
                                                 const void *marker)
{
	char path[512];

	return nr == SYS_openat && h_read_str(pid, args[1], path, sizeof(path)) &&
	       strcmp(path, marker) == 0;
}

/* Runs pid until the entry of an openat() of marker (see h_run_until). */
static __attribute__((unused)) bool h_run_to_open(pid_t pid, const char *marker, struct rec_maps *m,
                                                  unsigned *syncs)
{
	return h_run_until(pid, h_is_open_of, marker, m, syncs);
}

static __attribute__((unused)) void h_kill(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

/* --- symbolization with libdwfl ------------------------------------------- */

struct h_frame {
	char module[256];
	char func[128];
	char file[256];
	int line;
};

/* Symbolizes pcs of the (stopped) process pid; frame i > 0 is looked up at pc - 1. */
static __attribute__((unused)) void h_symbolize(pid_t pid, const uint64_t *pcs, unsigned n,
                                                struct h_frame *out)
{
	static char *debuginfo_path;
	static const Dwfl_Callbacks cb = {
	    .find_elf = dwfl_linux_proc_find_elf,
	    .find_debuginfo = dwfl_standard_find_debuginfo,
	    .debuginfo_path = &debuginfo_path,
	};
	Dwfl *dwfl = dwfl_begin(&cb);

	cr_assert(dwfl != NULL);
	cr_assert(dwfl_linux_proc_report(dwfl, pid) == 0);
	cr_assert(dwfl_report_end(dwfl, NULL, NULL) == 0);
	for (unsigned i = 0; i < n; i++) {
		Dwarf_Addr addr = i == 0 ? pcs[i] : pcs[i] - 1;
		Dwfl_Module *mod = dwfl_addrmodule(dwfl, addr);
		struct h_frame *fr = &out[i];

		memset(fr, 0, sizeof(*fr));
		if (mod == NULL)
			continue;
		const char *mname = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
		const char *fn = dwfl_module_addrname(mod, addr);
		Dwfl_Line *line = dwfl_module_getsrc(mod, addr);

		snprintf(fr->module, sizeof(fr->module), "%s", mname ? mname : "");
		snprintf(fr->func, sizeof(fr->func), "%s", fn ? fn : "");
		if (line != NULL) {
			const char *src = dwfl_lineinfo(line, NULL, &fr->line, NULL, NULL, NULL);

			snprintf(fr->file, sizeof(fr->file), "%s", src ? src : "");
		}
	}
	dwfl_end(dwfl);
}

static __attribute__((unused)) bool h_is_system(const struct h_frame *f)
{
	return strstr(f->module, "libc.so") != NULL || strstr(f->module, "ld-linux") != NULL ||
	       strncmp(f->module, "[vdso", 5) == 0;
}

/* The line number of the UNW_SITE marker in a test program source. */
static __attribute__((unused)) int h_site_line(const char *src_name)
{
	char path[1024], line[512];
	int n = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/progs/%s", TEST_SOURCE_DIR, src_name);
	fp = fopen(path, "r");
	cr_assert(fp != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		n++;
		if (strstr(line, "/* UNW_SITE */") != NULL) {
			fclose(fp);
			return n;
		}
	}
	fclose(fp);
	cr_assert_fail("no UNW_SITE in %s", path);
	return -1;
}

/* Unwinds pid (stopped) with a fresh tracker and unwinder; returns the depth. */
static __attribute__((unused)) unsigned h_unwind(pid_t pid, struct rec_maps *m, uint64_t *pcs,
                                                 unsigned max)
{
	struct user_regs_struct regs;
	struct rec_unwinder *u = rec_unwinder_new(m);
	unsigned depth;

	cr_assert(ptrace(PTRACE_GETREGS, pid, NULL, &regs) == 0);
	depth = rec_unwind(u, pid, pid, &regs, pcs, max);
	rec_unwinder_free(u);
	return depth;
}

#endif
