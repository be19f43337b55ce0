/*
 * main.c - an application with a slow startup: it loads every font file in
 * ./fonts one by one. Built as myapp; with -DLAZY_FONTS as myapp-optimized,
 * which loads the 12 fonts it needs.
 */
#include <stdio.h>

#include "ui/fonts.h"

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "fonts";
	struct font_cache cache = {0, 0};

#ifdef LAZY_FONTS
	int rc = load_needed_fonts(dir, &cache, 12);
#else
	int rc = load_all_fonts(dir, &cache);
#endif
	if (rc != 0) {
		fprintf(stderr, "myapp: cannot load fonts from %s (create them with docs/examples/prepare.sh)\n", dir);
		return 1;
	}
	fprintf(stderr, "myapp: %u fonts loaded\n", cache.loaded);
	return 0;
}
