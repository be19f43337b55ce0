/*
 * rec_tracer.h - state shared by the recorder's tracing loop (rec_tracer.c),
 * its syscall stops (rec_syscall_stop.c) and its process control (rec_launch.c: launch, attach,
 * detach). Not a public interface: rec.h is.
 */
#ifndef RENACER_REC_TRACER_H
#define RENACER_REC_TRACER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_filter.h"
#include "libtrace/trace_stacks.h"
#include "record/rec.h"
#include "record/rec_emit.h"
#include "record/rec_fds.h"
#include "record/rec_maps.h"
#include "record/ptrace/rec_threads.h"
#include "record/rec_signal.h"
#include "record/rec_unwind.h"

struct rec_tracer {
	const struct rec_options *o;
	struct rec_emitter *em; /* every record goes out through it */
	struct rec_result *res;
	struct rec_threads threads;
	struct rec_maps *maps;
	struct rec_fds *fds; /* descriptor kinds of every traced process */
	struct rec_unwinder *unwinder;
	struct trace_stacks *stacks;
	size_t paycap; /* payload buffer per thread */
	unsigned ptrace_opts;
	bool seccomp;    /* syscalls stop through the seccomp filter: resume with CONT */
	bool regs_entry; /* entry stops read from the registers (stacks on, no filter) */
	bool attach_mode;
	bool detaching;                   /* every thread is being detached */
	volatile sig_atomic_t stop_asked; /* rec_backend.stop was called */
	bool forwarded;                   /* a signal sent to us went on to the program */
	enum rec_kill_why kill_why;       /* REC_STOP_KILL: why, for its stderr line */
	int start_err;                    /* what start returned */
	pid_t main_pid;
	int exec_err_fd;       /* launch: read end of the child's exec-error pipe, or -1 */
	int sync_fd;           /* launch: the child says whether its seccomp filter is in */
	int exec_errno;        /* the launched command could not be executed */
	int sw_self;           /* the tracer's own schedstat, or -1: no CPU-wait accounting */
	bool call_began;       /* the last stop began a recorded call (its exit may be next) */
	uint64_t sw_before;    /* the tracer's run_delay just before its waitpid (or unknown) */
	uint64_t sw_before_ns; /* ... read at this time */
	uint64_t sw_wake;      /* ... just after it, when a recorded call's exit may follow */
	uint64_t stops;        /* waitpid returns so far */
	uint64_t last_tick;
	uint64_t detach_deadline; /* give up waiting for detach stops after this */
	uint64_t stop_set[TRACE_FILTER_NR_MAX / 64]; /* syscalls that must stop */
	uint64_t pcs[TRACE_MAX_STACK];
	char text[65536]; /* scratch for /proc reads at exec/attach */
};

/* Emits rec to the sink unless a sink error already ended recording. */
void rec_emit(struct rec_tracer *t, const struct trace_record *rec);
/* Emits a TREC_RENAME when th's name (/proc/TID/comm) is not the one recorded. */
void rec_thread_check_name(struct rec_tracer *t, struct rec_thread *th, uint64_t now);
/* Adds tid (thread of pid) to the table and emits its TREC_THREAD record. */
struct rec_thread *rec_thread_new(struct rec_tracer *t, pid_t tid, pid_t pid, pid_t creator,
                                  uint32_t flags);
/* Resumes th after a stop, injecting sig (0 = none): PTRACE_SYSCALL, or
 * PTRACE_CONT under seccomp outside a call (unless its process has a filter
 * of its own); detaches a thread being detached. */
void rec_resume(struct rec_tracer *t, struct rec_thread *th, int sig);
/* After th's syscall exit: a seccomp filter of the program's own going in
 * makes its process stop at every call from then on (rec_ownfilter.c). */
void rec_own_filter_after_call(struct rec_tracer *t, struct rec_thread *th);
/* A seccomp stop of th that our filter did not cause: the call is skipped and
 * fails with ENOSYS, as without a tracer. */
void rec_own_filter_trace(struct rec_tracer *t, struct rec_thread *th);
/* rec_syscall_stop.c */
/* A syscall stop of th at time now: sysgood for a TRACESYSGOOD stop (entry
 * or exit), false for a seccomp stop. The caller resumes th. */
void rec_on_syscall_stop(struct rec_tracer *t, struct rec_thread *th, bool sysgood, uint64_t now);
/* Emits the call in progress of th (if any) as unfinished with extra flags. */
void rec_flush_pending(struct rec_tracer *t, struct rec_thread *th, uint16_t flags);
/* The thread-group id of tid from /proc, or tid when unknown. */
pid_t rec_tgid_of(pid_t tid);

/* rec_launch.c */
/* Forks and starts the command under PTRACE_SEIZE (seccomp filter first when
 * t->seccomp). 0 or -errno (message printed). */
int rec_launch(struct rec_tracer *t);
/* Seizes every thread of every -p pid. 0 or -errno (message printed). */
int rec_attach_all(struct rec_tracer *t);
/* Starts detaching every thread (PTRACE_INTERRUPT; the loop finishes each at its next stop). */
void rec_detach_all(struct rec_tracer *t);
/* Detaches th now (it is in a ptrace-stop), re-injecting sig; removes it. */
void rec_detach_thread(struct rec_tracer *t, struct rec_thread *th, int sig);
/* The pending stop request from a signal, cleared; *signo is the signal.
 * Attach mode: DETACH. Launch mode: KILL when the program ignores the signal
 * (a script's background job ignores SIGINT; not a terminal's hangup, which a
 * nohup program survives), has ended (its traced children remain), or a
 * signal already went on to it; FORWARD for a signal sent to us alone (kill);
 * NONE for one from the terminal (the program got it too). */
enum rec_stop_req rec_signals_take(struct rec_tracer *t, int *signo);
/* Acts on a signal's request other than DETACH: FORWARD passes signo on to
 * the launched program (KILL when it is gone), KILL sends SIGKILL to every
 * traced process (the loop reaps them) and says so in one stderr line. */
void rec_signal_act(struct rec_tracer *t, enum rec_stop_req req, int signo);
/* Says on stderr that signo detached the traced processes, which keep running. */
void rec_say_detached(struct rec_tracer *t, int signo);
/* Launch mode, after the loop: when recording ended early (a sink error) the
 * program was detached and runs on untraced; waits for it as its parent
 * (passing on signals sent to us) and fills res->status. */
void rec_wait_launched(struct rec_tracer *t);

#endif
