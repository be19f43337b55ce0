#!/usr/bin/env bash
# cmake --install into a temporary prefix, then everything from there (not
# from the build tree): the four programs run (-V, record, report, diff,
# renacer -c), each man page renders with man -l, the bash completions load
# and complete, the zsh completion parses, the docs are in place.
. "$(dirname "$0")/lib.sh"
prefix="$TMP/prefix"

if ! cmake --install "$RENACER_BIN" --prefix "$prefix" >"$TMP/install.log" 2>&1; then
	fail "cmake --install failed: $(tail -n 5 "$TMP/install.log")"
	finish
fi
pass "cmake --install --prefix $prefix"

# The programs, from the prefix only.
export PATH="$prefix/bin:/usr/bin:/bin"
for prog in renacer renacer-record renacer-report renacer-diff; do
	where=$(command -v "$prog")
	[ "$where" = "$prefix/bin/$prog" ] && pass "$prog runs from the prefix" ||
		fail "$prog resolves to '$where', not $prefix/bin/$prog"
	"$prog" -V >"$TMP/v" 2>&1 && grep -q "^$prog [0-9]" "$TMP/v" && pass "$prog -V: $(head -n 1 "$TMP/v")" ||
		fail "$prog -V: $(cat "$TMP/v")"
done
cd "$TMP" || exit 1
renacer-record -q -o a.trace -- "$PROG_DIR/rec_known" >/dev/null 2>&1
[ -s a.trace ] && pass "installed renacer-record wrote a trace" || fail "installed renacer-record wrote no trace"
renacer-report -c a.trace >report.txt 2>&1 && grep -q "openat" report.txt && pass "installed renacer-report -c" ||
	fail "installed renacer-report -c: $(head -n 3 report.txt)"
renacer-diff a.trace a.trace >diff.txt 2>&1 && grep -q "total" diff.txt && pass "installed renacer-diff" ||
	fail "installed renacer-diff: $(head -n 3 diff.txt)"
renacer -c -- "$PROG_DIR/rec_known" >live.txt 2>&1 && grep -q "openat" live.txt && pass "installed renacer -c" ||
	fail "installed renacer -c: $(head -n 3 live.txt)"

# Man pages: every page is installed and renders.
pages=$(find "$prefix/share/man" -type f -name 'renacer*' | sort)
for want in man1/renacer.1 man1/renacer-record.1 man1/renacer-report.1 man1/renacer-diff.1 man5/renacer-trace.5; do
	[ -f "$prefix/share/man/$want" ] && pass "installed $want" || fail "missing man page $want"
done
if command -v man >/dev/null; then
	for page in $pages; do
		name=$(basename "$page")
		if MANWIDTH=80 man -l "$page" >"$TMP/page.txt" 2>"$TMP/page.err" &&
			grep -q "^NAME" "$TMP/page.txt" && grep -q "^DESCRIPTION" "$TMP/page.txt" &&
			grep -q "^SEE ALSO" "$TMP/page.txt"; then
			pass "man -l $name renders ($(wc -l <"$TMP/page.txt") lines)"
		else
			fail "man -l $name: $(head -n 3 "$TMP/page.err")"
		fi
		grep -Ei "error|unknown|not found" "$TMP/page.err" && fail "man -l $name reported errors"
	done
else
	skip "man is not installed"
fi

# bash completions: load with bash-completion, and complete options and values.
bc=/usr/share/bash-completion/bash_completion
comp="$prefix/share/bash-completion/completions"
if [ -f "$bc" ]; then
	for prog in renacer renacer-record renacer-report renacer-diff; do
		[ -f "$comp/$prog" ] || { fail "no bash completion $comp/$prog"; continue; }
		got=$(bash --norc -c '
			source "$1"; source "$2/$3"
			complete -p "$3" >/dev/null || exit 1
			fn=$(complete -p "$3" | sed "s/.*-F \([^ ]*\) .*/\1/")
			COMP_WORDS=("$3" --ve); COMP_CWORD=1; COMP_LINE="$3 --ve"; COMP_POINT=${#COMP_LINE}
			"$fn" "$3" --ve "$3"; echo "${COMPREPLY[*]}"' bash "$bc" "$comp" "$prog" 2>&1)
		[ "$got" = "--version" ] && pass "bash completion of $prog: --ve -> $got" ||
			fail "bash completion of $prog: --ve gave '$got'"
	done
	got=$(bash --norc -c '
		source "$1"; source "$2/renacer-report"
		COMP_WORDS=(renacer-report --format j); COMP_CWORD=2; COMP_LINE="renacer-report --format j"
		COMP_POINT=${#COMP_LINE}; _renacer_report renacer-report j --format; echo "${COMPREPLY[*]}"' \
		bash "$bc" "$comp" 2>&1)
	[ "$got" = "json" ] && pass "bash completion: renacer-report --format j -> json" ||
		fail "bash completion: renacer-report --format j gave '$got'"
else
	skip "bash-completion is not installed ($bc)"
fi
zc="$prefix/share/zsh/vendor-completions/_renacer"
[ -f "$zc" ] && pass "zsh completion installed" || fail "no zsh completion at $zc"
if command -v zsh >/dev/null; then
	zsh -n "$zc" && pass "zsh completion parses" || fail "zsh -n $zc failed"
else
	skip "zsh is not installed"
fi

# One version: what -V printed is CMakeLists.txt's, and debian/changelog agrees.
version=$(sed -n 's/^project(renacer VERSION \([0-9.]*\).*/\1/p' "$RENACER_SRC/CMakeLists.txt")
renacer -V | grep -qx "renacer $version" && pass "renacer -V prints CMakeLists.txt's version $version" ||
	fail "renacer -V does not print $version"
if [ -f "$RENACER_SRC/debian/changelog" ]; then
	deb=$(sed -n '1s/^renacer (\([^)]*\)).*/\1/p' "$RENACER_SRC/debian/changelog")
	[ "$deb" = "$version" ] && pass "debian/changelog is at $version too" ||
		fail "debian/changelog is at '$deb', CMakeLists.txt at $version: add a changelog entry (dch -v $version)"
fi

# Docs.
for doc in README.md guide.md spec/cli.md spec/format.md; do
	[ -f "$prefix/share/doc/renacer/$doc" ] && pass "doc $doc installed" || fail "doc $doc missing"
done

# A part that could not run (a tool missing) makes the whole test "skipped".
finish
