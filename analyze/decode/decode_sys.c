/*
 * decode_sys.c - struct statfs, utsname, sysinfo, rusage and time_t outputs
 * from their exit payloads (x86_64 layouts), as strace prints them.
 */
#include "analyze/decode/decode_sys.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_time.h"

enum {
	STATFS_SIZE = 120, /* struct statfs: 11 words, then f_spare */
	STATFS_FSID_OFF = 56,
	STATFS_FLAGS_OFF = 80,
	ST_VALID_ = 0x20,
	UTS_FIELD = 65, /* struct utsname: six char[65] */
	UTSNAME_SIZE = 6 * UTS_FIELD,
	SYSINFO_SIZE = 112,
	SYSINFO_PROCS_OFF = 80, /* unsigned short, then padding */
	SYSINFO_HIGH_OFF = 88,
	SYSINFO_UNIT_OFF = 104,
	RUSAGE_SIZE = 144, /* two timevals, then 14 longs */
	TIMEVAL_SIZE = 16,
};

/* "{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ..., f_flags=ST_VALID|ST_RELATIME}" */
static void put_statfs(struct strbuf *sb, const uint8_t *p)
{
	static const char *const counts[] = {"f_bsize",  "f_blocks", "f_bfree",
	                                     "f_bavail", "f_files",  "f_ffree"};
	uint64_t type = decode_le64(p), flags = decode_le64(p + STATFS_FLAGS_OFF);
	const char *name = decode_xlat_name(&decode_xl_fs_magic, type);

	sb_puts(sb, "{f_type=");
	if (name) /* an unknown type in hex, without a comment */
		sb_puts(sb, name);
	else
		decode_put_hex(sb, type);
	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		sb_printf(sb, ", %s=%" PRIu64, counts[i], decode_le64(p + 8 + 8 * i));
	sb_puts(sb, ", f_fsid={val=[");
	decode_put_hex(sb, decode_le32(p + STATFS_FSID_OFF));
	sb_puts(sb, ", ");
	decode_put_hex(sb, decode_le32(p + STATFS_FSID_OFF + 4));
	sb_printf(sb, "]}, f_namelen=%" PRIu64 ", f_frsize=%" PRIu64, decode_le64(p + 64),
	          decode_le64(p + 72));
	if (flags & ST_VALID_) { /* the kernel fills f_flags only with ST_VALID */
		sb_puts(sb, ", f_flags=");
		decode_put_flags(sb, &decode_xl_statfs_flags, flags);
	}
	sb_putc(sb, '}');
}

/* One char[65] member of struct utsname, quoted up to its NUL. */
static void put_uts_field(struct strbuf *sb, const char *name, const uint8_t *p)
{
	const uint8_t *nul = memchr(p, 0, UTS_FIELD);
	size_t len = nul ? (size_t)(nul - p) : UTS_FIELD;

	sb_printf(sb, "%s=", name);
	decode_put_quoted(sb, p, len, len, false);
}

static void put_utsname(struct strbuf *sb, const uint8_t *p)
{
	sb_putc(sb, '{');
	put_uts_field(sb, "sysname", p);
	sb_puts(sb, ", ");
	put_uts_field(sb, "nodename", p + UTS_FIELD);
	sb_puts(sb, ", ...}");
}

static void put_sysinfo(struct strbuf *sb, const uint8_t *p)
{
	static const char *const mem[] = {"totalram",  "freeram",   "sharedram",
	                                  "bufferram", "totalswap", "freeswap"};

	sb_printf(sb, "{uptime=%" PRIu64 ", loads=[%" PRIu64 ", %" PRIu64 ", %" PRIu64 "]",
	          decode_le64(p), decode_le64(p + 8), decode_le64(p + 16), decode_le64(p + 24));
	for (unsigned i = 0; i < sizeof(mem) / sizeof(mem[0]); i++)
		sb_printf(sb, ", %s=%" PRIu64, mem[i], decode_le64(p + 32 + 8 * i));
	sb_printf(sb,
	          ", procs=%u, totalhigh=%" PRIu64 ", freehigh=%" PRIu64 ", mem_unit=%" PRIu32 "}",
	          (unsigned)(p[SYSINFO_PROCS_OFF] | p[SYSINFO_PROCS_OFF + 1] << 8),
	          decode_le64(p + SYSINFO_HIGH_OFF), decode_le64(p + SYSINFO_HIGH_OFF + 8),
	          decode_le32(p + SYSINFO_UNIT_OFF));
}

static void put_rusage(struct strbuf *sb, const uint8_t *p)
{
	sb_puts(sb, "{ru_utime=");
	decode_put_timespec(sb, p, true);
	sb_puts(sb, ", ru_stime=");
	decode_put_timespec(sb, p + TIMEVAL_SIZE, true);
	sb_puts(sb, ", ...}");
}

/* "[1796160290 /\* 2026-12-01T21:24:50+0000 *\/]": no date for 0, as strace. */
static void put_time(struct strbuf *sb, const uint8_t *p)
{
	int64_t v = (int64_t)decode_le64(p);
	time_t t = (time_t)v;
	struct tm tm;
	char date[40];

	sb_putc(sb, '[');
	sb_put_i64(sb, v);
	if (v && gmtime_r(&t, &tm) && strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
		sb_printf(sb, " /* %s+0000 */", date);
	sb_putc(sb, ']');
}

static const struct {
	unsigned kind;
	unsigned size;
	void (*put)(struct strbuf *sb, const uint8_t *p);
} sys_kinds[] = {
    {TA_STATFS_OUT, STATFS_SIZE, put_statfs},
    {TA_UTSNAME_OUT, UTSNAME_SIZE, put_utsname},
    {TA_SYSINFO_OUT, SYSINFO_SIZE, put_sysinfo},
    {TA_RUSAGE_OUT, RUSAGE_SIZE, put_rusage},
    {TA_TIME_OUT, 8, put_time},
};

/* wait4's rusage when it returned 0 (WNOHANG, no child changed state):
 * nothing was written, and strace shows the address, as for the status. */
static bool no_child_reported(const struct decode_ctx *c, unsigned kind)
{
	if (kind != TA_RUSAGE_OUT || c->s->ret != 0 || !c->d)
		return false;
	for (unsigned i = 0; i < c->d->nargs; i++)
		if (c->d->args[i].kind == TA_WSTATUS_OUT)
			return true;
	return false;
}

bool decode_put_sys_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind)
{
	for (unsigned i = 0; i < sizeof(sys_kinds) / sizeof(sys_kinds[0]); i++) {
		if (sys_kinds[i].kind != kind)
			continue;
		const struct trace_payload *p =
		    decode_struct_at(c->s, arg, sys_kinds[i].size, true);
		if (!c->s->args[arg] || !p || !decode_succeeded(c->s) || no_child_reported(c, kind))
			decode_put_ptr(sb, c->s->args[arg]);
		else
			sys_kinds[i].put(sb, p->data);
		return true;
	}
	return false;
}
