/*
 * rec.h - the recorder: launches a command or attaches to running processes,
 * follows its threads (and with follow_forks its children), and turns every
 * system call, signal, process event, module change and call stack into trace
 * records handed to a trace_sink (the trace file writer, or the live report
 * of the one-shot `renacer` command).
 *
 * Recording is done by a backend (struct rec_backend): ptrace
 * (record/ptrace/, works everywhere) or eBPF (record/ebpf/, when built and
 * permitted). Backends share the backend-neutral parts: module tracking and
 * build-ids (rec_maps, rec_elf), the capture policy (rec_policy), the
 * unwinder (rec_unwind), metadata (rec_meta) and the checked emitter
 * (rec_emit) every record goes through.
 */
#ifndef RENACER_REC_H
#define RENACER_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_filter.h"

#define REC_DEFAULT_STRSIZE     32
#define REC_DEFAULT_STACK_DEPTH 64
#define REC_DEFAULT_BUFFER_SIZE (64u << 20) /* eBPF ring buffer, bytes */
#define REC_DEFAULT_STACK_BYTES 16384       /* eBPF: user stack copied per call */

/* struct rec_options.backend */
enum rec_backend_id {
	REC_BACKEND_AUTO = 0, /* eBPF when permitted and supported, else ptrace */
	REC_BACKEND_PTRACE,
	REC_BACKEND_EBPF,
};

struct rec_options {
	char *const *argv;     /* command to launch, NULL-terminated; NULL when attaching */
	const char *exec_path; /* argv[0] resolved through PATH (NULL: rec_run resolves it) */
	const pid_t *pids;     /* processes to attach to (-p) */
	unsigned npids;
	bool follow_forks;           /* -f */
	struct trace_filter filter;  /* -e: what to record */
	unsigned strsize;            /* -s: bytes of each string/buffer payload */
	unsigned stack_depth;        /* --stack-depth; 0 = --no-stack */
	bool quiet;                  /* -q */
	bool no_seccomp;             /* never install the seccomp filter */
	enum rec_backend_id backend; /* --backend (rec_backend_choose resolves AUTO) */
	uint64_t buffer_size;        /* eBPF --buffer-size: ring buffer bytes (0: default) */
	unsigned stack_bytes;        /* eBPF: user stack bytes copied per call */
	uid_t run_as_uid;            /* -u USER: the launched program's ids ((uid_t)-1: ours) */
	gid_t run_as_gid;
	const gid_t *run_as_groups; /* its supplementary groups */
	size_t run_as_ngroups;
	/* Processes selected in the kernel instead of by pid (eBPF only). Any of
	 * the three makes the recording system-wide: every process that matches,
	 * also those that start or match later; a launched CMD then only sets
	 * how long it lasts (it is recorded only if it matches too). */
	bool system_wide; /* -a: every process but the recorder */
	int cgroup_fd;    /* --cgroup: an open cgroup v2 directory (-1: none), its tree only */
	const char *comm; /* --comm: only processes of this name (at most 15 bytes) */
	/* A stop signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that reached the
	 * recorder before it started (during the overhead calibration): acted on
	 * as one sent to it (kill) once the program runs. 0: none. */
	int start_signal;
};

/* True when o selects processes in the kernel (-a, --cgroup, --comm). */
static inline bool rec_options_system(const struct rec_options *o)
{
	return o->system_wide || o->cgroup_fd >= 0 || o->comm;
}

/* Fills o with the defaults (record everything, strsize 32, stacks 64 deep). */
void rec_options_default(struct rec_options *o);
/* Reads /proc/TID/comm into comm (TRACE_COMM_LEN bytes, NUL-padded; empty
 * when the thread is gone). */
void rec_read_comm(pid_t tid, char *comm);
/* Whether descriptor fd of tid is a task's comm file (/proc/PID/comm,
 * /proc/PID/task/TID/comm), which renames that task when written. */
bool rec_is_comm_file(pid_t tid, int fd);

struct rec_result {
	int status;        /* wait(2) status of the launched program (or first attached pid) */
	bool exited;       /* status is valid: that program ended while traced */
	bool detached;     /* ended by detaching (attach mode, SIGINT/SIGTERM, or sink error) */
	uint64_t syscalls; /* syscall records emitted */
	uint64_t lost;     /* events that could not be recorded */
	uint64_t signals;
	uint64_t stacks; /* distinct stacks */
	uint64_t threads, processes;
	uint64_t unwind_ns; /* total time spent capturing stacks (registers + unwind) */
	uint64_t unwinds;   /* stacks captured (ptrace: the eBPF consumer does not time its
	                       unwinds, two clock reads per event) */
	bool seccomp;       /* the seccomp filter was in use */
	int sink_error;     /* -errno from the sink that ended recording, or 0 */
	int stop_signal;    /* launch: the signal sent to the recorder on which it killed
	                     * the program and its traced children (0: none) */
};

struct rec_emitter;
/* One recording in progress, owned by its backend. */
struct rec_session;

