/*
 * trace_errno.h - names and messages of errno values and signals, independent
 * of the machine the report runs on (a trace recorded elsewhere decodes the same).
 */
#ifndef RENACER_TRACE_ERRNO_H
#define RENACER_TRACE_ERRNO_H

/* "ENOENT" for 2, or NULL when unknown (Linux x86_64 numbering: 1..133, and the
 * kernel-internal 512.. ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ENOIOCTLCMD,
 * ERESTART_RESTARTBLOCK ... ENOGRACE (531)). */
const char *trace_errno_name(int err);
/* "No such file or directory" for 2, or NULL when unknown. */
const char *trace_errno_message(int err);
/* The number of "ENOENT" (also EWOULDBLOCK, EDEADLOCK, ENOTSUP), or -1. */
int trace_errno_by_name(const char *name);
/* "SIGINT" for 2; strace's names for realtime signals: "SIGRTMIN" for 32, "SIGRT_3"
 * for 35 (SIGRTMIN+3) up to "SIGRT_32" for 64; NULL when out of range. */
const char *trace_signal_name(int sig);
/* The number of "SIGINT" or "INT" (also "SIGRT_3", "SIGRTMIN+3", "SIGRTMAX-1" and
 * the aliases SIGIOT, SIGCLD, SIGPOLL), or -1. */
int trace_signal_by_name(const char *name);

#endif
