#!/usr/bin/env bash
# Runs the whole renacer test suite from a fresh clone: installs what is
# missing, builds twice (normal, and ASan+UBSan), runs every unit and
# end-to-end test in both (the normal run with the default backend, eBPF where
# this machine permits it; the ASan run with RENACER_BACKEND=ptrace, so that
# every test that does not name a backend covers both), fuzzes the trace reader briefly, builds, installs
# and runs the Debian package (scripts/build-deb.sh), and ends with a
# "N passed, N failed, N skipped" line (CI reads it; a skipped test is one
# that could not run here, e.g. a tool missing, never counted as passed).
# Exit status 0 only when nothing failed.
#
#   scripts/test.sh            everything
#   SKIP_SANITIZE=1 scripts/test.sh   normal build only (quicker, for development)
#   SKIP_DEB=1 scripts/test.sh        no Debian package build (it takes ~4 min)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/setup.sh || { echo "test.sh: dependency installation failed"; exit 1; }

passed=0
failed=0
skipped=0
failures=()

record() { # name status
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$1")
  fi
}

build() { # dir extra-cmake-args...
  local dir=$1
  shift
  mkdir -p "$dir"
  if ! cmake -S . -B "$dir" -DRENACER_WERROR=ON "$@" >"$dir/configure.log" 2>&1; then
    tail -n 40 "$dir/configure.log"
    return 1
  fi
  if ! cmake --build "$dir" -j "$jobs" >"$dir/build.log" 2>&1; then
    grep -E -A5 "error|Error" "$dir/build.log" | head -n 80
    return 1
  fi
}

# Runs ctest in dir; counts its per-test result lines into passed/failed/skipped.
run_ctest() { # dir label
  local dir=$1 label=$2 log="$1/ctest.log"
  (cd "$dir" && ctest --output-on-failure --timeout 600 -j "$jobs") >"$log" 2>&1
  local rc=$?
  local results p f s
  results=$(grep -E "^ *[0-9]+/[0-9]+ Test +#[0-9]+: " "$log")
  p=$(grep -c " Passed " <<<"$results" || true)
  s=$(grep -c "\*\*\*Skipped " <<<"$results" || true)
  f=$(grep -v " Passed " <<<"$results" | grep -vc "\*\*\*Skipped " || true)
  [ -n "$results" ] || f=0
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
  while read -r line; do
    [ -n "$line" ] && failures+=("[$label] $line")
  done < <(grep -v " Passed " <<<"$results" | grep -v "\*\*\*Skipped ")
  while read -r line; do
    [ -n "$line" ] && echo "  skipped: $line"
  done < <(grep "\*\*\*Skipped " <<<"$results")
  echo "$label: $p tests passed, $f failed, $s skipped"
  if [ "$rc" -ne 0 ]; then
    if [ "$f" -eq 0 ]; then
      failed=$((failed + 1))
      failures+=("[$label] ctest exited $rc")
    fi
    # The output of the failing tests (ctest --output-on-failure put it in the log).
    grep -vE " Passed |^ *Start +[0-9]+:" "$log" | tail -n 400
  fi
}

echo "== normal build"
if build build; then
  record "build (normal)" 0
  run_ctest build normal
else
  record "build (normal)" 1
fi

if [ "${SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== ASan+UBSan build"
  if build build-asan -DRENACER_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug; then
    record "build (asan)" 0
    RENACER_BACKEND=ptrace ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_ctest build-asan asan
  else
    record "build (asan)" 1
  fi
fi

if [ "${SKIP_FUZZ:-0}" != 1 ] && [ -f tests/fuzz/run.sh ]; then
  echo "== fuzzing the trace reader"
  if bash tests/fuzz/run.sh build-fuzz "${FUZZ_SECONDS:-20}"; then
    record "fuzz (reader)" 0
  else
    record "fuzz (reader)" 1
  fi
fi

if [ "${SKIP_DEB:-0}" != 1 ]; then
	echo "== Debian package (scripts/build-deb.sh: build with its tests, lintian, install, run)"
	if bash scripts/build-deb.sh build-deb >build-deb.log 2>&1; then
		record "debian package" 0
		grep -E "^(ok|FAIL):" build-deb.log | sed 's/^/  /'
	else
		record "debian package" 1
		tail -n 60 build-deb.log
	fi
fi

echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
