#!/bin/bash
# Source attribution (spec/summary.md, "Sources"): --source names the line of
# the program's own code that made each call, never a line inside glibc
# (../sysdeps/...); calls the program's code did not make are labelled by who
# made them: "(dynamic loader)" before main, "(libc: exit)" for stdio's flush
# and exit_group at exit. Live renacer and renacer-report agree, for a PIE and
# a non-PIE program and a stripped copy, and every output (event lines, text,
# JSON, CSV, SQLite, HTML) carries the same label. Also the summary's page-fault
# note: only for a file the program itself maps, not for the loader's mappings
# of the shared libraries.
. "$(dirname "$0")/lib.sh"
need_tools "$RECORD" "$REPORT" "$RENACER_BIN/renacer"
need python3 strip

RENACER="$RENACER_BIN/renacer"
OPEN=$(marker_line src_attr.c SRC_ATTR_OPEN)
MMAP=$(marker_line src_attr.c SRC_ATTR_MMAP)
CLOSE=$(marker_line src_attr.c SRC_ATTR_CLOSE)
DATA="$TMP/data.txt"
echo "attribution test data" >"$DATA"

# no_glibc_lines WHAT FILE: no line of FILE names a source line of glibc.
no_glibc_lines() {
	check "$1: no glibc build-tree path" 0 "$(grep -cE 'sysdeps|\.\./|rtld\.c|dl-[a-z]+\.c|\.S:' "$2")"
}

