// Unwinder test subject: a second thread calls f(), which opens argv[1] at
// the UNW_SITE line every millisecond; the main thread waits for it forever.
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

int f(const char *path);

__attribute__((noinline)) int f(const char *path)
{
	int fd = open(path, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	return fd < 0;
}

static void *worker(void *arg)
{
	for (;;) {
		f(arg);
		usleep(1000);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2 || pthread_create(&t, NULL, worker, argv[1]) != 0)
		return 2;
	pthread_join(t, NULL);
	return 0;
}
