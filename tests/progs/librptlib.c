/*
 * librptlib.c - a shared library that makes system calls on behalf of its
 * caller (renacer-report's attribution test for code in a shared library).
 */
#include <unistd.h>

int rptlib_probe(const char *path);

int rptlib_probe(const char *path)
{
	return access(path, F_OK); /* RPT_LIB_ACCESS */
}
