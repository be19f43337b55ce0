#!/usr/bin/env bash
# The first thing to run: installs what is missing, builds renacer, builds the
# example programs of the user guide, then shows what renacer tells about one
# of them — a program with a slow startup:
#   1. renacer -c: the summary, live;
#   2. renacer --source: which source line makes the calls;
#   3. renacer-record + renacer-report: record now, analyze later.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
export PATH="$here/build:$PATH"

work=${DEMO_DIR:-$(mktemp -d /tmp/renacer-demo.XXXXXX)}
bash docs/examples/prepare.sh "$work" >/dev/null
cd "$work"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "renacer -c -- ./myapp"
renacer -c -- ./myapp

step "renacer --source -c -e 'trace=openat,read,close' -- ./myapp"
renacer --source -c -e 'trace=openat,read,close' -- ./myapp

step "renacer --source -e 'trace=openat' -- ./myapp | grep ttf | head -3"
renacer --source -e 'trace=openat' -- ./myapp | grep ttf | head -3 || true  # head closes the pipe early

step "renacer-record -o myapp.trace -- ./myapp"
renacer-record -o myapp.trace -- ./myapp

step "renacer-report -c --source -e 'trace=openat' myapp.trace"
renacer-report -c --source -e 'trace=openat' myapp.trace

printf '\nThe example programs and the trace are in %s; the user guide is docs/guide.md.\n' "$work"
