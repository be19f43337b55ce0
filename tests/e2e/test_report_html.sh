#!/bin/bash
# renacer-report --format html: one self-contained page (no URL of any kind:
# inline style and script only) with the summary table, the per-source table,
# histograms and a timeline, rendered by headless Chromium without script
# errors (the page marks <html data-rendered="ok"> at the end of its script and
# records any error in data-error; the console log must hold no error).
. "$(dirname "$0")/lib.sh"
need_tools

N=30
must_record "$TMP/t.trace" -f -- "$PROG_DIR/rpt_threads" "$N"
"$REPORT" -q --format html -o "$TMP/r.html" "$TMP/t.trace"
check "html report exit status" 0 $?
LINE=$(marker_line rpt_threads.c RPT_THREADS_WORKER)

# Self-contained: no URL, no external resource, no import.
got=$(grep -ciE 'https?:|(src|href)=["'"'"']?//|@import|url\(' "$TMP/r.html")
check "lines naming a URL or an external resource" 0 "$got"
got=$(grep -c '<script src\|<link ' "$TMP/r.html")
check "external scripts or style sheets" 0 "$got"
# The tables, as HTML.
got=$(grep -cE "<tr><td class=\"l\">getppid</td>.*<td>$((3 * N))</td><td>0</td>" "$TMP/r.html")
check "summary row getppid with $((3 * N)) calls" 1 "$got"
got=$(grep -c "rpt_threads\.c:$LINE in worker</td><td>$((2 * N))</td>" "$TMP/r.html")
check "source row of the workers' getppid" 1 "$got"

# The findings section, as the text summary has them: a logger that fsyncs
# after every write.
record "$TMP/log.trace" "$PROG_DIR/rpt_logger" "$TMP/log.txt" 50 || { finish; exit 1; }
"$REPORT" -q --format html -o "$TMP/log.html" "$TMP/log.trace"
want=$("$REPORT" -q -c "$TMP/log.trace" | grep -o '^\[sync-per-write\] [^:]*')
check "text summary finds sync-per-write" "[sync-per-write] 50 fsync calls for 50 writes" "$want"
got=$(grep -c '<span class="kind">sync-per-write</span> 50 fsync calls for 50 writes' "$TMP/log.html")
check "html findings section has it" 1 "$got"
got=$(grep -c '<section id="findings">' "$TMP/r.html")
check "findings section present when nothing was found" 1 "$got"
"$REPORT" -q --no-findings --format html -o "$TMP/nof.html" "$TMP/log.trace"
check "--no-findings: no findings section" 0 "$(grep -c '<section id="findings">' "$TMP/nof.html")"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	skip_all "chromium is not installed (scripts/setup.sh installs it): browser checks skipped"
fi
# A fresh profile; every host name unresolvable, so a fetch could not succeed
# anyway; the console goes to stderr.
run_chromium() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$TMP/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
		--enable-logging=stderr --v=0 --window-size=1200,2000 "$@" "file://$TMP/r.html"
}
run_chromium --dump-dom >"$TMP/dom.html" 2>"$TMP/console.txt"
check "chromium exit status" 0 $?
got=$(grep -c '<html lang="en" data-rendered="ok"' "$TMP/dom.html")
check "page script ran to its end" 1 "$got"
got=$(grep -c 'data-error=' "$TMP/dom.html")
check "script errors recorded by the page" 0 "$got"
got=$(grep -ciE 'CONSOLE.*(error|uncaught)|Uncaught' "$TMP/console.txt")
check "console errors" 0 "$got"
# Drawn: one canvas per histogram (the syscalls, at most 12) and the timeline.
rows=$(jq '.syscalls | length' < <("$REPORT" -q --format json -c "$TMP/t.trace"))
[ "$rows" -gt 12 ] && rows=12
got=$(grep -o '<canvas' "$TMP/dom.html" | wc -l)
check "canvases (histograms + timeline)" "$((rows + 1))" "$got"
got=$(grep -c 'id="timeline"' "$TMP/dom.html")
check "timeline canvas" 1 "$got"
finish
