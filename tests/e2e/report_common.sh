# Transition shim: scripts source tests/e2e/lib.sh directly; this goes once
# the last one does.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
