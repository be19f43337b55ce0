/*
 * Unit tests for analyze/sym_find: finding a module's files by build-id in
 * --debug-dir trees (plain files and the .build-id layout), under --sysroot,
 * in the system debug directory and through debuginfod; a stripped binary with
 * its debug file gives the same lines as the original.
 */
#include "sym_testlib.h"

Test(sym_find, stripped_binary_with_debug_dir_same_lines)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir), *dbg;
	cr_assert(asprintf(&dbg, "%s/dbg", dir) > 0);
	const char *dirs[] = {"/nonexistent-dir", dbg};
	struct sym_ctx *s = new_ctx(dirs, 2, NULL);
	capture_begin();
	expect_pie_markers(s, stripped, stripped);
	char *err = capture_end();
	cr_assert_str_eq(err, "", "no warning expected: %s", err);
	free(err);
	sym_free(s);
	free(dbg);
	free(stripped);
	remove_tree(dir);
}

Test(sym_find, build_id_layout_debug_dir)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	uint8_t bid[64];
	char hex[129];
	int n = sym_read_build_id(stripped, bid, sizeof(bid));
	cr_assert_gt(n, 1);
	sym_build_id_hex(bid, (unsigned)n, hex);
	char *cmd;
	cr_assert(asprintf(&cmd,
	                   "mkdir -p '%s/bid/.build-id/%.2s' && mv '%s/dbg/sym_pie.debug' "
	                   "'%s/bid/.build-id/%.2s/%s.debug'",
	                   dir, hex, dir, dir, hex, hex + 2) > 0);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	char *bdir;
	cr_assert(asprintf(&bdir, "%s/bid", dir) > 0);
	const char *dirs[] = {bdir};
	struct sym_ctx *s = new_ctx(dirs, 1, NULL);
	expect_pie_markers(s, stripped, stripped);
	sym_free(s);
	/* The system debug directory uses the same layout. */
	struct sym_options o = {.system_debug_dir = bdir};
	s = sym_new(&o);
	expect_pie_markers(s, stripped, stripped);
	sym_free(s);
	free(bdir);
	free(stripped);
	remove_tree(dir);
}

/* Feeds sym_pie under rec_path (with bid when not NULL) and checks that its frames
 * show as module+offset with exactly one warning containing what. */
Test(sym_find, stripped_without_debug_dir_warns_no_lines)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, stripped, stripped, PIE_BASE, NULL, 0);
	char *exe = prog("sym_pie");
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	capture_begin();
	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + a + 1, true, &f), 0);
	sym_frame(s, PID, PIE_BASE + a + 1, true, &f);
	char *err = capture_end();
	cr_assert_eq(count_lines_with(err, "warning"), 1, "%s", err);
	cr_assert_neq(strstr(err, "--debug-dir"), NULL, "%s", err);
	cr_assert_eq(f.line, 0);
	cr_assert_null(f.file);
	free(err);
	sym_free(s);
	free(exe);
	free(stripped);
	remove_tree(dir);
}

Test(sym_find, found_by_build_id_in_debug_dir_or_sysroot)
{
	char *exe = prog("sym_pie");
	char *dir = make_tmpdir();
	run("mkdir -p '%s/copies/sub' '%s/root/opt/app'", dir, dir);
	run("cp '%s' '%s/copies/sub/anything'", exe, dir);
	run("cp '%s' '%s/root/opt/app/sym_pie'", exe, dir);
	char *copies, *root;
	cr_assert(asprintf(&copies, "%s/copies", dir) > 0);
	cr_assert(asprintf(&root, "%s/root", dir) > 0);
	const char *dirs[] = {copies};
	struct sym_ctx *s = new_ctx(dirs, 1, NULL);
	expect_pie_markers(s, "/gone/sym_pie", exe);
	sym_free(s);
	s = new_ctx(NULL, 0, root);
	expect_pie_markers(s, "/opt/app/sym_pie", exe);
	sym_free(s);
	free(copies);
	free(root);
	free(exe);
	remove_tree(dir);
}