# event_checks WHAT FILE: the event lines of src_attr DATA with --source.
event_checks() {
	local what=$1 f=$2
	check "$what: open_data's openat" 1 \
		"$(grep -F "openat(AT_FDCWD, \"$DATA\", O_RDONLY) = 3   [" "$f" |
			grep -cE "src_attr\.c:$OPEN in open_data\]$")"
	check "$what: main's close" 1 "$(grep -cE "^close\(3\) = 0   \[.*src_attr\.c:$CLOSE in main\]$" "$f")"
	local libc_opens
	libc_opens=$(grep -cE '^openat\(AT_FDCWD, "[^"]*libc\.so\.6"' "$f")
	check "$what: the loader's openat of libc.so.6 are labelled" "$libc_opens" \
		"$(grep -E '^openat\(AT_FDCWD, "[^"]*libc\.so\.6"' "$f" | grep -c '   \[(dynamic loader)\]$')"
	[ "$libc_opens" -ge 1 ] || fail "$what: no openat of libc.so.6 seen"
	check "$what: the write of stdout's buffer at exit" 1 \
		"$(grep -cF 'write(1, "src_attr: sum 0\n", 16) = 16   [(libc: exit)]' "$f")"
	check "$what: exit_group" 1 "$(grep -cxF 'exit_group(0) = ?   [(libc: exit)]' "$f")"
	# Every suffix is the program's line or a label.
	check "$what: every source is src_attr.c or a label" 0 \
		"$(grep -E '   \[[^]]*\]$' "$f" | grep -vE '   \[(.*src_attr\.c:[0-9]+ in [a-z_]+|\([a-z ]+(: [a-z_]+)?\))\]$' | wc -l)"
	no_glibc_lines "$what" "$f"
}

# The suffixes in order, with each line's syscall name (what must not differ
# between two runs of the program).
suffixes() {
	grep -E '   \[[^]]*\]$' "$1" | sed -E 's/^([a-z0-9_]+)\(.*   \[(.*)\]$/\1 \2/'
}

for prog in src_attr src_attr_nopie; do
	"$RENACER" --source -- "$PROG_DIR/$prog" "$DATA" >"$TMP/$prog.live" 2>"$TMP/$prog.err"
	check "$prog: renacer exit status" 0 $?
	event_checks "$prog live" "$TMP/$prog.live"
	record "$TMP/$prog.trace" "$PROG_DIR/$prog" "$DATA" || continue
	# The program's output went to the recorder's stdout: the same program run.
	"$REPORT" --source "$TMP/$prog.trace" >"$TMP/$prog.off"
	check "$prog: renacer-report exit status" 0 $?
	event_checks "$prog offline" "$TMP/$prog.off"
	suffixes "$TMP/$prog.live" >"$TMP/$prog.live.src"
	suffixes "$TMP/$prog.off" >"$TMP/$prog.off.src"
	check_cmd "$prog: live and offline give the same $(wc -l <"$TMP/$prog.off.src") sources" \
		cmp -s "$TMP/$prog.live.src" "$TMP/$prog.off.src"
done

# The summary: a row per (syscall, source); labelled rows for the loader and exit.
T="$TMP/src_attr.trace"
"$REPORT" -c --source "$T" >"$TMP/sum.txt"
check "summary: open_data's openat row" 1 \
	"$(grep -cE "^openat +1 +0 .*src_attr\.c:$OPEN in open_data$" "$TMP/sum.txt")"
check "summary: the exit write row" 1 "$(grep -cE '^write +1 +0 .* \(libc: exit\)$' "$TMP/sum.txt")"
check "summary: the loader's openat row" 1 "$(grep -cE '^openat +[0-9]+ +[0-9]+ .* \(dynamic loader\)$' "$TMP/sum.txt")"
check "summary: the launch's execve has no stack" 1 "$(grep -cE '^execve +1 +0 .* \?$' "$TMP/sum.txt")"
no_glibc_lines "summary" "$TMP/sum.txt"

"$REPORT" --format json -c --source "$T" >"$TMP/sum.json"
check "JSON summary: labels in function and location, no file or line" "ok" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
src = {(r["name"], s["location"]): s for r in d["syscalls"] for s in r["sources"]}
bad = []
for key, want in (("write", "(libc: exit)"), ("openat", "(dynamic loader)"),
                  ("mmap", "(dynamic loader)")):
    s = src.get((key, want))
    if not s or s["function"] != want or s["file"] is not None or s["line"] != 0:
        bad.append("%s %s: %s" % (key, want, s))
o = [s for (n, l), s in src.items() if n == "openat" and s["function"] == "open_data"]
if len(o) != 1 or not o[0]["file"].endswith("src_attr.c") or o[0]["line"] != int(sys.argv[2]):
    bad.append("open_data: %s" % o)
print("; ".join(bad) or "ok")' "$TMP/sum.json" "$OPEN")"
no_glibc_lines "JSON summary" "$TMP/sum.json"

"$REPORT" --format json --source -e trace=exit_group,openat "$T" >"$TMP/ev.json"
check "JSON events: the same sources" "ok" "$(python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
ex = [e["source"] for e in ev if e.get("syscall") == "exit_group"]
lo = [e["source"]["function"] if e["source"]["file"] is None else e["source"]["file"]
      for e in ev if e.get("syscall") == "openat" and "libc.so.6" in e["args"][1]]
bad = []
if ex != [{"file": None, "line": None, "function": "(libc: exit)", "module": None}]:
    bad.append("exit_group: %s" % ex)
if not lo or set(lo) != {"(dynamic loader)"}:
    bad.append("libc.so.6 opens: %s" % lo)
print("; ".join(bad) or "ok")' "$TMP/ev.json")"

"$REPORT" --format csv -c --source "$T" >"$TMP/sum.csv"
check "CSV summary: the label in source_function, source_file empty" "ok" "$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
w = [r for r in rows if r["syscall"] == "write"]
ok = len(w) == 1 and w[0]["source_file"] == "" and w[0]["source_function"] == "(libc: exit)"
print("ok" if ok else w)' "$TMP/sum.csv")"
no_glibc_lines "CSV summary" "$TMP/sum.csv"

"$REPORT" -q --source --format sqlite -o "$TMP/t.db" "$T"
check "SQLite export exit status" 0 $?
check "SQLite: the calls and summary rows carry the labels" "1 1 0" "$(python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
one = lambda q: db.execute(q).fetchone()[0]
print(one("SELECT count(*) FROM syscalls WHERE name = \"exit_group\" AND source_function = \"(libc: exit)\" AND source_file IS NULL"),
      one("SELECT count(*) > 0 FROM summary WHERE source_function = \"(dynamic loader)\""),
      one("SELECT count(*) FROM syscalls WHERE source_file LIKE \"%sysdeps%\" OR source_file LIKE \"../%\""))' "$TMP/t.db")"

"$REPORT" -q --format html -o "$TMP/t.html" "$T"
check "HTML: both labels in the page" 2 \
	"$(grep -oE '\((dynamic loader|libc: exit)\)' "$TMP/t.html" | sort -u | wc -l)"
no_glibc_lines "HTML" "$TMP/t.html"

# A stripped copy: no line information, so its own frames are module+offset;
# its start code (_start, at the entry point) is still not its own code.
cp "$PROG_DIR/src_attr" "$TMP/stripped_attr" && strip "$TMP/stripped_attr"
"$RENACER" -q --source -- "$TMP/stripped_attr" "$DATA" >"$TMP/stripped.live" 2>"$TMP/stripped.err"
check "stripped: renacer exit status" 0 $?
check "stripped: open_data's openat as stripped_attr+0xOFF" 1 \
	"$(grep -F "openat(AT_FDCWD, \"$DATA\", O_RDONLY) = 3   [" "$TMP/stripped.live" |
		grep -cE '   \[stripped_attr\+0x[0-9a-f]+\]$')"
check "stripped: the exit write is still libc's" 1 \
	"$(grep -cF 'write(1, "src_attr: sum 0\n", 16) = 16   [(libc: exit)]' "$TMP/stripped.live")"
check "stripped: exit_group" 1 "$(grep -cxF 'exit_group(0) = ?   [(libc: exit)]' "$TMP/stripped.live")"
no_glibc_lines "stripped" "$TMP/stripped.live"

# Stacks not recorded: no source at all, said as '?', never a guess.
"$RECORD" -q --no-stack -o "$TMP/nostack.trace" -- "$PROG_DIR/src_attr" "$DATA" >/dev/null
"$REPORT" --source "$TMP/nostack.trace" >"$TMP/nostack.txt"
check "no stacks: no event line has a source" 0 "$(grep -cE '   \[[^]]*\]$' "$TMP/nostack.txt")"
"$REPORT" -c --source "$TMP/nostack.trace" >"$TMP/nostack.sum"
check "no stacks: every summary row's source is ?" \
	"$(grep -cE '^[a-z0-9_]+ +[0-9]+ +[0-9]+ ' "$TMP/nostack.sum")" \
	"$(grep -cE '^[a-z0-9_]+ +[0-9]+ +[0-9]+ .* \?$' "$TMP/nostack.sum")"

# The page-fault note: the loader maps libc and its cache, which is no data
# access by the program; a file the program maps itself is.
note='(data access via page faults, not measured)'
"$REPORT" -c "$T" >"$TMP/plain.sum"
check "no mmap of the program's own: no page-fault note" 0 "$(grep -cF "$note" "$TMP/plain.sum")"
check "the loader's file mmaps are counted all the same" 1 "$(grep -cE '^mmap +[0-9]+ ' "$TMP/plain.sum")"
"$RENACER" -c -- "$PROG_DIR/src_attr" "$DATA" mmap >"$TMP/mmap.sum" 2>/dev/null
check "renacer -c: the program's mmap of its data gives the note" 1 \
	"$(grep -cE "^Total: .* in system calls $(echo "$note" | sed 's/[()]/\\&/g'), " "$TMP/mmap.sum")"
"$RENACER" -c -e trace=file -- "$PROG_DIR/src_attr_nopie" "$DATA" mmap >"$TMP/mmap_file.sum" 2>/dev/null
check "trace=file, non-PIE: the note" 1 "$(grep -cF "$note" "$TMP/mmap_file.sum")"
"$RENACER" -c -e trace=file -- "$PROG_DIR/src_attr_nopie" "$DATA" >"$TMP/nommap_file.sum" 2>/dev/null
check "trace=file, non-PIE, no mmap of its own: no note" 0 "$(grep -cF "$note" "$TMP/nommap_file.sum")"
"$RENACER" --format json -c -o "$TMP/mmap.json" -- "$PROG_DIR/src_attr" "$DATA" mmap >/dev/null 2>&1
"$REPORT" --format json -c "$T" >"$TMP/plain.json"
check "JSON file_mmap: true with the program's mmap, false without" "True False" \
	"$(python3 -c 'import json, sys; print(*(json.load(open(f))["file_mmap"] for f in sys.argv[1:]))' \
		"$TMP/mmap.json" "$TMP/plain.json")"
# Without stacks the loader's cache is told by its file (the descriptor its
# openat of ld.so.cache returned): no note for it, the note for the program's.
"$REPORT" -c "$TMP/nostack.trace" >"$TMP/nostack_plain.sum"
check "no stacks, no mmap of the program's own: no page-fault note" 0 \
	"$(grep -cF "$note" "$TMP/nostack_plain.sum")"
check "no stacks: the loader's cache mmap is in the table all the same" 1 \
	"$(grep -cE '^mmap +[0-9]+ ' "$TMP/nostack_plain.sum")"
"$RENACER" -c --no-findings -- "$PROG_DIR/src_attr" "$DATA" >"$TMP/nofind.sum" 2>/dev/null
check "renacer -c --no-findings (no stacks): no page-fault note" 0 "$(grep -cF "$note" "$TMP/nofind.sum")"
"$RENACER" -c --no-stack -- "$PROG_DIR/src_attr" "$DATA" mmap >"$TMP/nostack_mmap.sum" 2>/dev/null
check "renacer -c --no-stack: the program's mmap of its data gives the note" 1 \
	"$(grep -cF "$note" "$TMP/nostack_mmap.sum")"
"$REPORT" --source -e trace=mmap "$T" >"$TMP/loader_mmaps.txt"
check "the mmaps of that run were all the loader's" \
	"$(grep -c '^mmap(' "$TMP/loader_mmaps.txt")" "$(grep -c '^mmap(.*   \[(dynamic loader)\]$' "$TMP/loader_mmaps.txt")"
finish
