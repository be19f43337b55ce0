/*
 * rec_ebpf_procs.c - what the eBPF backend knows of the traced threads and
 * processes: the thread table (a thread first seen in an event is announced
 * then), the live processes, the descriptor-kind callbacks of the shared
 * rec_fds tables (fed from the events: the BPF program reads the kind of each
 * new descriptor in the kernel, at the exit of the call), and the modules of
 * short-lived processes whose /proc/PID/maps was gone before it was read.
 */
#include "record/rec.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_util.h"
#include "record/ebpf/rec_ebpf_session.h"
#include "record/rec_emit.h"
#include "record/rec_fds.h"
#include "record/rec_maps.h"

/* --- descriptor kinds --------------------------------------------------------- */

/* rec_fds's probe: the descriptor the current call returned has the kind the
 * BPF program read in the kernel; any other is looked up in /proc. */
unsigned eb_fds_probe(void *ctx, pid_t pid, int fd, bool *cloexec)
{
	struct eb_session *s = ctx;
	const struct rb_sys *e = s->cur;

	if (e && e->ret_kind && (pid_t)e->h.pid == pid && e->ret == fd) {
		if (cloexec)
			*cloexec = false; /* the call's flags tell (rec_fds) */
		return e->ret_kind;
	}
	return rec_fds_probe_proc(pid, fd, cloexec);
}

int eb_fds_scan(void *ctx, pid_t pid, void (*fn)(void *arg, int fd, unsigned kind, bool cloexec),
                void *arg)
{
	(void)ctx;
	return rec_fds_proc_ops.scan(rec_fds_proc_ops.ctx, pid, fn, arg);
}

/* rec_fds's memory reader: the output the current call's payloads hold (a
 * pipe's two descriptors, a msghdr), else the process's memory now. */
size_t eb_fds_read_mem(void *ctx, pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct eb_session *s = ctx;
	const struct trace_syscall *sys = s->cur_sys;

	for (unsigned i = 0; sys && i < sys->npayloads; i++) {
		const struct trace_payload *p = &sys->payloads[i];
		if (sys->args[p->arg] == addr && p->len >= len && !(p->flags & TPAYF_UNREADABLE)) {
			memcpy(buf, p->data, len);
			return len;
		}
	}
	return rec_fds_proc_ops.read_mem(rec_fds_proc_ops.ctx, tid, addr, buf, len);
}

/* --- threads and processes ------------------------------------------------ */

struct eb_thread *eb_thread_find(struct eb_session *s, pid_t tid)
{
	uint64_t *v = trace_map_get(&s->threads, (uint64_t)tid);

	return v ? (struct eb_thread *)(uintptr_t)*v : NULL;
}

void eb_thread_drop(struct eb_session *s, pid_t tid)
{
	struct eb_thread *th = eb_thread_find(s, tid);

	if (!th)
		return;
	free(th->pay);
	free(th);
	trace_map_put(&s->threads, (uint64_t)tid, 0);
}

static void proc_alive(struct eb_session *s, pid_t pid)
{
	uint64_t *v = trace_map_get(&s->procs, (uint64_t)pid);

	if (!v || !*v) {
		trace_map_put(&s->procs, (uint64_t)pid, 1);
		s->live++;
		s->res->processes++;
	}
}

void eb_proc_gone(struct eb_session *s, pid_t pid)
{
	uint64_t *v = trace_map_get(&s->procs, (uint64_t)pid);

	if (v && *v) {
		*v = 0;
		s->live--;
		rec_maps_exit(s->maps, pid);
	}
}

/* Adds tid (of pid) and emits its TREC_THREAD record. comm NULL: from /proc. */
struct eb_thread *eb_thread_new(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid,
                                pid_t creator, uint32_t flags, const char *comm)
{
	struct eb_thread *th = eb_thread_find(s, tid);
	struct trace_record rec = {.type = TREC_THREAD};

	if (!th) {
		th = xcalloc(1, sizeof(*th));
		trace_map_put(&s->threads, (uint64_t)tid, (uint64_t)(uintptr_t)th);
	}
	th->tid = tid;
	th->pid = pid;
	rec.u.thread.ts = ts;
	rec.u.thread.tid = tid;
	rec.u.thread.pid = pid;
	rec.u.thread.ppid = creator;
	rec.u.thread.flags = flags;
	if (comm)
		memcpy(rec.u.thread.comm, comm, TRACE_COMM_LEN - 1);
	else
		rec_read_comm(tid, rec.u.thread.comm);
	memcpy(th->comm, rec.u.thread.comm, TRACE_COMM_LEN);
	(void)rec_emit_record(s->em, &rec);
	if (flags & TTHREAD_IS_THREAD)
		s->res->threads++;
	else
		proc_alive(s, pid);
	return th;
}

/* The thread of an event; one never announced (already running when -p or
 * -a began, or its fork event was lost) is announced now. */
struct eb_thread *eb_thread_of(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid)
{
	struct eb_thread *th = eb_thread_find(s, tid);

