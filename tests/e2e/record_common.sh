# Shared helpers for the renacer-record end-to-end tests (sourced).
# Env from ctest: RENACER_BIN (build dir), PROG_DIR (test programs).
set -u
R="$RENACER_BIN/renacer-record"
P="$PROG_DIR"
T=$(mktemp -d "${TMPDIR:-/tmp}/renacer-rec-e2e.XXXXXX")
failures=0
bg_pids=""
cleanup() {
	for p in $bg_pids; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
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
		[ -n "$b" ] && { echo "$b"; return; }
		sleep 0.01
	done
	echo 0
}

# The event count from the recorder's final stderr line in file $1.
events_of() {
	sed -n 's/^renacer-record: \([0-9]*\) events, .*/\1/p' "$1" | tail -n 1
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
