/*
 * pack_main.c - renacer-pack: on the recording host, collects every module a
 * trace references (executables, libraries, saved vDSO images, and their
 * debug files found by build-id or .gnu_debuglink) into one archive keyed by
 * build-id, for renacer-report --pack on a machine that has none of them.
 * See spec/cli/pack.md and spec/pack.md.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/sym/sym_pack.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

static const char usage_text[] =
    "Usage: renacer-pack [OPTIONS] TRACE -o PACK\n"
    "Packs every module TRACE references (executables, libraries, the saved vDSO) and\n"
    "their debug files, keyed by build-id, into PACK, for renacer-report --pack PACK\n"
    "on another machine.\n"
    "\n"
    "  -o, --output PACK    the pack to write (default TRACE.pack)\n"
    "  --debug-dir DIR      also look for debug files in DIR (repeatable)\n"
    "  --sysroot DIR        prefix for the module paths recorded in the trace\n"
    "  -q, --quiet          no warnings about modules that cannot be found\n"
    "  -h, --help           this text\n"
    "  -V, --version        the version, trace format and backends\n"
    "Exit status: 0 ok, 2 bad option or TRACE not a readable trace, 4 PACK could\n"
    "not be written.\n";

enum { OPT_DEBUG_DIR = 0x100, OPT_SYSROOT };

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"debug-dir", required_argument, NULL, OPT_DEBUG_DIR},
	    {"sysroot", required_argument, NULL, OPT_SYSROOT},
	    {"quiet", no_argument, NULL, 'q'},
	    CLI_COMMON_LONGOPTS,
	    {NULL, 0, NULL, 0},
	};
	struct sym_options so = {0};
	const char **dirs = xcalloc((size_t)argc + 1, sizeof(*dirs));
	const char *out = NULL;
	int opt;

	trace_set_progname("renacer-pack");
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:q" CLI_COMMON_SHORTOPTS, long_opts, NULL)) != -1) {
		cli_common_option(opt, usage_text);
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case OPT_DEBUG_DIR:
			dirs[so.ndebug_dirs++] = optarg;
			break;
		case OPT_SYSROOT:
			so.sysroot = optarg;
			break;
		case 'q':
			so.quiet = true;
			break;
		default:
			cli_getopt_error(optopt, "o", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		cli_usage_error("give the trace to pack");
	const char *trace = argv[optind++];
	if (optind < argc)
		cli_usage_error("unexpected argument '%s': give one trace file", argv[optind]);
	char *def = out ? NULL : xasprintf("%s.pack", trace);
	so.debug_dirs = dirs;

	struct sym_pack_stats st;
	char err[1024];
	int rc = sym_pack_write(trace, out ? out : def, &so, &st, err, sizeof(err));
	if (rc < 0) {
		pr_err("%s", err);
		free(def);
		free(dirs);
		return rc == -2 ? EXIT_BAD_INPUT : EXIT_OUTPUT_ERROR;
	}
	if (!so.quiet)
		fprintf(stderr,
		        "renacer-pack: %s: %u modules: %u files, %u debug files, %u saved images, "
		        "%u not found; %.1f MiB packed into %.1f MiB\n",
		        out ? out : def, st.modules, st.elf_files, st.debug_files, st.images,
		        st.missing, (double)st.bytes_in / 1048576.0,
		        (double)st.bytes_out / 1048576.0);
	free(def);
	free(dirs);
	return EXIT_OK;
}