	if (th)
		return th;
	if (tid != pid && !eb_thread_find(s, pid))
		eb_thread_new(s, ts, pid, pid, 0, TTHREAD_ATTACHED, NULL);
	th = eb_thread_new(s, ts, tid, pid, 0,
	                   TTHREAD_ATTACHED | (tid != pid ? TTHREAD_IS_THREAD : 0), NULL);
	if (tid == pid)
		rec_maps_sync(s->maps, pid, ts);
	return th;
}

/* --- modules of short-lived processes ---------------------------------------- */

static uint64_t fd_key(pid_t pid, int64_t fd)
{
	return (uint64_t)(uint32_t)pid << 32 | (uint32_t)fd;
}

static void fd_path_set(struct eb_session *s, pid_t pid, int64_t fd, const char *path, size_t len)
{
	uint64_t *v = trace_map_get(&s->fd_paths, fd_key(pid, fd));

	if (v && *v) {
		free((char *)(uintptr_t)*v);
		*v = 0;
	}
	if (path)
		trace_map_put(&s->fd_paths, fd_key(pid, fd),
		              (uint64_t)(uintptr_t)xstrndup(path, len));
}

/* Remembers the path of each file opened read-only (how programs and the
 * dynamic loader open what they map as code) until it is closed, so a code
 * mapping can be recorded from its mmap when the process is already gone. */
void eb_follow_paths(struct eb_session *s, const struct trace_syscall *sys)
{
	unsigned path_arg = sys->nr == SYS_openat ? 1 : 0;

	if (sys->nr == SYS_close && sys->ret == 0) {
		fd_path_set(s, sys->pid, (int)sys->args[0], NULL, 0);
		return;
	}
	if ((sys->nr != SYS_openat && sys->nr != SYS_open) || sys->ret < 0 ||
	    (sys->args[path_arg + 1] & O_ACCMODE) != O_RDONLY)
		return;
	for (unsigned i = 0; i < sys->npayloads; i++) {
		const struct trace_payload *p = &sys->payloads[i];
		if (p->arg == path_arg && p->kind == TPAY_STRING && p->len &&
		    !(p->flags & (TPAYF_TRUNCATED | TPAYF_UNREADABLE)) && p->data[0] == '/') {
			fd_path_set(s, sys->pid, sys->ret, (const char *)p->data, p->len);
			return;
		}
	}
}

/* After a code mapping (mmap with PROT_EXEC of a file) whose re-sync found
 * nothing (the process was gone): the module from the call itself, opened by
 * the path its descriptor was opened with, else recorded unknown. */
void eb_map_from_call(struct eb_session *s, const struct trace_syscall *sys)
{
	uint64_t start = (uint64_t)sys->ret, len = sys->args[1];

	if (sys->nr != SYS_mmap || !(sys->args[2] & PROT_EXEC) || (sys->args[3] & MAP_ANONYMOUS) ||
	    sys->ret < 0 || len == 0 || rec_maps_find(s->maps, sys->pid, start))
		return;
	uint64_t *v = trace_map_get(&s->fd_paths, fd_key(sys->pid, (int)sys->args[4]));
	const char *path = v && *v ? (const char *)(uintptr_t)*v : NULL;
	uint64_t end = (start + len + 4095) & ~4095ull;
	(void)rec_maps_add(s->maps, sys->pid, start, end, sys->args[5], (uint32_t)sys->args[2],
	                   path, sys->ts + sys->duration);
}

/* --- modules at exec ------------------------------------------------------- */

/* The dynamic loader program path names (its PT_INTERP), into buf; false
 * when it has none or cannot be read. */
static bool interp_of(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = false;
	size_t n = 0;

	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	for (size_t i = 0; elf && elf_getphdrnum(elf, &n) == 0 && i < n && !ok; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP && ph.p_filesz > 1 &&
		    ph.p_filesz <= len)
			ok = pread(fd, buf, ph.p_filesz, (off_t)ph.p_offset) ==
			         (ssize_t)ph.p_filesz &&
			     buf[ph.p_filesz - 1] == 0;
	}
	elf_end(elf);
	close(fd);
	return ok;
}

/* After the exec's re-sync: the program's and the loader's code as the BPF
 * program saw them mapped, when /proc/PID/maps could no longer be read (a
 * short-lived process was gone). */
void eb_exec_modules(struct eb_session *s, const struct rb_exec *e, const char *exe)
{
	pid_t pid = (pid_t)e->h.pid;
	char abs[PATH_MAX], interp[PATH_MAX];
	const char *path = exe[0] == '/' ? exe : realpath(exe, abs);

	if (e->exe.start && e->exe.end > e->exe.start && !rec_maps_find(s->maps, pid, e->exe.start))
		(void)rec_maps_add(s->maps, pid, e->exe.start, e->exe.end, e->exe.pgoff * 4096,
		                   PROT_READ | PROT_EXEC, path, e->h.ts);
	if (e->interp.start && e->interp.end > e->interp.start &&
	    !rec_maps_find(s->maps, pid, e->interp.start))
		(void)rec_maps_add(s->maps, pid, e->interp.start, e->interp.end,
		                   e->interp.pgoff * 4096, PROT_READ | PROT_EXEC,
		                   path && interp_of(path, interp, sizeof(interp)) ? interp : NULL,
		                   e->h.ts);
}
