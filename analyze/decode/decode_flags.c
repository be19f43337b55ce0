/*
 * decode_flags.c - the named constants of the Linux x86_64 ABI as tables, in
 * the order strace prints them, and the printers that spell a value with them.
 * Values are the kernel's (not the libc of the machine running the report),
 * so a trace decodes the same everywhere.
 */
#include "analyze/decode/decode_flags.h"

#include <inttypes.h>

#include "analyze/decode/decode_proc.h"
#include "libtrace/trace_syscalls.h"

#define XLAT_SET DECODE_XLAT_SET

/* --- open(2) and friends ------------------------------------------------ */

static const struct decode_xlat open_accmode[] = {
    {0, "O_RDONLY"},
    {1, "O_WRONLY"},
    {2, "O_RDWR"},
    {3, "O_ACCMODE"},
};
static const struct decode_xlat_set xl_open_accmode = XLAT_SET(open_accmode, "O_???");

static const struct decode_xlat open_flags[] = {
    {0100, "O_CREAT"},        {0200, "O_EXCL"},         {0400, "O_NOCTTY"},
    {01000, "O_TRUNC"},       {02000, "O_APPEND"},      {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"}, /* __O_SYNC|O_DSYNC: before O_DSYNC */
    {010000, "O_DSYNC"},      {040000, "O_DIRECT"},     {0100000, "O_LARGEFILE"},
    {0400000, "O_NOFOLLOW"},  {01000000, "O_NOATIME"},  {02000000, "O_CLOEXEC"},
    {010000000, "O_PATH"},    {020200000, "O_TMPFILE"}, /* __O_TMPFILE|O_DIRECTORY: before
                                                           O_DIRECTORY */
    {0200000, "O_DIRECTORY"}, {020000, "FASYNC"},       {020000000, "__O_TMPFILE"},
};
static const struct decode_xlat_set xl_open_flags = XLAT_SET(open_flags, "O_???");

static const struct decode_xlat at_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},   {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},     {0x1000, "AT_EMPTY_PATH"}, {0x8000, "AT_RECURSIVE"},
};
static const struct decode_xlat_set xl_at_flags = XLAT_SET(at_flags, "AT_???");

static const struct decode_xlat faccessat2_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"},
    {0x200, "AT_EACCESS"},
    {0x1000, "AT_EMPTY_PATH"},
};
const struct decode_xlat_set decode_xl_faccessat2_flags = XLAT_SET(faccessat2_flags, "AT_???");

static const struct decode_xlat statx_sync[] = {
    {0x2000, "AT_STATX_FORCE_SYNC"},
    {0x4000, "AT_STATX_DONT_SYNC"},
};
static const struct decode_xlat_set xl_statx_sync = XLAT_SET(statx_sync, "AT_STATX_???");
#define AT_STATX_SYNC_TYPE_ 0x6000u

