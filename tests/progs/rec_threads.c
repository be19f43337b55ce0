/*
 * rec_threads.c - 16 threads, each making a known number of calls, then
 * telling the main thread through a pipe and blocking in pause(). The main
 * thread reads one byte per thread, waits 300 ms, and ends the process with
 * exit_group while every thread is still blocked. No join, so no timing-dependent futex calls:
 * the per-syscall counts are the same on every run.
 */
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 16
#define CALLS    20

static int devnull, done_pipe[2];

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < CALLS; i++) {
		(void)write(devnull, "x", 1);
		(void)getppid();
	}
	(void)write(done_pipe[1], "d", 1);
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	char c;

	devnull = open("/dev/null", O_WRONLY);
	if (pipe(done_pipe) < 0)
		return 1;
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < NTHREADS; i++)
		if (read(done_pipe[0], &c, 1) != 1)
			return 1;
	/* Let the last pipe writes return before exit_group cuts them short. */
	struct timespec ts = {0, 300 * 1000 * 1000};
	nanosleep(&ts, NULL);
	return 0;
}
