/*
 * decode_flags.c - the named constants of the Linux x86_64 ABI as tables, in
 * the order strace prints them, and the printers that spell a value with them.
 * Values are the kernel's (not the libc of the machine running the report),
 * so a trace decodes the same everywhere.
 */
#include "analyze/decode_flags.h"

#include <inttypes.h>

#include "libtrace/trace_errno.h"
#include "libtrace/trace_syscalls.h"

#define XLAT_SET(arr, unk)                                                                         \
	{                                                                                          \
		arr, sizeof(arr) / sizeof(arr[0]), unk                                             \
	}

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

/* --- processes, signals, clocks ----------------------------------------- */

static const struct decode_xlat clone_flags[] = {
    {0x100, "CLONE_VM"},
    {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},
    {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},
    {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},
    {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
};
static const struct decode_xlat_set xl_clone_flags = XLAT_SET(clone_flags, "CLONE_???");

static const struct decode_xlat wait_options[] = {
    {1, "WNOHANG"},         {2, "WSTOPPED"},          {4, "WEXITED"},
    {8, "WCONTINUED"},      {0x1000000, "WNOWAIT"},   {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"},
};
static const struct decode_xlat_set xl_wait_options = XLAT_SET(wait_options, "W???");

static const struct decode_xlat sigprocmask_how[] = {
    {0, "SIG_BLOCK"},
    {1, "SIG_UNBLOCK"},
    {2, "SIG_SETMASK"},
};
static const struct decode_xlat_set xl_sigprocmask_how = XLAT_SET(sigprocmask_how, "SIG_???");

static const struct decode_xlat clock_ids[] = {
    {0, "CLOCK_REALTIME"},          {1, "CLOCK_MONOTONIC"},     {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"}, {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"},  {7, "CLOCK_BOOTTIME"},      {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"},    {10, "CLOCK_SGI_CYCLE"},    {11, "CLOCK_TAI"},
};
static const struct decode_xlat_set xl_clock_ids = XLAT_SET(clock_ids, "CLOCK_???");

static const struct decode_xlat futex_cmds[] = {
    {0, "FUTEX_WAIT"},
    {1, "FUTEX_WAKE"},
    {2, "FUTEX_FD"},
    {3, "FUTEX_REQUEUE"},
    {4, "FUTEX_CMP_REQUEUE"},
    {5, "FUTEX_WAKE_OP"},
    {6, "FUTEX_LOCK_PI"},
    {7, "FUTEX_UNLOCK_PI"},
    {8, "FUTEX_TRYLOCK_PI"},
    {9, "FUTEX_WAIT_BITSET"},
    {10, "FUTEX_WAKE_BITSET"},
    {11, "FUTEX_WAIT_REQUEUE_PI"},
    {12, "FUTEX_CMP_REQUEUE_PI"},
    {13, "FUTEX_LOCK_PI2"},
};
static const struct decode_xlat_set xl_futex_cmds = XLAT_SET(futex_cmds, "FUTEX_???");

static const struct decode_xlat arch_prctl_codes[] = {
    {0x1001, "ARCH_SET_GS"},
    {0x1002, "ARCH_SET_FS"},
    {0x1003, "ARCH_GET_FS"},
    {0x1004, "ARCH_GET_GS"},
    {0x1011, "ARCH_GET_CPUID"},
    {0x1012, "ARCH_SET_CPUID"},
    {0x1021, "ARCH_GET_XCOMP_SUPP"},
    {0x1022, "ARCH_GET_XCOMP_PERM"},
    {0x1023, "ARCH_REQ_XCOMP_PERM"},
    {0x1024, "ARCH_GET_XCOMP_GUEST_PERM"},
    {0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"},
    {0x2001, "ARCH_MAP_VDSO_X32"},
    {0x2002, "ARCH_MAP_VDSO_32"},
    {0x2003, "ARCH_MAP_VDSO_64"},
};
static const struct decode_xlat_set xl_arch_prctl = XLAT_SET(arch_prctl_codes, "ARCH_???");

static const struct decode_xlat prctl_ops[] = {
    {1, "PR_SET_PDEATHSIG"},
    {2, "PR_GET_PDEATHSIG"},
    {3, "PR_GET_DUMPABLE"},
    {4, "PR_SET_DUMPABLE"},
    {5, "PR_GET_UNALIGN"},
    {6, "PR_SET_UNALIGN"},
    {7, "PR_GET_KEEPCAPS"},
    {8, "PR_SET_KEEPCAPS"},
    {9, "PR_GET_FPEMU"},
    {10, "PR_SET_FPEMU"},
    {11, "PR_GET_FPEXC"},
    {12, "PR_SET_FPEXC"},
    {13, "PR_GET_TIMING"},
    {14, "PR_SET_TIMING"},
    {15, "PR_SET_NAME"},
    {16, "PR_GET_NAME"},
    {19, "PR_GET_ENDIAN"},
    {20, "PR_SET_ENDIAN"},
    {21, "PR_GET_SECCOMP"},
    {22, "PR_SET_SECCOMP"},
    {23, "PR_CAPBSET_READ"},
    {24, "PR_CAPBSET_DROP"},
    {25, "PR_GET_TSC"},
    {26, "PR_SET_TSC"},
    {27, "PR_GET_SECUREBITS"},
    {28, "PR_SET_SECUREBITS"},
    {29, "PR_SET_TIMERSLACK"},
    {30, "PR_GET_TIMERSLACK"},
    {31, "PR_TASK_PERF_EVENTS_DISABLE"},
    {32, "PR_TASK_PERF_EVENTS_ENABLE"},
    {33, "PR_MCE_KILL"},
    {34, "PR_MCE_KILL_GET"},
    {35, "PR_SET_MM"},
    {36, "PR_SET_CHILD_SUBREAPER"},
    {37, "PR_GET_CHILD_SUBREAPER"},
    {38, "PR_SET_NO_NEW_PRIVS"},
    {39, "PR_GET_NO_NEW_PRIVS"},
    {40, "PR_GET_TID_ADDRESS"},
    {41, "PR_SET_THP_DISABLE"},
    {42, "PR_GET_THP_DISABLE"},
    {43, "PR_MPX_ENABLE_MANAGEMENT"},
    {44, "PR_MPX_DISABLE_MANAGEMENT"},
    {45, "PR_SET_FP_MODE"},
    {46, "PR_GET_FP_MODE"},
    {47, "PR_CAP_AMBIENT"},
    {50, "PR_SVE_SET_VL"},
    {51, "PR_SVE_GET_VL"},
    {52, "PR_GET_SPECULATION_CTRL"},
    {53, "PR_SET_SPECULATION_CTRL"},
    {54, "PR_PAC_RESET_KEYS"},
    {55, "PR_SET_TAGGED_ADDR_CTRL"},
    {56, "PR_GET_TAGGED_ADDR_CTRL"},
    {57, "PR_SET_IO_FLUSHER"},
    {58, "PR_GET_IO_FLUSHER"},
    {59, "PR_SET_SYSCALL_USER_DISPATCH"},
    {0x59616d61, "PR_SET_PTRACER"},
    {0x53564d41, "PR_SET_VMA"},
};
static const struct decode_xlat_set xl_prctl_ops = XLAT_SET(prctl_ops, "PR_???");

static const struct decode_xlat prctl_dumpable[] = {
    {0, "SUID_DUMP_DISABLE"},
    {1, "SUID_DUMP_USER"},
    {2, "SUID_DUMP_ROOT"},
};
const struct decode_xlat_set decode_xl_prctl_dumpable = XLAT_SET(prctl_dumpable, "SUID_DUMP_???");

static const struct decode_xlat epoll_ops[] = {
    {1, "EPOLL_CTL_ADD"},
    {2, "EPOLL_CTL_DEL"},
    {3, "EPOLL_CTL_MOD"},
};
static const struct decode_xlat_set xl_epoll_ops = XLAT_SET(epoll_ops, "EPOLL_CTL_???");

static const struct decode_xlat rlimits[] = {
    {0, "RLIMIT_CPU"},       {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},    {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"},      {5, "RLIMIT_RSS"},   {6, "RLIMIT_NPROC"},   {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"},   {9, "RLIMIT_AS"},    {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
};
static const struct decode_xlat_set xl_rlimits = XLAT_SET(rlimits, "RLIMIT_???");

/* --- ioctl --------------------------------------------------------------- */

static const struct decode_xlat ioctl_cmds[] = {
    {0x5401, "TCGETS"},
    {0x5402, "TCSETS"},
    {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},
    {0x5405, "TCGETA"},
    {0x5406, "TCSETA"},
    {0x5407, "TCSETAW"},
    {0x5408, "TCSETAF"},
    {0x5409, "TCSBRK"},
    {0x540a, "TCXONC"},
    {0x540b, "TCFLSH"},
    {0x540c, "TIOCEXCL"},
    {0x540d, "TIOCNXCL"},
    {0x540e, "TIOCSCTTY"},
    {0x540f, "TIOCGPGRP"},
    {0x5410, "TIOCSPGRP"},
    {0x5411, "TIOCOUTQ"},
    {0x5412, "TIOCSTI"},
    {0x5413, "TIOCGWINSZ"},
    {0x5414, "TIOCSWINSZ"},
    {0x5415, "TIOCMGET"},
    {0x5416, "TIOCMBIS"},
    {0x5417, "TIOCMBIC"},
    {0x5418, "TIOCMSET"},
    {0x5419, "TIOCGSOFTCAR"},
    {0x541a, "TIOCSSOFTCAR"},
    {0x541b, "FIONREAD"},
    {0x541c, "TIOCLINUX"},
    {0x541d, "TIOCCONS"},
    {0x541e, "TIOCGSERIAL"},
    {0x541f, "TIOCSSERIAL"},
    {0x5420, "TIOCPKT"},
    {0x5421, "FIONBIO"},
    {0x5422, "TIOCNOTTY"},
    {0x5423, "TIOCSETD"},
    {0x5424, "TIOCGETD"},
    {0x5425, "TCSBRKP"},
    {0x5427, "TIOCSBRK"},
    {0x5428, "TIOCCBRK"},
    {0x5429, "TIOCGSID"},
    {0x802c542a, "TCGETS2"},
    {0x402c542b, "TCSETS2"},
    {0x80045430, "TIOCGPTN"},
    {0x40045431, "TIOCSPTLCK"},
    {0x5441, "TIOCGPTPEER"},
    {0x5450, "FIONCLEX"},
    {0x5451, "FIOCLEX"},
    {0x5452, "FIOASYNC"},
    {0x5460, "FIOQSIZE"},
    {0x1, "FIBMAP"},
    {0x2, "FIGETBSZ"},
    {0x80086601, "FS_IOC_GETFLAGS"},
    {0x40086602, "FS_IOC_SETFLAGS"},
    {0xc020660b, "FS_IOC_FIEMAP"},
    {0x40049409, "FICLONE"},
    {0x80081272, "BLKGETSIZE64"},
    {0x1260, "BLKGETSIZE"},
    {0x8910, "SIOCGIFNAME"},
    {0x8912, "SIOCGIFCONF"},
    {0x8913, "SIOCGIFFLAGS"},
    {0x8914, "SIOCSIFFLAGS"},
    {0x8915, "SIOCGIFADDR"},
    {0x8921, "SIOCGIFMTU"},
    {0x8927, "SIOCGIFHWADDR"},
    {0x8933, "SIOCGIFINDEX"},
};
static const struct decode_xlat_set xl_ioctl_cmds = XLAT_SET(ioctl_cmds, "_IOC_???");

static const struct decode_xlat ioc_dirs[] = {
    {0, "_IOC_NONE"},
    {1, "_IOC_WRITE"},
    {2, "_IOC_READ"},
    {3, "_IOC_READ|_IOC_WRITE"},
};
static const struct decode_xlat_set xl_ioc_dirs = XLAT_SET(ioc_dirs, "_IOC_???");

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
    {TA_SIGPROCMASK_HOW, &xl_sigprocmask_how, DXS_ENUM},
    {TA_CLOCK_ID, &xl_clock_ids, DXS_ENUM},
    {TA_MADVISE, &xl_madvise, DXS_ENUM},
    {TA_MREMAP_FLAGS, &xl_mremap, DXS_FLAGS},
    {TA_ARCH_PRCTL, &xl_arch_prctl, DXS_ENUM},
    {TA_PRCTL_OP, &xl_prctl_ops, DXS_ENUM},
    {TA_SHUTDOWN_HOW, &xl_shutdown, DXS_ENUM},
    {TA_EPOLL_OP, &xl_epoll_ops, DXS_ENUM},
    {TA_SOCKOPT_LEVEL, &xl_sockopt_levels, DXS_ENUM_DEC},
    {TA_RLIMIT_RESOURCE, &xl_rlimits, DXS_ENUM},
    {TA_WAIT_OPTIONS, &xl_wait_options, DXS_FLAGS},
};

const struct decode_xlat_set *decode_kind_xlat(unsigned kind, enum decode_xlat_style *style)
{
	for (unsigned i = 0; i < sizeof(kind_tables) / sizeof(kind_tables[0]); i++) {
		if (kind_tables[i].kind == kind) {
			*style = kind_tables[i].style;
			return kind_tables[i].set;
		}
	}
	return NULL;
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

void decode_put_clone_flags(struct strbuf *sb, uint64_t v, bool with_signal)
{
	uint64_t sig = with_signal ? v & 0xff : 0;
	bool printed = decode_put_flags_nz(sb, &xl_clone_flags, v & ~sig);

	if (sig) {
		if (printed)
			sb_putc(sb, '|');
		decode_put_signal(sb, (int64_t)sig);
	} else if (!printed) {
		sb_putc(sb, '0');
	}
}

void decode_put_signal(struct strbuf *sb, int64_t sig)
{
	int s = (int)sig;
	const char *name = s > 0 ? trace_signal_name(s) : NULL;

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%d", s);
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

void decode_put_ioctl_cmd(struct strbuf *sb, uint64_t cmd)
{
	cmd &= 0xffffffffu;
	const char *name = decode_xlat_name(&xl_ioctl_cmds, cmd);

	if (name) {
		sb_puts(sb, name);
		return;
	}
	sb_puts(sb, "_IOC(");
	sb_puts(sb, decode_xlat_name(&xl_ioc_dirs, (cmd >> 30) & 3));
	sb_printf(sb, ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ")", (cmd >> 8) & 0xff, cmd & 0xff,
	          (cmd >> 16) & 0x3fff);
}

#define FUTEX_PRIVATE_FLAG_  128u
#define FUTEX_CLOCK_RT_FLAG_ 256u

void decode_put_futex_op(struct strbuf *sb, uint64_t op)
{
	op &= 0xffffffffu;
	uint64_t cmd = op & ~(uint64_t)(FUTEX_PRIVATE_FLAG_ | FUTEX_CLOCK_RT_FLAG_);
	const char *name = decode_xlat_name(&xl_futex_cmds, cmd);

	if (!name) {
		sb_printf(sb, "%#" PRIx64 " /* FUTEX_??? */", op);
		return;
	}
	sb_puts(sb, name);
	if (op & FUTEX_PRIVATE_FLAG_)
		sb_puts(sb, "_PRIVATE");
	if (op & FUTEX_CLOCK_RT_FLAG_)
		sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
}

void decode_put_dev(struct strbuf *sb, uint64_t dev)
{
	uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull);
	uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~0xffull);

	sb_printf(sb, "makedev(%#" PRIx64 ", %#" PRIx64 ")", major, minor);
}
