/*
 * rec_ebpf_session.h - the state of one eBPF recording, shared by the parts
 * of the backend's user-space half (rec_ebpf.c: loading, the consumer loop,
 * the end; rec_ebpf_launch.c: starting the processes; rec_ebpf_events.c:
 * ring-buffer events to trace records; rec_ebpf_procs.c: threads, processes,
 * descriptors, modules). Private to record/ebpf/.
 */
#ifndef RENACER_REC_EBPF_SESSION_H
#define RENACER_REC_EBPF_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include "libtrace/trace_map.h"
#include "record/ebpf/rec_ebpf.h"
#include "record/ebpf/rec_ebpf.skel.h"
#include "record/rec.h"
#include "record/rec_signal.h"

/* What the recorder keeps per thread: the entry half of an exec call whose
 * payloads were read at entry (the memory is gone at exit). */
struct eb_thread {
	pid_t tid, pid;
	char comm[TRACE_COMM_LEN]; /* its name as last recorded */
	bool have_entry;
	struct trace_syscall sys;
	uint8_t *pay; /* payload bytes of sys */
	size_t paycap;
	bool parked; /* parked_sig waits for its place (eb_park_signal) */
	struct rb_signal parked_sig;
};

struct eb_session {
	const struct rec_options *o;
	struct rec_emitter *em;
	struct rec_result *res;
	struct rec_ebpf_bpf *skel;
	struct ring_buffer *rb;
	struct rec_maps *maps;
	struct rec_unwinder *unw;
	struct trace_stacks *stacks;
	struct rec_fds *fds;
	const struct rb_sys *cur; /* the call event rec_fds is being told about */
	const struct trace_syscall *cur_sys;
	struct trace_map fd_paths; /* pid << 32 | fd -> path it was opened by, read-only files */
	struct trace_map threads;  /* tid -> struct eb_thread * (0: gone) */
	struct trace_map procs;    /* pid -> 1 while the process lives */
	unsigned live;             /* processes traced and alive */
	pid_t child;               /* launch: the program */
	int go_fd, err_fd;         /* launch: the child's start and exec-error pipes */
	int exec_errno;
	bool attach, child_reaped, child_execed, stop_recording;
	bool forwarded;             /* a signal sent to us went on to the program */
	enum rec_kill_why kill_why; /* why a signal killed it, for the stderr line */
	uint64_t last_tick, lost_total;
	uint64_t missed_total;      /* runs of our programs the kernel skipped (recursion_misses) */
	uint64_t lost_rest;         /* lost events of no process's counter, emitted so far */
	struct trace_map lost_seen; /* pid -> its lost counter's value last emitted */
	uint64_t pcs[TRACE_MAX_STACK];
	char text[65536];
};

static inline bool is_exec(unsigned nr)
{
	return nr == SYS_execve || nr == SYS_execveat;
}

/* rec_ebpf.c */

/* rec_ebpf_launch.c */

/* Forks the program, puts it in the filter map, lets it exec. 0 or -errno. */
int eb_launch(struct eb_session *s);
/* Puts pid in the filter map and announces its threads: their number, or
 * -errno. */
int eb_attach_one(struct eb_session *s, pid_t pid);
/* The recording ends with th alive: the call it is in (the BPF program's
 * state of it, read once the programs are detached) is emitted unfinished
 * and detached, as the ptrace backend records it. */
void eb_detached_call(struct eb_session *s, const struct eb_thread *th, uint64_t now);
/* Records th's parked ignored signal (struct eb_thread.parked) if it was sent
 * before the time before (UINT64_MAX: in any case). */
void eb_signal_unpark(struct eb_session *s, struct eb_thread *th, uint64_t before);

/* rec_ebpf_events.c */

/* The ring buffer's callback: one event (data, size bytes) to trace records. */
int eb_on_event(void *ctx, void *data, size_t size);
/* Emits the call sys when the -e selection and status filter pass it. */
void eb_emit_call(struct eb_session *s, const struct trace_syscall *sys);
/* Emits the TREC_LOST records of what the BPF program counted since the last call. */
void eb_account_lost(struct eb_session *s, uint64_t now);

/* rec_ebpf_procs.c */

/* rec_fds's callbacks (struct rec_fds_ops), ctx the session. */
unsigned eb_fds_probe(void *ctx, pid_t pid, int fd, bool *cloexec);
int eb_fds_scan(void *ctx, pid_t pid, void (*fn)(void *arg, int fd, unsigned kind, bool cloexec),
                void *arg);
size_t eb_fds_read_mem(void *ctx, pid_t tid, uint64_t addr, void *buf, size_t len);
/* The thread tid, or NULL when it is not (or no longer) known. */
struct eb_thread *eb_thread_find(struct eb_session *s, pid_t tid);
/* Forgets tid. */
void eb_thread_drop(struct eb_session *s, pid_t tid);
/* Adds tid (of pid) and emits its TREC_THREAD record. comm NULL: from /proc. */
struct eb_thread *eb_thread_new(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid,
                                pid_t creator, uint32_t flags, const char *comm);
/* The thread of an event, announced now when it never was. */
struct eb_thread *eb_thread_of(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid);
/* pid ended: no longer live, its modules forgotten. */
void eb_proc_gone(struct eb_session *s, pid_t pid);
/* Remembers the path of each file opened read-only until it is closed. */
void eb_follow_paths(struct eb_session *s, const struct trace_syscall *sys);
/* A code mapping the re-sync did not find: recorded from the call itself. */
void eb_map_from_call(struct eb_session *s, const struct trace_syscall *sys);
/* The program's and loader's code at exec, when /proc/PID/maps was gone. */
void eb_exec_modules(struct eb_session *s, const struct rb_exec *e, const char *exe);

#endif
