/*
 * decode_flags.c - the named constants of the Linux x86_64 ABI as tables, in
 * the order strace prints them, and the printers that spell a value with them.
 * Values are the kernel's (not the libc of the machine running the report),
 * so a trace decodes the same everywhere.
 */
#include "analyze/decode/decode_flags.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/decode/decode.h"
#include "analyze/decode/decode_proc.h"
#include "libtrace/trace_syscalls.h"

/* --- open(2) and friends ------------------------------------------------ */

#define AT_STATX_SYNC_TYPE_ 0x6000u

/* --- fd-creating calls' own flag names ---------------------------------- */

/* --- fcntl --------------------------------------------------------------- */

/* --- memory -------------------------------------------------------------- */

#define MAP_TYPE_MASK   0xfu
#define MAP_HUGE_SHIFT_ 26
#define MAP_HUGE_MASK_  0x3fu

/* --- sockets ------------------------------------------------------------- */

/* --- file types ------------------------------------------------------------ */

/* --- kinds named by one table -------------------------------------------- */

static const struct {
	unsigned kind;
	const struct decode_xlat_set *set;
	enum decode_xlat_style style;
} kind_tables[] = {
    {TA_AT_FLAGS, &decode_xl_at_flags, DXS_FLAGS},
    {TA_ACCESS_MODE, &decode_xl_access_modes, DXS_FLAGS},
    {TA_MMAP_PROT, &decode_xl_mmap_prot, DXS_FLAGS},
    {TA_MSG_FLAGS, &decode_xl_msg_flags, DXS_FLAGS},
    {TA_WHENCE, &decode_xl_whence, DXS_ENUM},
    {TA_SOCK_DOMAIN, &decode_xl_sock_domains, DXS_ENUM},
    {TA_FCNTL_CMD, &decode_xl_fcntl_cmds, DXS_ENUM},
    {TA_MADVISE, &decode_xl_madvise_advice, DXS_ENUM},
    {TA_MREMAP_FLAGS, &decode_xl_mremap_flags, DXS_FLAGS},
    {TA_SHUTDOWN_HOW, &decode_xl_shutdown_how, DXS_ENUM},
    {TA_SOCKOPT_LEVEL, &decode_xl_sockopt_levels, DXS_ENUM_DEC},
};

const struct decode_xlat_set *decode_kind_xlat(unsigned kind, enum decode_xlat_style *style)
{
	for (unsigned i = 0; i < sizeof(kind_tables) / sizeof(kind_tables[0]); i++) {
		if (kind_tables[i].kind == kind) {
			*style = kind_tables[i].style;
			return kind_tables[i].set;
		}
	}
	return decode_proc_kind_xlat(kind, style);
}

/* --- generic printers ---------------------------------------------------- */

static int compare_xlat_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct decode_xlat_named *)elem)->name);
}

const struct decode_xlat_set *decode_xlat_find(const char *name)
{
	const struct decode_xlat_named *hit =
	    name ? bsearch(name, decode_xlat_index, decode_xlat_index_count,
	                   sizeof(decode_xlat_index[0]), compare_xlat_name)
	         : NULL;

	return hit ? hit->set : NULL;
}

const char *decode_xlat_name(const struct decode_xlat_set *t, uint64_t v)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->items[i].val == v)
			return t->items[i].name;
	return NULL;
}

/* Appends the names of the bits of v known to t; returns the bits left over
 * and sets *printed when something was appended. */
static uint64_t put_known_bits(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v,
                               bool *printed)
{
	uint64_t rest = v;

	for (unsigned i = 0; i < t->n && rest; i++) {
		uint64_t f = t->items[i].val;

		if (f == 0 || (rest & f) != f)
			continue;
		if (*printed)
			sb_putc(sb, '|');
		sb_puts(sb, t->items[i].name);
		*printed = true;
		rest &= ~f;
	}
	return rest;
}

/* A value t has no name for: v in hex ("%#x"), or decimal with dec, then
 * t's unknown comment. */
static void put_unknown(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v, bool dec)
{
	if (dec)
		sb_put_u64(sb, v);
	else
		decode_put_hex(sb, v);
	sb_put(sb, " /* ", 4);
	sb_puts(sb, t->unknown);
	sb_put(sb, " */", 3);
}

bool decode_put_flags_nz(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	bool printed = false;

	if (v == 0)
		return false;
	uint64_t rest = put_known_bits(sb, t, v, &printed);
	if (rest && printed) {
		sb_putc(sb, '|');
		decode_put_hex(sb, rest);
	} else if (rest) {
		put_unknown(sb, t, rest, false);
	}
	return true;
}

void decode_put_flags(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	if (v == 0) {
		const char *zero = decode_xlat_name(t, 0);
		sb_puts(sb, zero ? zero : "0");
		return;
	}
	decode_put_flags_nz(sb, t, v);
}

