/*
 * rec_loop.c - a long-running target for attach and signal tests: every
 * 20 ms it writes one line to /dev/null and bumps a heartbeat counter in
 * FILE (argv[1]), so a test can see it is still running. SIGINT and SIGTERM
 * are caught: it exits with 42 (so a test can tell the signal reached it).
 *   rec_loop FILE [MAX_BEATS|-1 [THREADS]]
 * MAX_BEATS stops after that many beats; THREADS extra threads each write to
 * /dev/null every 10 ms until the end.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static int null_fd;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void *spinner(void *arg)
{
	struct timespec ts = {0, 10 * 1000 * 1000};

	(void)arg;
	while (!stop) {
		(void)write(null_fd, "t", 1);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *beat = argc > 1 ? argv[1] : "/dev/null";
	long max = argc > 2 ? atol(argv[2]) : -1;
	int nthreads = argc > 3 ? atoi(argv[3]) : 0;
	struct timespec ts = {0, 20 * 1000 * 1000};
	pthread_t th;

	null_fd = open("/dev/null", O_WRONLY);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (int i = 0; i < nthreads; i++)
		pthread_create(&th, NULL, spinner, NULL);
	for (long n = 1; !stop && (max < 0 || n <= max); n++) {
		char line[32];
		int len = snprintf(line, sizeof(line), "%ld\n", n);
		(void)write(null_fd, line, (size_t)len);
		int fd = open(beat, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			(void)write(fd, line, (size_t)len);
			close(fd);
		}
		nanosleep(&ts, NULL);
	}
	return stop ? 42 : 0;
}
