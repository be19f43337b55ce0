# renacer-record command line: exit status passthrough, death by the
# program's signal, command not found, unwritable -o, bad usage, the final
# stderr line, -q, --help and --version.
. "$(dirname "$0")/lib.sh"

e=$(ended "$RECORD" -q -o "$TMP/a.trace" -- "$PROG_DIR/rec_known" 7)
[ "$e" = "exit 7" ] || fail "exit code 7 should pass through, got: $e"

e=$(ended "$RECORD" -q -o "$TMP/b.trace" -- "$PROG_DIR/rec_known" --signal 15)
[ "$e" = "signal 15" ] || fail "program killed by SIGTERM: recorder should die by it, got: $e"
[ -s "$TMP/b.trace" ] || fail "no trace after the program was killed"

e=$(ended "$RECORD" -q -o "$TMP/k.trace" -- sh -c 'kill -KILL $$')
[ "$e" = "signal 9" ] || fail "program killed by SIGKILL: recorder should die by it, got: $e"

e=$(ended "$RECORD" -q -o "$TMP/t.trace" -- "$PROG_DIR/rec_known" --signal 11)
[ "$e" = "signal 11" ] || fail "program killed by SIGSEGV: got: $e"
ls "$TMP"/core* >/dev/null 2>&1 && fail "the recorder left a core dump"

out=$("$RECORD" -o "$TMP/c.trace" -- no-such-command-renacer 2>&1)
rc=$?
[ "$rc" = 127 ] || fail "command not found should exit 127, got $rc"
[ "$out" = "renacer-record: no-such-command-renacer: command not found" ] ||
	fail "command not found message: '$out'"

out=$("$RECORD" -o /nonexistent-dir/x.trace -- "$PROG_DIR/rec_known" --marker "$TMP/ran" 2>&1)
rc=$?
[ "$rc" = 4 ] || fail "unwritable -o should exit 4 (output not writable), got $rc"
[ -e "$TMP/ran" ] && fail "the program ran although -o was unwritable"
case "$out" in
*/nonexistent-dir/x.trace*) ;;
*) fail "unwritable -o message should name the file: '$out'" ;;
esac

out=$("$RECORD" -e trace=opne -- true 2>&1)
rc=$?
[ "$rc" = 2 ] || fail "bad -e should exit 2, got $rc"
case "$out" in *opne*) ;; *) fail "bad -e message should name the token: '$out'" ;; esac
"$RECORD" -s abc -- true 2>/dev/null
[ $? = 2 ] || fail "-s abc should exit 2"
"$RECORD" 2>/dev/null
[ $? = 2 ] || fail "no command should exit 2"
"$RECORD" --stack-depth 8 --no-stack -- true 2>/dev/null
[ $? = 2 ] || fail "--stack-depth with --no-stack should exit 2"
"$RECORD" --bogus -- true 2>/dev/null
[ $? = 2 ] || fail "unknown option should exit 2"

"$RECORD" -o "$TMP/d.trace" -- "$PROG_DIR/rec_known" 2>"$TMP/d.err" >/dev/null
last=$(tail -n 1 "$TMP/d.err")
echo "$last" | grep -Eq "^renacer-record: [0-9]+ events, 0 lost, trace [0-9.]+ KiB \([0-9.]+ bytes/event\) in $TMP/d.trace\$" ||
	fail "final line: '$last'"
n=$(events_of "$TMP/d.err")
[ "${n:-0}" -gt 30 ] || fail "too few events: $n"

"$RECORD" -q -o "$TMP/q.trace" -- "$PROG_DIR/rec_known" 2>"$TMP/q.err" >/dev/null
[ -s "$TMP/q.err" ] && fail "-q should print nothing, got: $(cat "$TMP/q.err")"

(cd "$TMP" && "$RECORD" -q -- "$PROG_DIR/rec_known") || fail "default output file"
[ -s "$TMP/renacer.trace" ] || fail "default trace file renacer.trace not written"

"$RECORD" --help | grep -q -- "--stack-depth" || fail "--help lacks --stack-depth"
"$RECORD" --version | grep -Eq "^renacer-record [0-9]+\.[0-9]+" || fail "--version"

finish
