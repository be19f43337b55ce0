/*
 * rec_threads.h - the recorder's table of traced threads, keyed by tid. Each
 * entry holds what the tracer must remember between two stops of a thread:
 * the system call in progress (entry half of the record, with its entry
 * payloads), whether the thread is inside a call, and its lifecycle state.
 * Lookups are O(1) and allocate nothing; entries are created only when a
 * thread appears.
 */
#ifndef RENACER_REC_THREADS_H
#define RENACER_REC_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_map.h"
#include "record/ptrace/rec_schedwait.h"

/* struct rec_thread.state */
enum rec_thread_state {
	RT_RUNNING = 0, /* resumed by the tracer (or about to be) */
	RT_NEW,         /* reported a stop before its creator's fork/clone event: kept stopped */
	RT_LISTENING,   /* in group-stop, resumed with PTRACE_LISTEN */
	RT_EXITING,     /* reported PTRACE_EVENT_EXIT: only its death remains */
	RT_DETACHING,   /* asked to stop (PTRACE_INTERRUPT) so the tracer can detach */
};

struct rec_thread {
	pid_t tid;
	pid_t pid;              /* thread-group id */
	uint8_t state;          /* enum rec_thread_state */
	bool in_syscall;        /* between a syscall entry (or seccomp) stop and its exit stop */
	bool in_syscall_known;  /* in_syscall was confirmed by the kernel (a syscall info seen) */
	bool have_entry;        /* sys holds a call whose entry was seen */
	bool recorded;          /* the call in progress passes the trace= filter */
	bool launched_pre_exec; /* the launched child before its first exec */
	bool announced;         /* its TREC_THREAD record was emitted */
	bool own_filter;        /* under a seccomp filter of the program's own: every call stops */
	uint32_t thread_flags;  /* TTHREAD_* for its TREC_THREAD record */
	pid_t creator;          /* tid that created it, 0 when unknown */
	char comm[TRACE_COMM_LEN]; /* its name as last recorded */
	struct trace_syscall sys;  /* the call in progress */
	uint8_t *paybuf;           /* payload bytes of the call in progress (owned) */
	size_t paycap, payused;
	struct rec_sw_thread sw; /* its run-queue waits (closed when it is freed) */
};

struct rec_threads {
	struct trace_map map;    /* tid -> struct rec_thread * */
	unsigned count;          /* live entries (map.count, for the tracer's loops) */
	struct rec_thread *last; /* last lookup hit */
};

void rec_threads_init(struct rec_threads *t);
/* Frees every entry and the table. */
void rec_threads_free(struct rec_threads *t);
/* The entry of tid, or NULL. */
struct rec_thread *rec_threads_find(struct rec_threads *t, pid_t tid);
/* Adds a zeroed entry for tid (which must not exist) with a payload buffer of
 * paycap bytes (0: none). */
struct rec_thread *rec_threads_add(struct rec_threads *t, pid_t tid, pid_t pid, size_t paycap);
/* Removes and frees the entry of tid (no-op when absent). */
void rec_threads_remove(struct rec_threads *t, pid_t tid);
/* Moves the entry of old_tid to new_tid (exec from a non-leader thread). The
 * caller removes any entry already at new_tid first. */
void rec_threads_rekey(struct rec_threads *t, pid_t old_tid, pid_t new_tid);
/* Number of live entries whose pid is pid. */
unsigned rec_threads_count_pid(const struct rec_threads *t, pid_t pid);
/* Iteration: *pos starts at 0; returns entries until NULL. The table must not
 * change during an iteration (collect tids first to remove while walking). */
struct rec_thread *rec_threads_next(const struct rec_threads *t, unsigned *pos);

#endif