static const struct decode_xlat statx_mask[] = {
    {0xfff, "STATX_ALL"},       {0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},
    {0x2, "STATX_MODE"},        {0x4, "STATX_NLINK"},         {0x8, "STATX_UID"},
    {0x10, "STATX_GID"},        {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},
    {0x80, "STATX_CTIME"},      {0x100, "STATX_INO"},         {0x200, "STATX_SIZE"},
    {0x400, "STATX_BLOCKS"},    {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"},
    {0x2000, "STATX_DIOALIGN"},
};
const struct decode_xlat_set decode_xl_statx_mask = XLAT_SET(statx_mask, "STATX_???");

static const struct decode_xlat access_modes[] = {
    {0, "F_OK"},
    {4, "R_OK"},
    {2, "W_OK"},
    {1, "X_OK"},
};
static const struct decode_xlat_set xl_access = XLAT_SET(access_modes, "?_OK");

static const struct decode_xlat rename_flags[] = {
    {1, "RENAME_NOREPLACE"},
    {2, "RENAME_EXCHANGE"},
    {4, "RENAME_WHITEOUT"},
};
const struct decode_xlat_set decode_xl_rename_flags = XLAT_SET(rename_flags, "RENAME_???");

static const struct decode_xlat whence[] = {
    {0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"},
};
static const struct decode_xlat_set xl_whence = XLAT_SET(whence, "SEEK_???");

/* --- fd-creating calls' own flag names ---------------------------------- */

static const struct decode_xlat efd_flags[] = {
    {1, "EFD_SEMAPHORE"},
    {02000000, "EFD_CLOEXEC"},
    {04000, "EFD_NONBLOCK"},
};
const struct decode_xlat_set decode_xl_efd_flags = XLAT_SET(efd_flags, "EFD_???");

static const struct decode_xlat epoll_flags[] = {{02000000, "EPOLL_CLOEXEC"}};
const struct decode_xlat_set decode_xl_epoll_flags = XLAT_SET(epoll_flags, "EPOLL_???");

static const struct decode_xlat inotify_flags[] = {{04000, "IN_NONBLOCK"},
                                                   {02000000, "IN_CLOEXEC"}};
const struct decode_xlat_set decode_xl_inotify_flags = XLAT_SET(inotify_flags, "IN_???");

static const struct decode_xlat sfd_flags[] = {{02000000, "SFD_CLOEXEC"}, {04000, "SFD_NONBLOCK"}};
const struct decode_xlat_set decode_xl_sfd_flags = XLAT_SET(sfd_flags, "SFD_???");

static const struct decode_xlat tfd_flags[] = {{02000000, "TFD_CLOEXEC"}, {04000, "TFD_NONBLOCK"}};
const struct decode_xlat_set decode_xl_tfd_flags = XLAT_SET(tfd_flags, "TFD_???");

static const struct decode_xlat grnd_flags[] = {
    {1, "GRND_NONBLOCK"},
    {2, "GRND_RANDOM"},
    {4, "GRND_INSECURE"},
};
const struct decode_xlat_set decode_xl_grnd_flags = XLAT_SET(grnd_flags, "GRND_???");

static const struct decode_xlat clock_flags[] = {{1, "TIMER_ABSTIME"}};
const struct decode_xlat_set decode_xl_clock_flags = XLAT_SET(clock_flags, "TIMER_???");

/* --- fcntl --------------------------------------------------------------- */

static const struct decode_xlat fcntl_cmds[] = {
    {0, "F_DUPFD"},
    {1, "F_GETFD"},
    {2, "F_SETFD"},
    {3, "F_GETFL"},
    {4, "F_SETFL"},
    {5, "F_GETLK"},
    {6, "F_SETLK"},
    {7, "F_SETLKW"},
    {8, "F_SETOWN"},
    {9, "F_GETOWN"},
    {10, "F_SETSIG"},
    {11, "F_GETSIG"},
    {15, "F_SETOWN_EX"},
    {16, "F_GETOWN_EX"},
    {17, "F_GETOWNER_UIDS"},
    {36, "F_OFD_GETLK"},
    {37, "F_OFD_SETLK"},
    {38, "F_OFD_SETLKW"},
    {1024, "F_SETLEASE"},
    {1025, "F_GETLEASE"},
    {1026, "F_NOTIFY"},
    {1029, "F_CANCELLK"},
    {1030, "F_DUPFD_CLOEXEC"},
    {1031, "F_SETPIPE_SZ"},
    {1032, "F_GETPIPE_SZ"},
    {1033, "F_ADD_SEALS"},
    {1034, "F_GET_SEALS"},
};
const struct decode_xlat_set decode_xl_fcntl_cmds = XLAT_SET(fcntl_cmds, "F_???");

static const struct decode_xlat fd_flags[] = {{1, "FD_CLOEXEC"}};
const struct decode_xlat_set decode_xl_fd_flags = XLAT_SET(fd_flags, "FD_???");

static const struct decode_xlat lease_types[] = {{0, "F_RDLCK"}, {1, "F_WRLCK"}, {2, "F_UNLCK"}};
const struct decode_xlat_set decode_xl_lease_types = XLAT_SET(lease_types, "F_???");

static const struct decode_xlat dnotify[] = {
    {1, "DN_ACCESS"},
    {2, "DN_MODIFY"},
    {4, "DN_CREATE"},
    {8, "DN_DELETE"},
    {0x10, "DN_RENAME"},
    {0x20, "DN_ATTRIB"},
    {0x80000000, "DN_MULTISHOT"},
};
const struct decode_xlat_set decode_xl_dnotify = XLAT_SET(dnotify, "DN_???");

static const struct decode_xlat seals[] = {
    {1, "F_SEAL_SEAL"},  {2, "F_SEAL_SHRINK"},          {4, "F_SEAL_GROW"},
    {8, "F_SEAL_WRITE"}, {0x10, "F_SEAL_FUTURE_WRITE"},
};
const struct decode_xlat_set decode_xl_seals = XLAT_SET(seals, "F_SEAL_???");

/* --- memory -------------------------------------------------------------- */

static const struct decode_xlat mmap_prot[] = {
    {0, "PROT_NONE"},
    {1, "PROT_READ"},
    {2, "PROT_WRITE"},
    {4, "PROT_EXEC"},
    {8, "PROT_SEM"},
    {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
};
static const struct decode_xlat_set xl_mmap_prot = XLAT_SET(mmap_prot, "PROT_???");

static const struct decode_xlat mmap_types[] = {
    {0, "MAP_FILE"},
    {1, "MAP_SHARED"},
    {2, "MAP_PRIVATE"},
    {3, "MAP_SHARED_VALIDATE"},
};
static const struct decode_xlat_set xl_mmap_types = XLAT_SET(mmap_types, "MAP_???");

static const struct decode_xlat mmap_flags[] = {
    {0x10, "MAP_FIXED"},        {0x20, "MAP_ANONYMOUS"},
    {0x40, "MAP_32BIT"},        {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},   {0x10000, "MAP_NONBLOCK"},
    {0x100, "MAP_GROWSDOWN"},   {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"},
    {0x20000, "MAP_STACK"},     {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},      {0x100000, "MAP_FIXED_NOREPLACE"},
};
static const struct decode_xlat_set xl_mmap_flags = XLAT_SET(mmap_flags, "MAP_???");

#define MAP_TYPE_MASK   0xfu
#define MAP_HUGE_SHIFT_ 26
#define MAP_HUGE_MASK_  0x3fu

static const struct decode_xlat madvise_advice[] = {
    {0, "MADV_NORMAL"},           {1, "MADV_RANDOM"},         {2, "MADV_SEQUENTIAL"},
    {3, "MADV_WILLNEED"},         {4, "MADV_DONTNEED"},       {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},           {10, "MADV_DONTFORK"},      {11, "MADV_DOFORK"},
    {12, "MADV_MERGEABLE"},       {13, "MADV_UNMERGEABLE"},   {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},      {16, "MADV_DONTDUMP"},      {17, "MADV_DODUMP"},
    {18, "MADV_WIPEONFORK"},      {19, "MADV_KEEPONFORK"},    {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},         {22, "MADV_POPULATE_READ"}, {23, "MADV_POPULATE_WRITE"},
    {24, "MADV_DONTNEED_LOCKED"}, {100, "MADV_HWPOISON"},     {101, "MADV_SOFT_OFFLINE"},
};
static const struct decode_xlat_set xl_madvise = XLAT_SET(madvise_advice, "MADV_???");

static const struct decode_xlat mremap_flags[] = {
    {1, "MREMAP_MAYMOVE"},
    {2, "MREMAP_FIXED"},
    {4, "MREMAP_DONTUNMAP"},
};
static const struct decode_xlat_set xl_mremap = XLAT_SET(mremap_flags, "MREMAP_???");

/* --- sockets ------------------------------------------------------------- */

static const struct decode_xlat sock_domains[] = {
    {0, "AF_UNSPEC"},      {1, "AF_UNIX"},      {2, "AF_INET"},      {3, "AF_AX25"},
    {4, "AF_IPX"},         {5, "AF_APPLETALK"}, {6, "AF_NETROM"},    {7, "AF_BRIDGE"},
    {8, "AF_ATMPVC"},      {9, "AF_X25"},       {10, "AF_INET6"},    {11, "AF_ROSE"},
    {12, "AF_DECnet"},     {13, "AF_NETBEUI"},  {14, "AF_SECURITY"}, {15, "AF_KEY"},
    {16, "AF_NETLINK"},    {17, "AF_PACKET"},   {18, "AF_ASH"},      {19, "AF_ECONET"},
    {20, "AF_ATMSVC"},     {21, "AF_RDS"},      {22, "AF_SNA"},      {23, "AF_IRDA"},
    {24, "AF_PPPOX"},      {25, "AF_WANPIPE"},  {26, "AF_LLC"},      {27, "AF_IB"},
    {28, "AF_MPLS"},       {29, "AF_CAN"},      {30, "AF_TIPC"},     {31, "AF_BLUETOOTH"},
    {32, "AF_IUCV"},       {33, "AF_RXRPC"},    {34, "AF_ISDN"},     {35, "AF_PHONET"},
    {36, "AF_IEEE802154"}, {37, "AF_CAIF"},     {38, "AF_ALG"},      {39, "AF_NFC"},
    {40, "AF_VSOCK"},      {41, "AF_KCM"},      {42, "AF_QIPCRTR"},  {43, "AF_SMC"},
    {44, "AF_XDP"},        {45, "AF_MCTP"},
};
const struct decode_xlat_set decode_xl_sock_domains = XLAT_SET(sock_domains, "AF_???");

static const struct decode_xlat sock_types[] = {
    {1, "SOCK_STREAM"},    {2, "SOCK_DGRAM"}, {3, "SOCK_RAW"},     {4, "SOCK_RDM"},
    {5, "SOCK_SEQPACKET"}, {6, "SOCK_DCCP"},  {10, "SOCK_PACKET"},
};
static const struct decode_xlat_set xl_sock_types = XLAT_SET(sock_types, "SOCK_???");

static const struct decode_xlat sock_type_flags[] = {{02000000, "SOCK_CLOEXEC"},
                                                     {04000, "SOCK_NONBLOCK"}};
static const struct decode_xlat_set xl_sock_type_flags = XLAT_SET(sock_type_flags, "SOCK_???");

static const struct decode_xlat msg_flags[] = {
    {0x1, "MSG_OOB"},
    {0x2, "MSG_PEEK"},
    {0x4, "MSG_DONTROUTE"},
    {0x8, "MSG_CTRUNC"},
    {0x10, "MSG_PROBE"},
    {0x20, "MSG_TRUNC"},
    {0x40, "MSG_DONTWAIT"},
    {0x80, "MSG_EOR"},
    {0x100, "MSG_WAITALL"},
    {0x200, "MSG_FIN"},
    {0x400, "MSG_SYN"},
    {0x800, "MSG_CONFIRM"},
    {0x1000, "MSG_RST"},
    {0x2000, "MSG_ERRQUEUE"},
    {0x4000, "MSG_NOSIGNAL"},
    {0x8000, "MSG_MORE"},
    {0x10000, "MSG_WAITFORONE"},
    {0x20000, "MSG_SENDPAGE_NOTLAST"},
    {0x40000, "MSG_BATCH"},
    {0x80000, "MSG_NO_SHARED_FRAGS"},
    {0x4000000, "MSG_ZEROCOPY"},
    {0x20000000, "MSG_FASTOPEN"},
    {0x40000000, "MSG_CMSG_CLOEXEC"},
    {0x80000000, "MSG_CMSG_COMPAT"},
};
static const struct decode_xlat_set xl_msg_flags = XLAT_SET(msg_flags, "MSG_???");

static const struct decode_xlat shutdown_how[] = {{0, "SHUT_RD"}, {1, "SHUT_WR"}, {2, "SHUT_RDWR"}};
static const struct decode_xlat_set xl_shutdown = XLAT_SET(shutdown_how, "SHUT_???");

static const struct decode_xlat sockopt_levels[] = {
    {0, "SOL_IP"},    {1, "SOL_SOCKET"},   {6, "SOL_TCP"},       {17, "SOL_UDP"},
    {41, "SOL_IPV6"}, {58, "SOL_ICMPV6"},  {132, "SOL_SCTP"},    {136, "SOL_UDPLITE"},
    {255, "SOL_RAW"}, {263, "SOL_PACKET"}, {270, "SOL_NETLINK"}, {274, "SOL_ALG"},
    {279, "SOL_TLS"}, {283, "SOL_XDP"},    {284, "SOL_MPTCP"},
};
static const struct decode_xlat_set xl_sockopt_levels = XLAT_SET(sockopt_levels, "SOL_???");

/* --- file types ------------------------------------------------------------ */

static const struct decode_xlat file_types[] = {
    {0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"}, {0100000, "S_IFREG"}, {060000, "S_IFBLK"},
    {040000, "S_IFDIR"},   {020000, "S_IFCHR"},  {010000, "S_IFIFO"},
};
static const struct decode_xlat_set xl_file_types = XLAT_SET(file_types, "S_IF???");

static const struct decode_xlat mode_special[] = {
    {04000, "S_ISUID"},
    {02000, "S_ISGID"},
    {01000, "S_ISVTX"},
};
static const struct decode_xlat_set xl_mode_special = XLAT_SET(mode_special, "S_???");

/* --- kinds named by one table -------------------------------------------- */

static const struct {
	unsigned kind;
	const struct decode_xlat_set *set;
	enum decode_xlat_style style;
} kind_tables[] = {
    {TA_AT_FLAGS, &xl_at_flags, DXS_FLAGS},
    {TA_ACCESS_MODE, &xl_access, DXS_FLAGS},
    {TA_MMAP_PROT, &xl_mmap_prot, DXS_FLAGS},
    {TA_MSG_FLAGS, &xl_msg_flags, DXS_FLAGS},
    {TA_WHENCE, &xl_whence, DXS_ENUM},
    {TA_SOCK_DOMAIN, &decode_xl_sock_domains, DXS_ENUM},
    {TA_FCNTL_CMD, &decode_xl_fcntl_cmds, DXS_ENUM},
    {TA_MADVISE, &xl_madvise, DXS_ENUM},
    {TA_MREMAP_FLAGS, &xl_mremap, DXS_FLAGS},
    {TA_SHUTDOWN_HOW, &xl_shutdown, DXS_ENUM},
    {TA_SOCKOPT_LEVEL, &xl_sockopt_levels, DXS_ENUM_DEC},
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

bool decode_put_flags_nz(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	bool printed = false;

	if (v == 0)
		return false;
	uint64_t rest = put_known_bits(sb, t, v, &printed);
	if (rest && printed)
		sb_printf(sb, "|%#" PRIx64, rest);
	else if (rest)
		sb_printf(sb, "%#" PRIx64 " /* %s */", rest, t->unknown);
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

void decode_put_enum(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	const char *name = decode_xlat_name(t, v);

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%#" PRIx64 " /* %s */", v, t->unknown);
}

void decode_put_enum_dec(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v)
{
	const char *name = decode_xlat_name(t, v);

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%" PRIu64 " /* %s */", v, t->unknown);
}

/* --- family printers ----------------------------------------------------- */

void decode_put_open_flags(struct strbuf *sb, uint64_t v, bool with_accmode)
{
	v &= 0xffffffffu; /* an int in the kernel */
	if (!with_accmode) {
		decode_put_flags(sb, &xl_open_flags, v);
		return;
	}
	sb_puts(sb, decode_xlat_name(&xl_open_accmode, v & 3));
	if (v & ~3ull) {
		sb_putc(sb, '|');
		bool printed = false;
		uint64_t rest = put_known_bits(sb, &xl_open_flags, v & ~3ull, &printed);
		if (rest)
			sb_printf(sb, printed ? "|%#" PRIx64 : "%#" PRIx64, rest);
	}
}

void decode_put_statx_flags(struct strbuf *sb, uint64_t v)
{
	v &= 0xffffffffu;
	if (v & AT_STATX_SYNC_TYPE_)
		decode_put_flags_nz(sb, &xl_statx_sync, v & AT_STATX_SYNC_TYPE_);
	else
		sb_puts(sb, "AT_STATX_SYNC_AS_STAT");
	if (v & ~(uint64_t)AT_STATX_SYNC_TYPE_) {
		sb_putc(sb, '|');
		decode_put_flags_nz(sb, &xl_at_flags, v & ~(uint64_t)AT_STATX_SYNC_TYPE_);
	}
}

void decode_put_mmap_flags(struct strbuf *sb, uint64_t v)
{
	v &= 0xffffffffu;
	uint64_t huge = (v >> MAP_HUGE_SHIFT_) & MAP_HUGE_MASK_;
	uint64_t rest =
	    v & ~(uint64_t)MAP_TYPE_MASK & ~((uint64_t)MAP_HUGE_MASK_ << MAP_HUGE_SHIFT_);
	bool printed = true;

	decode_put_enum(sb, &xl_mmap_types, v & MAP_TYPE_MASK);
	rest = put_known_bits(sb, &xl_mmap_flags, rest, &printed);
	if (rest)
		sb_printf(sb, "|%#" PRIx64, rest);
	if (huge)
		sb_printf(sb, "|%" PRIu64 "<<MAP_HUGE_SHIFT", huge);
}

void decode_put_sock_type(struct strbuf *sb, uint64_t v)
{
	v &= 0xffffffffu;
	const char *type = decode_xlat_name(&xl_sock_types, v & 0xf);

	if (!type) {
		decode_put_flags(sb, &xl_sock_type_flags, v);
		return;
	}
	sb_puts(sb, type);
	if (v & ~0xfull) {
		sb_putc(sb, '|');
		decode_put_flags_nz(sb, &xl_sock_type_flags, v & ~0xfull);
	}
}

void decode_put_mode(struct strbuf *sb, uint64_t mode)
{
	sb_printf(sb, "%#03" PRIo64, mode & 0xffffffffu);
}

void decode_put_mode_symbolic(struct strbuf *sb, uint64_t mode)
{
	const char *type = decode_xlat_name(&xl_file_types, mode & 0170000);

	if (type) {
		sb_puts(sb, type);
		sb_putc(sb, '|');
	}
	if (decode_put_flags_nz(sb, &xl_mode_special, mode & 07000))
		sb_putc(sb, '|');
	sb_printf(sb, "%#03" PRIo64, mode & 0777);
}

void decode_put_dev(struct strbuf *sb, uint64_t dev)
{
	uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull);
	uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~0xffull);

	sb_printf(sb, "makedev(%#" PRIx64 ", %#" PRIx64 ")", major, minor);
}
