/*
 * bench_syscalls.c - speed of the libtrace syscall lookups the recorder and
 * report run per event or per expression: name -> number (binary search over
 * the generated name index), number -> descriptor, and parsing a filter.
 * Prints nanoseconds per operation. Usage: bench_syscalls [-n ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libtrace/trace_filter.h"
#include "libtrace/trace_syscalls.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned rounds = 20000, n = trace_syscall_named_count();
	volatile long sink = 0;
	double t0, t1;
	int opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || atoi(optarg) <= 0) {
			fprintf(stderr, "usage: bench_syscalls [-n ROUNDS]\n");
			return 2;
		}
		rounds = (unsigned)atoi(optarg);
	}

	t0 = now_ns();
	for (unsigned r = 0; r < rounds; r++)
		for (unsigned i = 0; i < n; i++)
			sink += trace_syscall_by_name(trace_syscall_by_index(i)->name);
	t1 = now_ns();
	printf("by_name:   %7.1f ns/lookup  (%u names x %u rounds)\n",
	       (t1 - t0) / ((double)rounds * n), n, rounds);

	t0 = now_ns();
	for (unsigned r = 0; r < rounds; r++)
		for (long nr = 0; nr < (long)trace_syscall_count(); nr++) {
			const struct trace_syscall_desc *d = trace_syscall_desc(nr);
			sink += d ? d->nargs : 0;
		}
	t1 = now_ns();
	printf("desc:      %7.1f ns/lookup\n",
	       (t1 - t0) / ((double)rounds * trace_syscall_count()));

	static const char *const exprs[] = {"trace=openat", "trace=file,memory",
	                                    "trace=!%desc,read", "trace=/^(get|set)/"};
	for (unsigned e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++) {
		unsigned parses = rounds / 20 + 1;
		struct trace_filter f;
		char err[128];

		t0 = now_ns();
		for (unsigned r = 0; r < parses; r++) {
			trace_filter_init(&f);
			if (trace_filter_parse(&f, exprs[e], err, sizeof(err)) != 0) {
				fprintf(stderr, "bench_syscalls: %s\n", err);
				return 1;
			}
			sink += trace_filter_count(&f);
		}
		t1 = now_ns();
		printf("parse %-20s %9.1f ns/parse\n", exprs[e], (t1 - t0) / parses);
	}
	return sink == 0;
}
