/*
 * cal_writes.c - the subject of the calibration test (test_calibrate_load):
 * N 1-byte writes to /dev/null from one call site, in batches of 50, timed
 * with CLOCK_MONOTONIC. Prints "best MIN_NS mean MEAN_NS": the cost per write
 * of the fastest batch (untraced, its true cost: preemption only adds time)
 * and over all writes.
 *   cal_writes N
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BATCH 50

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	int fd = open("/dev/null", O_WRONLY);
	uint64_t best = UINT64_MAX, total = 0;

	if (fd < 0 || n < BATCH)
		return 1;
	for (long done = 0; done + BATCH <= n; done += BATCH) {
		uint64_t t0 = now_ns();
		for (int i = 0; i < BATCH; i++)
			if (write(fd, "x", 1) != 1) /* CAL_WRITES_WRITE */
				return 1;
		uint64_t dt = now_ns() - t0;
		total += dt;
		if (dt < best)
			best = dt;
	}
	close(fd);
	printf("best %.1f mean %.1f\n", (double)best / BATCH,
	       (double)total / (double)(n / BATCH * BATCH));
	return 0;
}
