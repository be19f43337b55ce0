/*
 * findings_int.h - the collector's tables, shared by findings.c (collection,
 * detectors) and findings_out.c (titles, text, JSON). Not a public header.
 */
#ifndef RENACER_FINDINGS_INT_H
#define RENACER_FINDINGS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze/findings/findings.h"
#include "libtrace/trace_map.h"

#define FIND_NR_MAX 1024 /* syscall numbers the detectors know about */

/* What the detectors know of one syscall number. */
struct nr_info {
	uint8_t cat;      /* enum cat of findings.c; 0 = not looked at */
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
