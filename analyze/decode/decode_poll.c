/*
 * decode_poll.c - pollfd arrays, fd_sets and epoll events from their
 * payloads, with the x86_64 layouts: struct pollfd {int fd; short events,
 * revents;} (8 bytes), struct epoll_event {u32 events; u64 data;} packed
 * (12 bytes), fd_set as an array of 64-bit words; pselect6's sigmask pair.
 */
#include "analyze/decode/decode_poll.h"

#include <inttypes.h>

#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_signal.h"
#include "analyze/decode/decode_time.h"

enum {
	POLLFD_SIZE = 8,
	EPOLL_EVENT_SIZE = 12,
	SIGSET_BYTES = 8, /* the kernel's sigset_t */
	EPOLL_CTL_DEL_ = 2,
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The index of the first argument of kind kind, or -1. */
static int arg_of(const struct decode_ctx *c, unsigned kind)
{
	for (unsigned i = 0; c->d && i < c->d->nargs; i++)
		if (c->d->args[i].kind == kind)
			return (int)i;
	return -1;
}

/* "[{fd=3, events=POLLIN}, ...]" (entry) or, at exit, the elements with revents. */
static bool put_pollfds(struct strbuf *sb, const struct trace_payload *p, bool revents,
                        unsigned max)
{
	unsigned n = p->len / POLLFD_SIZE, shown = 0;

	sb_putc(sb, '[');
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *e = p->data + i * POLLFD_SIZE;
		uint16_t ev = le16(e + (revents ? 6 : 4));
		if (revents && !ev)
			continue;
		if (shown)
			sb_puts(sb, ", ");
		if (shown++ == max) {
			sb_puts(sb, "...");
			break;
		}
		int32_t fd = (int32_t)decode_le32(e);
		if (fd < 0 && !revents) { /* the kernel ignores the events of a negative fd */
			sb_printf(sb, "{fd=%d}", fd);
			continue;
		}
		sb_printf(sb, "{fd=%d, %s=", fd, revents ? "revents" : "events");
		decode_put_flags(sb, &decode_xl_poll_events, ev);
		sb_putc(sb, '}');
	}
	if (p->full_len > p->len && shown <= max)
		sb_puts(sb, shown ? ", ..." : "...");
	sb_putc(sb, ']');
	return shown > 0;
}

/* The element count of pollfd argument arg, as the kernel reads it. */
static uint64_t pollfd_count(const struct decode_ctx *c, unsigned arg)
{
	if (!c->d)
		return 1;
	unsigned n = c->d->args[arg].len_arg;
	return trace_arg_value(c->d->args[n].ctype, c->s->args[n]);
}

/* "[3 4]" fds set in an fd_set payload of nfds bits. */
static void put_fdset(struct strbuf *sb, const uint8_t *bits, unsigned len, int nfds)
{
	bool first = true;

	sb_putc(sb, '[');
	for (int fd = 0; fd < nfds && (unsigned)fd / 8 < len; fd++) {
		if (!((bits[fd / 8] >> (fd % 8)) & 1))
			continue;
		if (!first)
			sb_putc(sb, ' ');
		first = false;
		sb_printf(sb, "%d", fd);
	}
	sb_putc(sb, ']');
}

static void put_epoll_event(struct strbuf *sb, const uint8_t *e)
{
	uint64_t data = decode_le64(e + 4);

	sb_puts(sb, "{events=");
	decode_put_flags(sb, &decode_xl_epoll_events, decode_le32(e));
	sb_printf(sb, ", data={u32=%" PRIu32 ", u64=%" PRIu64 "}}", (uint32_t)data, data);
}

static void put_epoll_events(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = decode_struct_at(c->s, arg, 0, true);

	if (decode_succeeded(c->s) && c->s->ret == 0) {
		sb_puts(sb, "[]");
		return;
	}
	if (!p || !decode_succeeded(c->s)) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	unsigned n = p->len / EPOLL_EVENT_SIZE;
	sb_putc(sb, '[');
	for (unsigned i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ", ");
		put_epoll_event(sb, p->data + i * EPOLL_EVENT_SIZE);
	}
	sb_putc(sb, ']');
}

