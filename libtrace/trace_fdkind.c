/*
 * trace_fdkind.c - names of descriptor kinds and the I/O class of each.
 */
#include "libtrace/trace_fdkind.h"

#include <stddef.h>

#include "libtrace/trace_syscalls.h"

struct kind_info {
	const char *name;
	uint8_t io;
};

static const struct kind_info kinds[TFD_KIND_COUNT] = {
    [TFD_NONE] = {"none", TIO_NONE},         [TFD_REG] = {"reg", TIO_FILE},
    [TFD_DIR] = {"dir", TIO_FILE},           [TFD_CHR] = {"chr", TIO_FILE},
    [TFD_BLK] = {"blk", TIO_FILE},           [TFD_FIFO] = {"fifo", TIO_FILE},
    [TFD_PIPE] = {"pipe", TIO_NONE},         [TFD_UNIX] = {"unix", TIO_NET},
    [TFD_INET] = {"inet", TIO_NET},          [TFD_INET6] = {"inet6", TIO_NET},
    [TFD_NETLINK] = {"netlink", TIO_NET},    [TFD_SOCKET] = {"socket", TIO_NET},
    [TFD_TTY] = {"tty", TIO_NONE},           [TFD_EVENTFD] = {"eventfd", TIO_NONE},
    [TFD_EPOLL] = {"epoll", TIO_NONE},       [TFD_TIMERFD] = {"timerfd", TIO_NONE},
    [TFD_SIGNALFD] = {"signalfd", TIO_NONE}, [TFD_INOTIFY] = {"inotify", TIO_NONE},
    [TFD_MEMFD] = {"memfd", TIO_NONE},       [TFD_ANON] = {"anon", TIO_NONE},
};

const char *trace_fd_kind_name(unsigned kind)
{
	return kind < TFD_KIND_COUNT ? kinds[kind].name : "?";
}

unsigned trace_fd_kind_io(unsigned kind)
{
	return kind < TFD_KIND_COUNT ? kinds[kind].io : TIO_NONE;
}

const char *trace_io_class_label(unsigned io)
{
	return io == TIO_FILE ? "file I/O" : io == TIO_NET ? "network I/O" : NULL;
}

const char *trace_io_class_name(unsigned io)
{
	return io == TIO_FILE ? "file" : io == TIO_NET ? "network" : "";
}

unsigned trace_fd_kinds_io(uint32_t packed)
{
	unsigned classes = 0;

	for (unsigned k = 0; packed && k < 6; k++, packed >>= TRACE_FDK_BITS) {
		unsigned io = trace_fd_kind_io(packed & TRACE_FDK_MASK);
		if (io)
			classes |= 1u << io;
	}
	return classes;
}

unsigned trace_call_io_class(long nr, uint32_t fd_kinds)
{
	for (unsigned k = 0; fd_kinds && k < 6; k++, fd_kinds >>= TRACE_FDK_BITS) {
		unsigned io = trace_fd_kind_io(fd_kinds & TRACE_FDK_MASK);
		if (io)
			return io;
	}
	const struct trace_syscall_desc *d = trace_syscall_desc(nr);
	if (d && (d->classes & TC_NETWORK))
		return TIO_NET;
	if (d && (d->classes & TC_FILE))
		return TIO_FILE;
	return TIO_NONE;
}
