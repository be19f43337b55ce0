// link: unwlib
// Unwinder test subject: the open() happens in libunwlib.so (unwlib_f).
// RENACER_TEST_LINGER_MS keeps it alive that long before it exits (linger.h).
#include "linger.h"

int unwlib_f(const char *path);

int main(int argc, char **argv)
{
	int r = unwlib_f(argc > 1 ? argv[1] : "/unw-marker") ? 0 : 1;
	linger();
	return r;
}
