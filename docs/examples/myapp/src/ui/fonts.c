/*
 * fonts.c - the font loader of the example application: the slow version
 * opens every font in the directory at startup; the optimized one opens only
 * the fonts the UI needs, on first use.
 */
#include "fonts.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads a font file's header so it can be registered. */
static int register_font(int fd, struct font_cache *cache)
{
	struct stat st;
	char header[64];

	if (fstat(fd, &st) != 0)
		return -1;
	ssize_t n = read(fd, header, sizeof(header));
	if (n < 0)
		return -1;
	cache->loaded++;
	cache->bytes += (size_t)st.st_size;
	return 0;
}

static int load_font(const char *dir, const char *name, struct font_cache *cache)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int rc = register_font(fd, cache);
	close(fd);
	return rc;
}

static int is_font(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && strcmp(name + len - 4, ".ttf") == 0;
}

/* Loads every font of dir: one open per file, at startup. */
int load_all_fonts(const char *dir, struct font_cache *cache)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (!is_font(e->d_name))
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		register_font(fd, cache);
		close(fd);
	}
	closedir(d);
	return 0;
}

/* Loads only the fonts the first screen uses. */
int load_needed_fonts(const char *dir, struct font_cache *cache, unsigned count)
{
	for (unsigned i = 1; i <= count; i++) {
		char name[64];
		snprintf(name, sizeof(name), "font-%04u.ttf", i);
		if (load_font(dir, name, cache) != 0)
			return -1;
	}
	return 0;
}
