#!/usr/bin/env bash
# Runs every command of the user guide (docs/guide.src.md) against the example
# programs and checks the output still matches docs/guide.md (times, addresses
# and pids masked), so the guide cannot drift from the tools. Its server
# examples listen on the fixed port 8080, as the commands in the guide say.
. "$(dirname "$0")/lib.sh"
# One run at a time on a machine: another suite's server on 8080 would take
# this run's requests (and its counts).
exec 7>>/tmp/renacer-guide-port-8080.lock
flock -w 900 7 || { fail "another run of the guide held port 8080 for 15 minutes"; finish; }
bash "$RENACER_SRC/docs/examples/prepare.sh" "$TMP" >/dev/null || { fail "docs/examples/prepare.sh failed"; finish; }
check_cmd "docs/guide.md matches the tools' output" python3 "$RENACER_SRC/docs/guide.py" check "$RENACER_BIN" "$TMP"
finish
