/*
 * rpt_threads.c - two threads and a child process making known calls, for
 * renacer-report's per-thread prefixes and its --pid/--tid/--comm filters.
 * Usage: rpt_threads N   each thread calls getppid() N times; then a child
 * calls getppid() N times and executes /bin/true.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int calls;

static void *worker(void *arg)
{
	for (int i = 0; i < calls; i++)
		getppid(); /* RPT_THREADS_WORKER */
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t[2];
	calls = argc > 1 ? atoi(argv[1]) : 10;
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		for (int i = 0; i < calls; i++)
			getppid();
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return 1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