/* v's name in t, else v (in hex, or decimal with dec) and t's unknown comment. */
static void put_enum(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v, bool dec)
{
	const char *name = decode_xlat_name(t, v);

	if (name)
		sb_puts(sb, name);
	else
		put_unknown(sb, t, v, dec);
}

void decode_put_enum(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	put_enum(sb, t, v, false);
}

void decode_put_enum_dec(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	put_enum(sb, t, v, true);
}

/* --- family printers ----------------------------------------------------- */

void decode_put_open_flags(struct strbuf *sb, uint64_t v, bool with_accmode)
{
	v &= 0xffffffffu; /* an int in the kernel */
	if (!with_accmode) {
		decode_put_flags(sb, &decode_xl_open_flags, v);
		return;
	}
	sb_puts(sb, decode_xlat_name(&decode_xl_open_accmode, v & 3));
	if (v & ~3ull) {
		sb_putc(sb, '|');
		bool printed = false;
		uint64_t rest = put_known_bits(sb, &decode_xl_open_flags, v & ~3ull, &printed);
		if (rest)
			sb_printf(sb, printed ? "|%#" PRIx64 : "%#" PRIx64, rest);
	}
}

void decode_put_statx_flags(struct strbuf *sb, uint64_t v)
{
	v &= 0xffffffffu;
	if (v & AT_STATX_SYNC_TYPE_)
		decode_put_flags_nz(sb, &decode_xl_statx_sync, v & AT_STATX_SYNC_TYPE_);
	else
		sb_puts(sb, "AT_STATX_SYNC_AS_STAT");
	if (v & ~(uint64_t)AT_STATX_SYNC_TYPE_) {
		sb_putc(sb, '|');
		decode_put_flags_nz(sb, &decode_xl_at_flags, v & ~(uint64_t)AT_STATX_SYNC_TYPE_);
	}
}

void decode_put_mmap_flags(struct strbuf *sb, uint64_t v)
{
	v &= 0xffffffffu;
	uint64_t huge = (v >> MAP_HUGE_SHIFT_) & MAP_HUGE_MASK_;
	uint64_t rest =
	    v & ~(uint64_t)MAP_TYPE_MASK & ~((uint64_t)MAP_HUGE_MASK_ << MAP_HUGE_SHIFT_);
	bool printed = true;

	decode_put_enum(sb, &decode_xl_mmap_types, v & MAP_TYPE_MASK);
	rest = put_known_bits(sb, &decode_xl_mmap_flags, rest, &printed);
	if (rest)
		sb_printf(sb, "|%#" PRIx64, rest);
	if (huge)
		sb_printf(sb, "|%" PRIu64 "<<MAP_HUGE_SHIFT", huge);
}

void decode_put_sock_type(struct strbuf *sb, uint64_t v)
{
	v &= 0xffffffffu;
	const char *type = decode_xlat_name(&decode_xl_sock_types, v & 0xf);

	if (!type) {
		decode_put_flags(sb, &decode_xl_sock_type_flags, v);
		return;
	}
	sb_puts(sb, type);
	if (v & ~0xfull) {
		sb_putc(sb, '|');
		decode_put_flags_nz(sb, &decode_xl_sock_type_flags, v & ~0xfull);
	}
}

void decode_put_mode(struct strbuf *sb, uint64_t mode)
{
	sb_printf(sb, "%#03" PRIo64, mode & 0xffffffffu);
}

void decode_put_mode_symbolic(struct strbuf *sb, uint64_t mode)
{
	const char *type = decode_xlat_name(&decode_xl_file_types, mode & 0170000);

	if (type) {
		sb_puts(sb, type);
		sb_putc(sb, '|');
	}
	if (decode_put_flags_nz(sb, &decode_xl_mode_special, mode & 07000))
		sb_putc(sb, '|');
	sb_printf(sb, "%#03" PRIo64, mode & 0777);
}

void decode_put_dev(struct strbuf *sb, uint64_t dev)
{
	uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull);
	uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~0xffull);

	sb_printf(sb, "makedev(%#" PRIx64 ", %#" PRIx64 ")", major, minor);
}

void decode_put_memfd_flags(struct strbuf *sb, uint64_t v)
{
	const uint64_t huge_mask = 0x3full << 26; /* MFD_HUGE_MASK << MFD_HUGE_SHIFT */
	uint64_t huge = v & huge_mask, flags = v & ~huge_mask;

	if (flags || !huge)
		decode_put_flags(sb, &decode_xl_memfd_flags, flags);
	if (huge)
		sb_printf(sb, "%s%" PRIu64 "<<MFD_HUGE_SHIFT", flags ? "|" : "", huge >> 26);
}
