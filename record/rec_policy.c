/*
 * rec_policy.c - the capture policy: argument kinds to captures.
 */
#include "record/rec_policy.h"

#include <string.h>
#include <sys/stat.h>

/* The capture of argument kind k (of d's argument i), or false for none. */
static bool cap_of(const struct trace_arg_desc *a, unsigned i, unsigned strsize, struct rec_cap *c)
{
	memset(c, 0, sizeof(*c));
	c->arg = (uint8_t)i;
	c->len_arg = a->len_arg;
	switch (a->kind) {
	case TA_PATH:
		*c = (struct rec_cap){.arg = (uint8_t)i,
		                      .how = REC_CAP_STRING,
		                      .kind = TPAY_STRING,
		                      .max = REC_PATH_MAX};
		return true;
	case TA_STR:
		*c = (struct rec_cap){
		    .arg = (uint8_t)i, .how = REC_CAP_STRING, .kind = TPAY_STRING, .max = strsize};
		return true;
	case TA_BUF_IN:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_BUFFER;
		c->len_from = REC_LEN_ARG;
		c->max = strsize;
		return true;
	case TA_IOV_IN:
		c->how = REC_CAP_IOVEC;
		c->kind = TPAY_IOVEC;
		c->len_from = REC_LEN_NONE;
		c->max = strsize;
		return true;
	case TA_SOCKADDR_IN:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_SOCKADDR;
		c->len_from = REC_LEN_ARG;
		c->max = REC_SOCKADDR_MAX;
		c->skip_null = true;
		return true;
	case TA_ARGV:
		c->how = REC_CAP_ARGV;
		c->kind = TPAY_ARGV;
		c->max = strsize;
		return true;
	case TA_BUF_OUT:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_BUFFER;
		c->when = REC_AT_EXIT_OK;
		c->len_from = REC_LEN_RET;
		c->max = strsize;
		return true;
	case TA_IOV_OUT:
		c->how = REC_CAP_IOVEC;
		c->kind = TPAY_IOVEC;
		c->when = REC_AT_EXIT_OK;
		c->len_from = REC_LEN_RET;
		c->max = strsize;
		return true;
	case TA_SOCKADDR_OUT:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_SOCKADDR;
		c->when = REC_AT_EXIT_OK;
		c->len_from = REC_LEN_PTR;
		c->max = REC_SOCKADDR_MAX;
		c->skip_null = true;
		return true;
	case TA_STAT_OUT:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_STRUCT;
		c->when = REC_AT_EXIT_ZERO;
		c->len_from = REC_LEN_FIXED;
		c->size = c->max = sizeof(struct stat);
		c->skip_null = true;
		return true;
	default:
		return false;
	}
}

unsigned rec_policy_caps(const struct trace_syscall_desc *d, unsigned strsize, struct rec_cap *caps)
{
	unsigned n = 0;

	for (unsigned i = 0; d && i < d->nargs && i < TRACE_MAX_ARGS && n < TRACE_MAX_PAYLOADS; i++)
		if (cap_of(&d->args[i], i, strsize, &caps[n]))
			n++;
	return n;
}

static bool has_when(const struct trace_syscall_desc *d, bool exit)
{
	struct rec_cap caps[TRACE_MAX_PAYLOADS];
	unsigned n = rec_policy_caps(d, 0, caps);

	for (unsigned i = 0; i < n; i++)
		if ((caps[i].when != REC_AT_ENTRY) == exit)
			return true;
	return false;
}

bool rec_policy_has_entry(const struct trace_syscall_desc *d)
{
	return has_when(d, false);
}

bool rec_policy_has_exit(const struct trace_syscall_desc *d)
{
	return has_when(d, true);
}

size_t rec_policy_bufsize(unsigned strsize)
{
	size_t one = REC_PATH_MAX + 1;

	if (strsize + 1 > one)
		one = strsize + 1;
	if (REC_STRUCT_MAX > one)
		one = REC_STRUCT_MAX;
	return (TRACE_MAX_PAYLOADS - 1) * one + (size_t)REC_ARGV_MAX * (strsize + 1);
}
