// link: unwlib
// Unwinder test subject: the open() happens in libunwlib.so (unwlib_f).
int unwlib_f(const char *path);

int main(int argc, char **argv)
{
	return unwlib_f(argc > 1 ? argv[1] : "/unw-marker") ? 0 : 1;
}
