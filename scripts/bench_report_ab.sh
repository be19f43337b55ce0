#!/usr/bin/env bash
# Two builds of renacer-report side by side on the JSON Lines events (a
# change's cost): a synthetic trace whose stacks resolve to source lines,
# reported by OLD's and NEW's renacer-report with --format json on core 0, the
# output written to a new file (-o FILE) and to a pipe read by cat on core 1,
# in interleaved rounds. Checks that both outputs are byte for byte the same,
# then prints the best (least user + sys) round of each: user, sys, user + sys
# seconds and events/s of CPU time.
#   bash scripts/bench_report_ab.sh OLD_BUILD NEW_BUILD [EVENTS] [ROUNDS]
# (build OLD from an older commit, both -DCMAKE_BUILD_TYPE=Release)
set -u
usage="usage: bench_report_ab.sh OLD_BUILD NEW_BUILD [EVENTS] [ROUNDS]"
old=${1:?$usage}
new=${2:?$usage}
N=${3:-3000000}
R=${4:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/renacer-report-ab.XXXXXX")
trap 'rm -rf "$T"' EXIT
"$new/tests/bench_report" gen "$T/bench.trace" "$new/tests/progs/summary_bench_target" "$N" |
	head -1
"$old/renacer-report" --format json -o "$T/old.json" "$T/bench.trace" || exit 1
"$new/renacer-report" --format json -o "$T/new.json" "$T/bench.trace" || exit 1
if ! cmp "$T/old.json" "$T/new.json"; then
	echo "the two outputs differ" >&2
	exit 1
fi
echo "output: $(stat -c %s "$T/new.json") bytes, identical"
rm -f "$T/old.json" "$T/new.json"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$R"); do
	for b in old new; do
		dir=$old
		[ $b = new ] && dir=$new
		taskset -c 0 /usr/bin/time -f "%U %S" -o "$T/t" "$dir/renacer-report" --format json \
			-o "$T/out.json" "$T/bench.trace" || exit 1
		awk -v k="$b file" '{print k, $1, $2}' "$T/t" >>"$T/all"
		rm -f "$T/out.json"
		taskset -c 0 /usr/bin/time -f "%U %S" -o "$T/t" "$dir/renacer-report" --format json \
			"$T/bench.trace" | taskset -c 1 cat >/dev/null || exit 1
		awk -v k="$b pipe" '{print k, $1, $2}' "$T/t" >>"$T/all"
	done
done
printf '%-9s %8s %8s %12s %18s\n' "" user sys "user + sys" "events/s (CPU)"
for k in "old file" "new file" "old pipe" "new pipe"; do
	awk -v k="$k" -v n="$N" '$1" "$2 == k && (best == "" || $3 + $4 < best) {
			best = $3 + $4; u = $3; s = $4 }
		END { printf "%-9s %7.2fs %7.2fs %11.2fs %16.2f M\n", k, u, s, best, n / best / 1e6 }' "$T/all"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
