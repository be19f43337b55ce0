# Transition shim: the record tests' old names over tests/e2e/lib.sh (sourced).
# Scripts source lib.sh directly; this goes once the last one does.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
R=$RECORD
P=$PROG_DIR
T=$TMP
