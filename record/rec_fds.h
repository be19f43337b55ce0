/*
 * rec_fds.h - what each open file descriptor of each traced process refers to
 * (enum trace_fd_kind), so the recorder can store the kind with every call that
 * takes a descriptor (struct trace_syscall.fd_kinds). Backend-neutral: a backend
 * tells the table about threads (clone, exec, exit) and about each finished
 * system call; the table follows the calls that create, duplicate, pass and
 * close descriptors (open*, socket, accept*, pipe*, dup*, fcntl F_DUPFD*,
 * socketpair, epoll_create*, eventfd*, memfd_create, signalfd, timerfd,
 * inotify, close, close_range, SCM_RIGHTS received by recvmsg, close-on-exec at
 * exec), shares a table between threads created with CLONE_FILES and copies it
 * for the others, like the kernel. A descriptor the table does not know (one
 * inherited, or created by a call it does not follow) is probed from /proc the
 * first time a call uses it; tables start from /proc/PID/fd.
 */
#ifndef RENACER_REC_FDS_H
#define RENACER_REC_FDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_fdkind.h"

/* How the table learns what the system knows (tests substitute their own). */
struct rec_fds_ops {
	/* The kind of descriptor fd of process pid now; TFD_NONE when it is not open.
	 * *cloexec (may be NULL) gets its close-on-exec flag. */
	unsigned (*probe)(void *ctx, pid_t pid, int fd, bool *cloexec);
	/* Calls fn for every open descriptor of pid, in any order. 0 or -errno. */
	int (*scan)(void *ctx, pid_t pid,
	            void (*fn)(void *arg, int fd, unsigned kind, bool cloexec), void *arg);
	/* Reads up to len bytes at addr in thread tid; returns the bytes read. */
	size_t (*read_mem)(void *ctx, pid_t tid, uint64_t addr, void *buf, size_t len);
	void *ctx;
};

/* The ops reading /proc/PID/fd, /proc/PID/fdinfo and the tracee's memory
 * (process_vm_readv): what the backends running on the traced host use. */
extern const struct rec_fds_ops rec_fds_proc_ops;

/* The kind of descriptor fd of pid from /proc (readlink and stat of
 * /proc/PID/fd/FD; the family of a socket by SO_DOMAIN on a copy taken with
 * pidfd_getfd). TFD_NONE when it is not open. */
unsigned rec_fds_probe_proc(pid_t pid, int fd, bool *cloexec);

struct rec_fds;

/* A new, empty set of tables; ops NULL means rec_fds_proc_ops. */
struct rec_fds *rec_fds_new(const struct rec_fds_ops *ops);
void rec_fds_free(struct rec_fds *f);

/* Makes the table of thread tid (of process pid) hold exactly the descriptors
 * pid has now (ops->scan): at attach, and after exec. Threads sharing the
 * table see the result. */
void rec_fds_seed(struct rec_fds *f, pid_t tid, pid_t pid);
/* Thread child was created by parent: it shares parent's table (share_files,
 * CLONE_FILES) or gets a copy of it. */
void rec_fds_clone(struct rec_fds *f, pid_t parent, pid_t parent_pid, pid_t child,
                   bool share_files);
/* Thread old_tid executed a program and is now tid (they differ when a
 * non-leader thread executed): its table is unshared and its close-on-exec
 * descriptors are closed. */
void rec_fds_exec(struct rec_fds *f, pid_t old_tid, pid_t tid);
/* Thread tid is gone (or no longer traced). */
void rec_fds_forget(struct rec_fds *f, pid_t tid);

/* The kinds of the fd and dirfd arguments of call nr made by tid with args, at
 * its entry (packed as struct trace_syscall.fd_kinds). Unknown descriptors are
 * probed once. */
uint32_t rec_fds_kinds(struct rec_fds *f, pid_t tid, pid_t pid, long nr, const uint64_t *args);
/* True when call nr may change a descriptor table: the backend must report
 * its exit with rec_fds_after (and must stop for it under a seccomp filter). */
bool rec_fds_follows(long nr);
/* Applies the effect of call nr of tid, finished with ret, on its table. */
void rec_fds_after(struct rec_fds *f, pid_t tid, pid_t pid, long nr, const uint64_t *args,
                   int64_t ret);
/* Adds to set (a bitmap of 1024 syscall numbers) every call rec_fds_follows,
 * and the clone calls whose flags tell whether a table is shared. */
void rec_fds_stop_set(uint64_t *set);

/* The kind descriptor fd of tid has in its table, TFD_NONE when not there
 * (no probe). For tests and diagnostics. */
unsigned rec_fds_lookup(struct rec_fds *f, pid_t tid, int fd, bool *cloexec);

/* A note a backend keeps with a descriptor while it stays the same open file
 * (any call that closes or replaces fd forgets it): whether it is a task's
 * /proc comm file (a write to it renames the task). 1 yes, 0 no (also when
 * fd is not a regular file in the table), -1 not noted yet. */
int rec_fds_comm(struct rec_fds *f, pid_t tid, long fd);
/* Notes whether fd of tid (in its table) is a comm file. */
void rec_fds_set_comm(struct rec_fds *f, pid_t tid, long fd, bool comm);

#endif
