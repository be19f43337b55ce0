#!/bin/bash
# renacer-report --format perfetto: a Chrome trace event JSON document for a
# program with two threads and a child process. Checks its structure as
# ui.perfetto.dev and chrome://tracing read it: every event well-formed (ph,
# pid, tid, name, ts, dur), process and thread names for every track, slices
# in time order and not overlapping on each track, one slice per returned
# syscall (the counts of the summary), args in the slices.
. "$(dirname "$0")/lib.sh"
need_tools

N=40
must_record "$TMP/t.trace" -f -- "$PROG_DIR/rpt_threads" "$N"
"$REPORT" -q --format perfetto -o "$TMP/t.json" "$TMP/t.trace"
check "perfetto report exit status" 0 $?
"$REPORT" -q --format json -c "$TMP/t.trace" >"$TMP/sum.json"
LINE=$(marker_line rpt_threads.c RPT_THREADS_WORKER)

python3 - "$TMP/t.json" "$TMP/sum.json" "$N" "$LINE" <<'PY' >"$TMP/check.out" 2>&1
import json, sys
doc = json.load(open(sys.argv[1]))
summary = json.load(open(sys.argv[2]))
n, line = int(sys.argv[3]), sys.argv[4]
problems = []
def bad(msg):
    problems.append(msg)
ev = doc.get("traceEvents")
if not isinstance(ev, list) or not ev:
    bad("no traceEvents list")
    ev = []
if doc.get("displayTimeUnit") not in ("ns", "ms"):
    bad("displayTimeUnit missing")
num = (int, float)
tracks, pnames, tnames, counts = {}, {}, {}, {}
for e in ev:
    ph = e.get("ph")
    if ph not in ("X", "M", "i"):
        bad("unexpected ph %r" % ph)
        continue
    if not isinstance(e.get("pid"), int) or not isinstance(e.get("tid"), int):
        bad("pid/tid not integers: %r" % e)
    if not isinstance(e.get("name"), str) or not e["name"]:
        bad("no name: %r" % e)
    if ph == "M":
        if e["name"] not in ("process_name", "thread_name"):
            bad("unknown metadata %r" % e["name"])
        nm = e.get("args", {}).get("name")
        if not isinstance(nm, str) or not nm:
            bad("metadata without args.name: %r" % e)
        (pnames if e["name"] == "process_name" else tnames)[
            e["pid"] if e["name"] == "process_name" else (e["pid"], e["tid"])] = nm
        continue
    if not isinstance(e.get("ts"), num) or e["ts"] < 0:
        bad("bad ts: %r" % e)
    if ph == "i":
        if e.get("s") not in ("t", "p", "g"):
            bad("instant without scope: %r" % e)
        continue
    if not isinstance(e.get("dur"), num) or e["dur"] < 0:
        bad("bad dur: %r" % e)
    a = e.get("args", {})
    if not isinstance(a.get("args"), str) or not isinstance(a.get("ret"), str):
        bad("slice without args/ret: %r" % e)
    tracks.setdefault((e["pid"], e["tid"]), []).append(e)
    counts[e["name"]] = counts.get(e["name"], 0) + 1
for key, sl in tracks.items():
    if key not in tnames:
        bad("track %r has no thread_name" % (key,))
    if key[0] not in pnames:
        bad("process %d has no process_name" % key[0])
    for a, b in zip(sl, sl[1:]):
        if b["ts"] < a["ts"]:
            bad("track %r not in time order at %r" % (key, b["ts"]))
        if a["ts"] + a["dur"] > b["ts"] + 0.001:
            bad("track %r: slices overlap at %r" % (key, b["ts"]))
want = {r["name"]: r["calls"] for r in summary["syscalls"]}
if want != counts:
    bad("slice counts %r differ from the summary %r" % (counts, want))
pids = {k[0] for k in tracks}
main_pid = min(pids)
threads = [k for k in tracks if k[0] == main_pid]
print("tracks", len(tracks), "processes", len(pids), "threads of the first", len(threads))
getppid = {k: sum(1 for e in sl if e["name"] == "getppid") for k, sl in tracks.items()}
print("getppid per track", sorted(getppid.values()))
src = [e["args"].get("source", "") for sl in tracks.values() for e in sl if e["name"] == "getppid"]
print("worker slices at line", sum(1 for s in src if s.endswith("rpt_threads.c:%s in worker" % line)))
for p in problems[:10]:
    print("PROBLEM", p)
print("problems", len(problems))
PY
cat "$TMP/check.out"
check "structure problems" "problems 0" "$(grep '^problems' "$TMP/check.out")"
check "tracks: main thread, 2 workers, child" "tracks 4 processes 2 threads of the first 3" \
	"$(grep '^tracks' "$TMP/check.out")"
check "getppid slices per track" "getppid per track [0, $N, $N, $N]" \
	"$(grep '^getppid' "$TMP/check.out")"
check "worker getppid slices attributed to their line" "worker slices at line $((2 * N))" \
	"$(grep '^worker' "$TMP/check.out")"
jq -e . "$TMP/t.json" >/dev/null
check "jq parses the document" 0 $?

# A thread that execs: the old leader's end is an instant named as strace says it.
if "$RECORD" -q -f -o "$TMP/x.trace" -- "$PROG_DIR/rec_execthread" >/dev/null 2>&1; then
	want=$("$REPORT" -q "$TMP/x.trace" | grep -o 'superseded by execve in pid [0-9]*')
	got=$("$REPORT" -q --format perfetto "$TMP/x.trace" |
		jq -r '.traceEvents[] | select(.ph == "i" and (.name | startswith("superseded"))) | .name')
	check "superseded leader as an instant" "$want" "$got"
else
	fail "renacer-record rec_execthread"
fi
finish
