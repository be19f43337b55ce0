/*
 * rec_blocked.c - threads blocked in a call when a recorder attaches:
 *   rec_blocked FIFO [THREADS]
 * opens FIFO (read-write, so the open does not wait), starts THREADS
 * (default 3) threads that each read one byte from it (blocked until the
 * test writes), then make one getppid call and end. The main thread calls
 * getpid every 20 ms meanwhile (so an attached recorder has something to
 * record), joins them and exits 0.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int fifo;
static atomic_int done;

static void *worker(void *arg)
{
	char c;

	(void)arg;
	if (read(fifo, &c, 1) == 1)
		syscall(SYS_getppid);
	atomic_fetch_add(&done, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 3;
	struct timespec ts = {0, 20 * 1000 * 1000};
	pthread_t th[64];

	if (argc < 2 || n < 1 || n > 64 || (fifo = open(argv[1], O_RDWR)) < 0)
		return 2;
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, NULL) != 0)
			return 1;
	while (atomic_load(&done) < n) {
		syscall(SYS_getpid);
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	return 0;
}
