/*
 * findings_int.h - the collector's tables and thresholds, shared by
 * findings.c (collection), findings_detect.c (detectors) and findings_out.c
 * (titles, text, JSON). Not a public header.
 */
#ifndef RENACER_FINDINGS_INT_H
#define RENACER_FINDINGS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze/findings/findings.h"
#include "libtrace/trace_map.h"

#define FIND_NR_MAX 1024 /* syscall numbers the detectors know about */
#define PATH_KEEP   255  /* bytes of a path shown */

/* The detectors' thresholds (findings.c has the values, spec/findings.md
 * says why each is what it is). */
struct find_thresholds {
	uint64_t small_io_min_calls; /* successful reads (or writes) of one syscall */
	uint64_t small_io_max_avg;   /* bytes per call, on average, below which they are small */
	uint64_t sync_min;           /* fsync/fdatasync calls */
	uint64_t sync_max_writes;    /* a sync after at most this many writes is "per write" */
	double sync_min_fraction;    /* of the syncs that are per write */
	uint64_t sync_alone_min;     /* syncs when no write was traced at all (-e trace=fsync) */
	uint64_t repeat_min;         /* lookups of one path; repeated fstats in all */
	uint32_t fstat_per_fd;       /* fstats of one open file beyond which they repeat */
	uint64_t many_files_min;     /* different files opened from one source location */
	uint64_t many_files_bytes;   /* bytes read per file opened, on average, below which
	                              * the files are opened for little (not archived, copied) */
	uint64_t churn_min;          /* mmap+munmap pairs of one size */
	uint32_t storm_run;          /* consecutive ENOENT tries of one name that make a search */
	uint64_t storm_min;          /* failed tries in such searches */
	uint64_t slow_min_ns;        /* the one call's duration */
	double slow_min_share;       /* of all syscall time */
	uint64_t outlier_min_calls;  /* calls of the syscall */
	double outlier_ratio;        /* p99 / p50 */
	uint64_t outlier_min_p99_ns; /* p99 */
	double outlier_min_share;    /* of all syscall time */
};
extern const struct find_thresholds find_T;

/* What a syscall is to the detectors. */
enum cat {
	C_NONE = 0,
	C_READ,   /* fd, buffer, count: bytes = return value */
	C_WRITE,  /* the same, writing */
	C_READV,  /* fd, iovec, count: bytes = return value, asked for unknown */
	C_WRITEV, /* the same, writing */
	C_SYNC,   /* fsync, fdatasync */
	C_OPEN,   /* takes a path, returns a descriptor */
	C_STAT,   /* takes a path (stat, access, readlink); fstatat "" is an fstat */
	C_FSTAT,  /* takes a descriptor */
	C_EXEC,   /* takes a path: only searches matter */
	C_CLOSE,
	C_DUP, /* returns a new descriptor */
	C_CHDIR,
	C_MMAP,
	C_MUNMAP,
};

/* What the detectors know of one syscall number. */
struct nr_info {
	uint8_t cat;      /* enum cat; 0 = not looked at */
	int8_t path_arg;  /* index of its path argument, or -1 */
	int8_t dirfd_arg; /* index of its directory-fd argument, or -1 */
	bool waits;       /* waits by design: never a slow call or outlier */
};

/* One (syscall, source location) of a syscall the detectors look at. */
struct site {
	int nr;
	uint32_t src; /* source id (0 = unknown) */
	uint64_t calls, ns;
	uint64_t io_calls, bytes, requested; /* successful reads or writes */
	bool no_request;                     /* readv/writev: the size asked for is unknown */
	uint64_t syncs, syncs_per_write, synced_writes;
	uint64_t fstat_repeats, fstat_ns;
	uint64_t distinct_opens;
	uint64_t storm_fails, storm_ns;
};

/* struct path_id.dir_kind: what a path is relative to. */
enum path_dir {
	PATH_DIR_NONE = 0, /* absolute */
	PATH_DIR_CWD,      /* the working directory: dir = its generation */
	PATH_DIR_FD,       /* a directory descriptor: dir = fd << 32 | its generation */
};

/* The file a path names, as the path table compares it (the whole key). */
struct path_id {
	const char *path; /* len bytes (owned by the table's entries, NUL after them) */
	uint32_t len;
	int32_t pid;
	uint32_t dir_kind; /* enum path_dir */
	uint64_t dir;
};

struct path_entry {
	struct path_id id;
	uint64_t stats, opens, opens_ok;
	uint64_t stat_ns, open_ns;
	uint32_t stat_site, open_site; /* index in sites of the latest lookup */
};

struct size_entry {
	uint64_t size;
	uint64_t maps, unmaps, ns;
	uint32_t map_site, unmap_site;
};

struct thread_state {
	uint32_t name_hash; /* file name of the ENOENT run in progress */
	uint32_t run;       /* consecutive failed tries of it */
	uint64_t run_ns;
};

struct findings {
	struct agg *agg; /* every call, by (syscall, source) */
	uint64_t total_ns;
	struct nr_info nr[FIND_NR_MAX];

	struct agg_source *srcs; /* source id i + 1 -> owned copies */
	size_t nsrcs, capsrcs;

	struct trace_map site_map; /* source id << 32 | nr -> index in sites */
	struct site *sites;
	size_t nsites, capsites;
	struct site overflow_site; /* past CAP_SITES */

	struct trace_map path_map; /* hash of the path_id -> index in paths (trace_map_find) */
	struct path_entry *paths;
	size_t npaths, cappaths;

	struct trace_map size_map; /* mapping size -> index in sizes */
	struct size_entry *sizes;
	size_t nsizes, capsizes;

	struct trace_map fd_map;     /* pid << 32 | fd -> packed descriptor state */
	uint32_t fd_gen;             /* generations handed out to opened descriptors */
	struct trace_map cwd_map;    /* pid -> working-directory generation */
	struct trace_map thread_map; /* tid -> index in threads */
	struct thread_state *threads;
	size_t nthreads, capthreads;

	uint64_t writes;         /* successful writes seen (any descriptor) */
	uint64_t fstats;         /* fstats of tracked descriptors */
	uint64_t storm_fails;    /* failed tries in searches */
	uint64_t storm_names;    /* searches (runs that reached the threshold) */
	uint32_t storm_best_run; /* the longest search */
	char storm_name[128];    /* its file name */
	uint64_t dropped;        /* keys not tracked because a table was full */

	struct finding *list;
	size_t nlist, caplist;
};

/* Frees the titles of the current list and empties it. */
void findings_list_clear(struct findings *f);
/* Writes the title of every finding in the list. */
void findings_titles(struct findings *f);

#endif
