/*
 * rec_fork.c - forks N short-lived children (default 100), each making a few
 * known calls, plus one vfork+exec of /bin/true; the parent waits for all.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100;

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			(void)write(fd, "child\n", 6);
			close(fd);
			_exit(i % 5);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	pid_t v = vfork();
	if (v == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (v > 0)
		waitpid(v, NULL, 0);
	return 0;
}
