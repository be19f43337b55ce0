/*
 * rec_rate.c - a busy writer for attach tests and benchmarks: 1-byte writes
 * to /dev/null as fast as it can for SECONDS (default 10), and every 100 ms
 * one line "WALL_NS WRITES" in OUT (the wall clock, CLOCK_REALTIME ns, and the
 * writes made in those 100 ms), so a test sees it progress and a benchmark
 * can compare its rate while recorded with its rate untraced. SIGINT or
 * SIGTERM ends it with status 42.
 *   rec_rate OUT [SECONDS]
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts); /* the vDSO: no system call */
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int null_fd = open("/dev/null", O_WRONLY);
	int out = open(argc > 1 ? argv[1] : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	double seconds = argc > 2 ? atof(argv[2]) : 10.0;
	unsigned long long start = now_ns(CLOCK_MONOTONIC), last = start, n = 0;

	if (null_fd < 0 || out < 0)
		return 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop) {
		(void)write(null_fd, "x", 1);
		if (++n % 256)
			continue;
		unsigned long long t = now_ns(CLOCK_MONOTONIC);
		if (t - last < 100000000ull)
			continue;
		char line[64];
		int len = snprintf(line, sizeof(line), "%llu %llu\n", now_ns(CLOCK_REALTIME), n);
		(void)!write(out, line, (size_t)len);
		n = 0;
		last = t;
		if ((double)(t - start) / 1e9 >= seconds)
			break;
	}
	return stop ? 42 : 0;
}
