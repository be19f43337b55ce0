/*
 * trace_errno.h - names and messages of errno values and signals, independent
 * of the machine the report runs on (a trace recorded elsewhere decodes the same).
 */
#ifndef RENACER_TRACE_ERRNO_H
#define RENACER_TRACE_ERRNO_H

/* "ENOENT" for 2, or NULL when unknown (Linux x86_64 numbering). */
const char *trace_errno_name(int err);
/* "No such file or directory" for 2, or NULL when unknown. */
const char *trace_errno_message(int err);
/* The number of "ENOENT", or -1. */
int trace_errno_by_name(const char *name);
/* "SIGINT" for 2, "SIGRT3" for SIGRTMIN+3, or NULL when out of range. */
const char *trace_signal_name(int sig);
/* The number of "SIGINT" or "INT", or -1. */
int trace_signal_by_name(const char *name);

#endif
