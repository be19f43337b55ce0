/* fonts.h - font loading for the example application. */
#ifndef MYAPP_FONTS_H
#define MYAPP_FONTS_H

#include <stddef.h>

struct font_cache {
	unsigned loaded;
	size_t bytes;
};

int load_all_fonts(const char *dir, struct font_cache *cache);
int load_needed_fonts(const char *dir, struct font_cache *cache, unsigned count);

#endif
