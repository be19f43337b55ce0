/*
 * rec_listfds.c - prints the descriptors it was started with, one per line as
 * "FD -> TARGET" (pipes and sockets as their kind), so that a test can compare
 * a traced run with an untraced one: a tracer must not leak descriptors.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (!d) {
		perror("/proc/self/fd");
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		char link[300], target[512];
		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%s", de->d_name);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		/* pipe:[1234] -> pipe: the inode differs from run to run */
		char *bracket = strchr(target, '[');
		if (bracket && strchr(target, ':') && strchr(target, ':') < bracket)
			*bracket = '\0';
		printf("%s -> %s\n", de->d_name, target);
	}
	closedir(d);
	return 0;
}
