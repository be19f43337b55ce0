# tests/e2e/lib.sh - the one helper library of the end-to-end tests (sourced by
# every tests/e2e/test_*.sh; not a test itself). ctest sets RENACER_BIN (the
# build directory), RENACER_SRC (the source directory) and PROG_DIR (the test
# programs).
#
# One style for every script:
#   pass WHAT            a check that held ("ok: WHAT")
#   fail WHAT            a check that did not ("FAIL: WHAT" on stderr); counted
#   check WHAT WANT GOT  pass or fail on WANT = GOT
#   check_cmd WHAT CMD...    pass or fail on CMD's success
#   expect CODE WHAT CMD...  runs CMD (stdout/stderr to $TMP/out, $TMP/err), checks its exit code
#   skip WHY             a part that cannot run here: the test reports "skipped"
#   skip_all WHY         nothing more can run here: stops now, reported "skipped"
#   need TOOL...         skip_all unless every TOOL is a command here
#   finish               ends the script: exit 1 if a check failed, else
#                        E2E_SKIP if a part was skipped, else 0
# E2E_SKIP (77) is registered as the tests' SKIP_RETURN_CODE in
# tests/CMakeLists.txt, so ctest (and scripts/test.sh) count it as skipped.

set -u
: "${RENACER_BIN:?RENACER_BIN must name the build directory}"
: "${RENACER_SRC:?RENACER_SRC must name the source directory}"
: "${PROG_DIR:?PROG_DIR must name the test program directory}"

E2E_SKIP=77
RECORD="$RENACER_BIN/renacer-record"
REPORT="$RENACER_BIN/renacer-report"
FAILS=0
SKIPS=0
# Background processes a script starts and wants killed at exit.
bg_pids=""
TMP=$(mktemp -d "${TMPDIR:-/tmp}/renacer-e2e.XXXXXX") || exit 1
e2e_cleanup() {
	for p in $bg_pids; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap e2e_cleanup EXIT

# Descriptors inherited from the test runner would shift the traced programs'
# fd numbers (openat would return 4, not 3): close all but stdio (and bash's
# own script descriptor, 255).
for fd in $(ls /proc/$$/fd); do
	if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then
		eval "exec $fd>&-" 2>/dev/null
	fi
done

pass() {
	echo "ok: $*"
}

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# check WHAT WANT GOT: compares two values.
check() {
	if [ "$2" = "$3" ]; then
		pass "$1 ($3)"
	else
		fail "$1: want '$2', got '$3'"
	fi
}

# check_cmd WHAT CMD...: passes when CMD succeeds.
check_cmd() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# expect CODE WHAT CMD...: runs CMD (stdout to $TMP/out, stderr to $TMP/err)
# and checks it exits with CODE.
expect() {
	local want=$1 what=$2 got
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$what (exit $got)"
	else
		fail "$what: exit $got, wanted $want: $*"
		head -n 5 "$TMP/err" >&2
	fi
}

skip() {
	echo "skipped: $*"
	SKIPS=$((SKIPS + 1))
}

skip_all() {
	skip "$@"
	finish
}

need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip_all "$t is not installed (scripts/setup.sh installs it)"
	done
}

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed" >&2
		exit 1
	fi
	if [ "$SKIPS" -ne 0 ]; then
		echo "all checks that could run passed; $SKIPS part(s) skipped"
		exit "$E2E_SKIP"
	fi
	echo "all checks passed"
	exit 0
}

# Fails and stops unless the renacer programs named are built.
need_tools() {
	local t
	[ "$#" -gt 0 ] || set -- "$RECORD" "$REPORT"
	for t in "$@"; do
		[ -x "$t" ] || { fail "$t is not built"; finish; }
	done
}

# The line of a marker comment in a test program's source: marker_line PROG.c TEXT
marker_line() {
	grep -n "$2" "$RENACER_SRC/tests/progs/$1" | head -1 | cut -d: -f1
}

# record TRACE CMD...: records CMD into TRACE (strings up to 256 bytes).
record() {
	local trace=$1
	shift
	local rc=0
	"$RECORD" -q -s 256 -o "$trace" -- "$@" >"$TMP/record.out" 2>"$TMP/record.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "renacer-record $*: exit $rc ($(head -3 "$TMP/record.err"))"
		return 1
	fi
}

# must_record TRACE [FLAGS...] -- CMD...: records CMD into TRACE with
# renacer-record -q FLAGS, or fails and stops the test (nothing else can be
# checked without the trace).
must_record() {
	local trace=$1
	shift
	if ! "$RECORD" -q -o "$trace" "$@" >"$TMP/record.out" 2>"$TMP/record.err"; then
		fail "renacer-record $*: $(head -3 "$TMP/record.err")"
		finish
	fi
}

# How a command ended, as "exit N" or "signal N" (bash folds both into $?).
ended() {
	python3 -c 'import subprocess, sys
r = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL)
print("signal %d" % -r.returncode if r.returncode < 0 else "exit %d" % r.returncode)' "$@"
}

# Waits (up to 10 s) until file $1 exists and is non-empty.
wait_file() {
	for _ in $(seq 100); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# The heartbeat counter rec_loop keeps in file $1 (retried while the file is
# being rewritten).
beats() {
	for _ in $(seq 50); do
		b=$(cat "$1" 2>/dev/null)
		[ -n "$b" ] && {
			echo "$b"
			return
		}
		sleep 0.01
	done
	echo 0
}

# The event count from the recorder's final stderr line in file $1.
events_of() {
	sed -n 's/^renacer-record: \([0-9]*\) events, .*/\1/p' "$1" | tail -n 1
}

# Sets BACKENDS to the recorder backends that can run here: ptrace, and ebpf
# where it is built and permitted (else the eBPF part is reported skipped,
# with the reason). Tests of what both must record alike loop over it.
pick_backends() {
	BACKENDS=ptrace
	if timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/ebpf-probe.trace" -- /bin/true \
		2>"$TMP/ebpf-probe.err"; then
		BACKENDS="ptrace ebpf"
	else
		skip "the eBPF backend: $(head -n 1 "$TMP/ebpf-probe.err")"
	fi
}