/* A recorder backend. rec_run calls open, start, run, close in that order;
 * stop may be called at any time in between (from a signal handler too). */
struct rec_backend {
	const char *name; /* "ptrace", "ebpf": as --backend and the metadata name it */
	/* 0 when this backend can record o on this host, else -errno with a
	 * one-line reason in why. */
	int (*probe)(const struct rec_options *o, char *why, size_t len);
	/* Prepares a recording of o into em (res filled as it goes). 0 or -errno. */
	int (*open)(struct rec_session **s, const struct rec_options *o, struct rec_emitter *em,
	            struct rec_result *res);
	/* Launches o->argv, or attaches to o->pids. 0 or -errno (message printed). */
	int (*start)(struct rec_session *s);
	/* Records until every traced process has exited (launch) or stop was
	 * asked / SIGINT or SIGTERM came (attach: the programs go on), or the
	 * sink failed. 0, or -errno (the command could not be executed). */
	int (*run)(struct rec_session *s);
	/* Asks run to end the recording (async-signal-safe). */
	void (*stop)(struct rec_session *s);
	/* Frees everything; res->sink_error tells a sink error. */
	void (*close)(struct rec_session *s);
};

extern const struct rec_backend rec_backend_ptrace;
extern const struct rec_backend rec_backend_ebpf; /* only when built (RENACER_HAVE_EBPF) */

/* The backend for id, or NULL when this build lacks it (eBPF not built). */
const struct rec_backend *rec_backend_get(enum rec_backend_id id);
/* Resolves o->backend: AUTO becomes eBPF when built, permitted and
 * supported, else ptrace (why then says why not eBPF, or is empty). An
 * explicit backend is probed: NULL with the reason in why when it cannot
 * record o here. */
const struct rec_backend *rec_backend_choose(const struct rec_options *o, char *why, size_t len);

/* Measures the recorder's own per-syscall overhead (a traced burst of a
 * trivial syscall against the same burst untraced) and stores it in meta. */
int rec_calibrate(struct trace_meta *meta, bool with_stacks);

/* Fills the host part of meta (hostname, kernel, arch, page size, clocks,
 * version) and the recorder's command line and options. Strings are static,
 * except cmdline and options: rec_meta_release frees them. */
void rec_fill_meta(struct trace_meta *meta, int argc, char **argv, const struct rec_options *o);
/* Frees what rec_fill_meta allocated (cmdline, options) and clears them. */
void rec_meta_release(struct trace_meta *meta);

/* Resolves a command name through PATH like execvp. Returns a new string, or
 * NULL when not found (errno set: ENOENT, or EACCES when found but not executable). */
char *rec_find_command(const char *name);

/* What every backend's launch needs before it forks: the program's path
 * (o->exec_path, else argv[0] through PATH; *owned holds what to free after the
 * fork) and two close-on-exec pipes (sync, exec error). 0, or -errno after a
 * one-line message; on failure nothing is left open or allocated. */
int rec_launch_prepare(const struct rec_options *o, const char **path, char **owned, int sync[2],
                       int errp[2]);
/* In a launched child before its exec: becomes -u USER (o->run_as_*: its
 * supplementary groups, group, then user; nothing when run_as_uid is
 * (uid_t)-1). Async-signal-safe. 0, or the errno of the call that failed. */
int rec_launch_become_user(const struct rec_options *o);

/* Opens path as a cgroup v2 directory for --cgroup: as given, else relative to
 * the cgroup v2 mount /sys/fs/cgroup (the form /proc/PID/cgroup shows, e.g.
 * /system.slice/docker-ID.scope). The open descriptor, or -errno with a
 * one-line reason in err. */
int rec_cgroup_open(const char *path, char *err, size_t errlen);

/* Checks that every pid can be traced; on failure a one-line message in err
 * (no such process; or not permitted, mentioning ptrace_scope and
 * CAP_SYS_PTRACE). 0 or -errno. */
int rec_check_attach(const pid_t *pids, unsigned npids, char *err, size_t errlen);

/* The one-line message for a failed attach to pid with error err (positive
 * errno): "no such process", or for EPERM a hint naming
 * /proc/sys/kernel/yama/ptrace_scope and CAP_SYS_PTRACE. */
void rec_attach_errmsg(pid_t pid, int err, char *buf, size_t len);

/* Records with the backend o->backend names (AUTO: rec_backend_choose)
 * until every traced process has exited (launch) or the recorder is told to
 * stop (SIGINT/SIGTERM/SIGHUP/SIGQUIT in attach mode: detach all, the targets
 * keep running; in launch mode such a signal goes on to the program, and when
 * the program ignores it or a second one comes, the launched program and its
 * traced children are killed: res->stop_signal). Each record goes to sink in
 * order. A sink error (disk full, the reader of a pipe gone) ends recording:
 * the programs go on untraced and, in launch mode, rec_run returns when the
 * launched program has ended (res->status). 0 on success (res filled), or
 * -errno when the command could not be started or attached to. */
int rec_run(const struct rec_options *o, struct trace_sink *sink, struct rec_result *res);

#endif
