/* config.c - plugin configuration loading of the example app: one open per plugin. */
#include "app.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int load_plugins(const char *dir, unsigned count)
{
	unsigned loaded = 0;

	for (unsigned i = 1; i <= count; i++) {
		char path[512];
		char conf[256];
		snprintf(path, sizeof(path), "%s/plugin-%03u.conf", dir, i);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (read(fd, conf, sizeof(conf)) >= 0)
			loaded++;
		close(fd);
	}
	return (int)loaded;
}
