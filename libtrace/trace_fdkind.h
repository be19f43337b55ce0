/*
 * trace_fdkind.h - what a file descriptor refers to (regular file, socket of
 * a family, pipe, eventfd...), as the recorder stores it with every call that
 * takes a descriptor (struct trace_syscall.fd_kinds, spec/format.md 5.3), and
 * the I/O class each kind belongs to: the `file` and `network` classes of
 * -e trace= are decided per call from these kinds (trace_filter.h).
 */
#ifndef RENACER_TRACE_FDKIND_H
#define RENACER_TRACE_FDKIND_H

#include <stdint.h>

/* Kinds of descriptor. The values are stored in trace files: never renumber. */
enum trace_fd_kind {
	TFD_NONE = 0,      /* not a descriptor argument, not open, or unknown */
	TFD_REG = 1,       /* regular file */
	TFD_DIR = 2,       /* directory */
	TFD_CHR = 3,       /* character device other than a terminal (/dev/null) */
	TFD_BLK = 4,       /* block device */
	TFD_FIFO = 5,      /* named FIFO (opened by a path name) */
	TFD_PIPE = 6,      /* anonymous pipe (pipe, pipe2) */
	TFD_UNIX = 7,      /* AF_UNIX socket */
	TFD_INET = 8,      /* AF_INET socket */
	TFD_INET6 = 9,     /* AF_INET6 socket */
	TFD_NETLINK = 10,  /* AF_NETLINK socket */
	TFD_SOCKET = 11,   /* socket of another family, or of unknown family */
	TFD_TTY = 12,      /* terminal (tty, pty, console) */
	TFD_EVENTFD = 13,  /* eventfd */
	TFD_EPOLL = 14,    /* epoll instance */
	TFD_TIMERFD = 15,  /* timerfd */
	TFD_SIGNALFD = 16, /* signalfd */
	TFD_INOTIFY = 17,  /* inotify instance */
	TFD_MEMFD = 18,    /* memfd_create */
	TFD_ANON = 19,     /* another anonymous inode (pidfd, perf, io_uring, bpf...) */
	TFD_KIND_COUNT
};

/* I/O classes: what a descriptor call does I/O on. */
enum trace_io_class {
	TIO_NONE = 0, /* neither (pipe, eventfd, tty, no descriptor...) */
	TIO_FILE = 1, /* a file opened by a path name: regular, directory, device, named FIFO */
	TIO_NET = 2,  /* a socket */
};

/* Bits per argument in a packed fd_kinds word: argument k uses bits [5k, 5k+5). */
#define TRACE_FDK_BITS 5u
#define TRACE_FDK_MASK 0x1fu

/* The kind of argument arg in a packed fd_kinds word. */
static inline unsigned trace_fdk_get(uint32_t packed, unsigned arg)
{
	return (packed >> (arg * TRACE_FDK_BITS)) & TRACE_FDK_MASK;
}

/* packed with the kind of argument arg replaced by kind. */
static inline uint32_t trace_fdk_set(uint32_t packed, unsigned arg, unsigned kind)
{
	unsigned shift = arg * TRACE_FDK_BITS;
	return (packed & ~(TRACE_FDK_MASK << shift)) | ((kind & TRACE_FDK_MASK) << shift);
}

/* The I/O classes among the kinds of a packed fd_kinds word: bit (1 << TIO_FILE)
 * and/or bit (1 << TIO_NET); 0 when no argument is a file or a socket. */
unsigned trace_fd_kinds_io(uint32_t packed);
/* The I/O class of call nr with descriptor kinds fd_kinds, for summary rows:
 * that of its first descriptor argument that is a file or a socket; else
 * TIO_NET for strace's %network calls, TIO_FILE for %file ones; else TIO_NONE. */
unsigned trace_call_io_class(long nr, uint32_t fd_kinds);
/* Short name of a kind ("reg", "dir", "inet6", "eventfd"...), "?" out of range. */
const char *trace_fd_kind_name(unsigned kind);
/* The I/O class of a kind: TIO_FILE, TIO_NET or TIO_NONE. */
unsigned trace_fd_kind_io(unsigned kind);
/* The label of an I/O class in summaries: "file I/O", "network I/O", or NULL. */
const char *trace_io_class_label(unsigned io);
/* The name of an I/O class in JSON and CSV: "file", "network", or "" for TIO_NONE. */
const char *trace_io_class_name(unsigned io);

#endif