static int serve_dir(const char *dir, pid_t *server, int *pipe_fd)
{
	int out[2];
	cr_assert_eq(pipe(out), 0);
	*server = fork();
	cr_assert_geq(*server, 0);
	if (*server == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(out[1], 1);
		dup2(null, 2);
		close(out[0]);
		execlp("python3", "python3", "-u", "-m", "http.server", "--bind", "127.0.0.1",
		       "--directory", dir, "0", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	/* Read the whole line, and keep the pipe open while the server runs: a
	 * server writing into a closed pipe would die. */
	char buf[256] = {0};
	size_t len = 0;
	while (len < sizeof(buf) - 1 && !strchr(buf, '\n')) {
		ssize_t n = read(out[0], buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	*pipe_fd = out[0];
	const char *p = strstr(buf, " port ");
	cr_assert_not_null(p, "the HTTP server did not start: %s", buf);
	return atoi(p + 6);
}

Test(sym_find, debuginfod_when_urls_set)
{
	if (system("python3 -c pass >/dev/null 2>&1") != 0)
		cr_skip_test("python3 is needed to serve files over HTTP");
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	uint8_t bid[64];
	char hex[129];
	int n = sym_read_build_id(stripped, bid, sizeof(bid));
	cr_assert_gt(n, 0);
	sym_build_id_hex(bid, (unsigned)n, hex);
	run("mkdir -p '%s/srv/buildid/%s' '%s/cache' && cp '%s/dbg/sym_pie.debug' "
	    "'%s/srv/buildid/%s/debuginfo' && cp '%s' '%s/srv/buildid/%s/executable'",
	    dir, hex, dir, dir, dir, hex, stripped, dir, hex);
	char *srv, *cache, *url;
	cr_assert(asprintf(&srv, "%s/srv", dir) > 0);
	cr_assert(asprintf(&cache, "%s/cache", dir) > 0);
	pid_t server;
	int pipe_fd;
	int port = serve_dir(srv, &server, &pipe_fd);
	cr_assert(asprintf(&url, "http://127.0.0.1:%d", port) > 0);
	setenv("DEBUGINFOD_URLS", url, 1);
	setenv("DEBUGINFOD_CACHE_PATH", cache, 1);
	struct sym_options o = {.system_debug_dir = "/nonexistent-debug-root"};
	struct sym_ctx *s = sym_new(&o);
	feed_file(s, PID, stripped, "/gone/sym_pie", PIE_BASE, NULL, 0);
	struct sym_frame f;
	capture_begin();
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + 0x1001, true, &f), 0);
	char *err = capture_end();
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	close(pipe_fd);
	cr_assert_eq(count_lines_with(err, "warning"), 0, "%s", err);
	expect_pie_markers(s, "/gone/sym_pie", stripped);
	free(err);
	sym_free(s);
	free(srv);
	free(cache);
	free(url);
	free(stripped);
	remove_tree(dir);
}

Test(sym_find, debug_file_alone_when_the_binary_is_gone)
{
	/* Only the .debug file is at hand (its program headers keep addresses,
	 * not file offsets): the lines are still right. */
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir), *dbg;
	cr_assert(asprintf(&dbg, "%s/dbg", dir) > 0);
	const char *dirs[] = {dbg};
	struct sym_ctx *s = new_ctx(dirs, 1, NULL);
	capture_begin();
	expect_pie_markers(s, "/gone/sym_pie", stripped);
	char *err = capture_end();
	cr_assert_str_eq(err, "", "no warning expected: %s", err);
	free(err);
	sym_free(s);
	free(dbg);
	free(stripped);
	remove_tree(dir);
}

/* A binary stripped and linked to its debug file by .gnu_debuglink: found with no
 * --debug-dir beside the binary, in its .debug/ subdirectory, and under the system
 * debug directory by the binary's directory; a linked file of another build is
 * not taken. */
Test(sym_find, gnu_debuglink_beside_in_dot_debug_and_system_dir)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	run("cd '%s' && objcopy --add-gnu-debuglink=dbg/sym_pie.debug stripped && "
	    "mv dbg/sym_pie.debug sym_pie.debug",
	    dir);
	struct sym_options none = {.system_debug_dir = "/nonexistent-dir"};
	struct sym_ctx *s = sym_new(&none);
	capture_begin();
	expect_pie_markers(s, stripped, stripped);
	char *err = capture_end();
	cr_assert_str_eq(err, "", "beside the binary: no warning expected: %s", err);
	free(err);
	sym_free(s);

	run("cd '%s' && mkdir .debug && mv sym_pie.debug .debug/", dir);
	s = sym_new(&none);
	expect_pie_markers(s, stripped, stripped);
	sym_free(s);

	char *sys;
	cr_assert(asprintf(&sys, "%s/sysdbg", dir) > 0);
	run("mkdir -p '%s%s' && mv '%s/.debug/sym_pie.debug' '%s%s/'", sys, dir, dir, sys, dir);
	struct sym_options o = {.system_debug_dir = sys};
	s = sym_new(&o);
	expect_pie_markers(s, stripped, stripped);
	sym_free(s);

	/* The named file, but of another program: not taken (module+offset, a warning). */
	char *other = prog("sym_nopie");
	run("rm -f '%s%s/sym_pie.debug' && objcopy --only-keep-debug '%s' '%s/sym_pie.debug'", sys,
	    dir, other, dir);
	s = sym_new(&none);
	feed_file(s, PID, stripped, stripped, PIE_BASE, NULL, 0);
	char *exe = prog("sym_pie");
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	struct sym_frame f;
	capture_begin();
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + a + 1, true, &f), 0);
	err = capture_end();
	cr_assert_eq(f.line, 0, "no line from another program's debug file");
	cr_assert_null(f.file);
	cr_assert_eq(count_lines_with(err, "warning"), 1, "%s", err);
	free(err);
	sym_free(s);
	free(exe);
	free(other);
	free(sys);
	free(stripped);
	remove_tree(dir);
}