/* pselect6's {sigmask, sigsetsize} pair, recorded with the set: the set is
 * shown when its size is the kernel's (8 bytes), else its address. */
static void put_pselect_sig(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = decode_struct_at(c->s, arg, 16, false);

	if (!c->s->args[arg] || !p) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	uint64_t set = decode_le64(p->data), size = decode_le64(p->data + 8);
	sb_puts(sb, "{sigmask=");
	if (set && size == SIGSET_BYTES && p->len >= 16 + SIGSET_BYTES)
		decode_put_sigset(sb, p->data + 16, SIGSET_BYTES);
	else
		decode_put_ptr(sb, set);
	sb_printf(sb, ", sigsetsize=%" PRIu64 "}", size);
}

bool decode_put_poll_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind)
{
	const struct trace_payload *p;
	int nfds = (int32_t)c->s->args[0], op;

	switch (kind) {
	case TA_POLLFD:
		p = decode_struct_at(c->s, arg, 0, false);
		if (c->s->args[arg] && pollfd_count(c, arg) == 0)
			sb_puts(sb, "[]");
		else if (p && p->len)
			put_pollfds(sb, p, false, c->strsize);
		else
			decode_put_ptr(sb, c->s->args[arg]);
		return true;
	case TA_FDSET_INOUT:
		p = decode_struct_at(c->s, arg, 0, false);
		if (p && c->s->args[arg])
			put_fdset(sb, p->data, p->len, nfds);
		else
			decode_put_ptr(sb, c->s->args[arg]);
		return true;
	case TA_EPOLL_EVENT_IN:
		p = decode_struct_at(c->s, arg, EPOLL_EVENT_SIZE, false);
		op = arg_of(c, TA_EPOLL_OP);
		if (p && !(op >= 0 &&
		           (int32_t)c->s->args[op] == EPOLL_CTL_DEL_)) /* DEL reads no event */
			put_epoll_event(sb, p->data);
		else
			decode_put_ptr(sb, c->s->args[arg]);
		return true;
	case TA_EPOLL_EVENTS_OUT:
		put_epoll_events(sb, c, arg);
		return true;
	case TA_PSELECT_SIG:
		put_pselect_sig(sb, c, arg);
		return true;
	default:
		return false;
	}
}

/* " (in [3], out [4]" for the fd_sets recorded at exit; returns whether any. */
static bool put_select_sets(struct strbuf *sb, const struct decode_ctx *c)
{
	static const char *const names[] = {"in", "out", "except"};
	bool any = false;

	for (unsigned i = 1; i <= 3; i++) {
		const struct trace_payload *p = decode_struct_at(c->s, i, 0, true);
		bool set = false;
		for (unsigned b = 0; p && b < p->len; b++)
			set |= p->data[b] != 0;
		if (!set)
			continue;
		sb_puts(sb, any ? ", " : " (");
		sb_puts(sb, names[i - 1]);
		sb_putc(sb, ' ');
		put_fdset(sb, p->data, p->len, (int32_t)c->s->args[0]);
		any = true;
	}
	return any;
}

void decode_put_poll_ret(struct strbuf *sb, const struct decode_ctx *c, bool select)
{
	sb_put_i64(sb, c->s->ret);
	if (c->s->ret == 0) {
		sb_puts(sb, " (Timeout)");
		return;
	}
	bool any;
	if (select) {
		any = put_select_sets(sb, c);
	} else {
		int arg = arg_of(c, TA_POLLFD);
		const struct trace_payload *p =
		    arg < 0 ? NULL : decode_struct_at(c->s, (unsigned)arg, 0, true);
		any = p != NULL;
		if (p) {
			sb_puts(sb, " (");
			put_pollfds(sb, p, true, c->strsize);
		}
	}
	if (decode_put_time_left(sb, c, any ? ", " : " (") || any)
		sb_putc(sb, ')');
}
