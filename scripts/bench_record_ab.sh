#!/usr/bin/env bash
# Two builds of the ptrace recorder side by side (a change's cost): the 1-byte
# write loop tests/progs/rec_writeloop recorded by OLD's and NEW's
# renacer-record, without and with stacks, in interleaved rounds; prints the
# median wall and CPU (user + sys) seconds of each and the new/old ratios.
#   bash scripts/bench_record_ab.sh OLD_BUILD NEW_BUILD [CALLS] [ROUNDS]
# (build OLD from an older commit in a git worktree, both -DCMAKE_BUILD_TYPE=Release)
set -u
old=${1:?usage: bench_record_ab.sh OLD_BUILD NEW_BUILD [CALLS] [ROUNDS]}
new=${2:?usage: bench_record_ab.sh OLD_BUILD NEW_BUILD [CALLS] [ROUNDS]}
N=${3:-30000}
R=${4:-5}
P=$new/tests/progs/rec_writeloop
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$R"); do
	for b in old new; do
		dir=$old
		[ $b = new ] && dir=$new
		for st in no-stack stacks; do
			flag=--no-stack
			[ $st = stacks ] && flag=
			/usr/bin/time -f "%e %U %S" -o "$T/t" "$dir/renacer-record" --backend ptrace -q $flag -o "$T/x.trace" \
				-- "$P" "$N" >/dev/null 2>&1
			awk -v k="$b $st" '{print k, $1, $2 + $3}' "$T/t" >>"$T/all"
		done
	done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '%-9s %10s %10s %10s %10s %9s %9s\n' "" "old wall" "new wall" "old CPU" "new CPU" "wall x" "CPU x"
for st in no-stack stacks; do
	ow=$(awk -v k="old $st" '$1" "$2 == k {print $3}' "$T/all" | median)
	nw=$(awk -v k="new $st" '$1" "$2 == k {print $3}' "$T/all" | median)
	oc=$(awk -v k="old $st" '$1" "$2 == k {print $4}' "$T/all" | median)
	nc=$(awk -v k="new $st" '$1" "$2 == k {print $4}' "$T/all" | median)
	awk -v s="$st" -v ow="$ow" -v nw="$nw" -v oc="$oc" -v nc="$nc" 'BEGIN {
		printf "%-9s %9.2fs %9.2fs %9.2fs %9.2fs %9.2f %9.2f\n", s, ow, nw, oc, nc, nw / ow, nc / oc }'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
