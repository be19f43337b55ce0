/*
 * decode_poll.h - the poll family: struct pollfd arrays, fd_sets of select,
 * struct epoll_event, and the results strace appends after "=" for poll,
 * ppoll, select and pselect6 ("2 ([{fd=3, revents=POLLIN}])",
 * "0 (Timeout)", "1 (in [3], left {...})").
 */
#ifndef RENACER_DECODE_POLL_H
#define RENACER_DECODE_POLL_H

#include <stdbool.h>

#include "analyze/decode/decode.h"

/* A poll-family argument of kind kind (TA_POLLFD, TA_FDSET_INOUT,
 * TA_EPOLL_EVENT_IN, TA_EPOLL_EVENTS_OUT); false when kind is not one. */
bool decode_put_poll_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                         unsigned kind);
/* The successful result of poll/ppoll (TR_POLL) or select/pselect6 (TR_SELECT). */
void decode_put_poll_ret(struct strbuf *sb, const struct decode_ctx *c, bool select);

#endif
