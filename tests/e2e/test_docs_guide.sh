#!/usr/bin/env bash
# Runs every command of the user guide (docs/guide.src.md) against the example
# programs and checks the output still matches docs/guide.md (times, addresses
# and pids masked), so the guide cannot drift from the tools. Its server
# examples listen on the fixed port 8080, as the commands in the guide say.
set -euo pipefail
: "${RENACER_BIN:?}" "${RENACER_SRC:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$RENACER_SRC/docs/examples/prepare.sh" "$work" >/dev/null
python3 "$RENACER_SRC/docs/guide.py" check "$RENACER_BIN" "$work"
