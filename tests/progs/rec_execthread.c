/*
 * rec_execthread.c - a non-leader thread calls execve (of /bin/true) while
 * the main thread is blocked: the kernel gives the leader's tid to the
 * executing thread.
 */
#include <pthread.h>
#include <unistd.h>

static void *runner(void *arg)
{
	(void)arg;
	execl("/bin/true", "true", (char *)NULL);
	return NULL;
}

int main(void)
{
	pthread_t th;

	pthread_create(&th, NULL, runner, NULL);
	pause();
	return 1;
}
