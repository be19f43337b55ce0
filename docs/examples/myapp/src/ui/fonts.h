/* fonts.h - font loading for the example application. */
#ifndef MYAPP_FONTS_H
#define MYAPP_FONTS_H

#include <dirent.h>
#include <stddef.h>

struct font_cache {
	unsigned loaded;
	size_t bytes;
};

/* Loads the fonts of directory dir, open as d. */
int load_all_fonts(DIR *d, const char *dir, struct font_cache *cache);

#endif
