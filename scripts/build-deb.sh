#!/usr/bin/env bash
# Builds the renacer Debian package in a clean copy of this tree, checks it
# with lintian, installs it with apt, and runs the installed renacer:
#
#   scripts/build-deb.sh [OUTDIR]     (default OUTDIR: ./deb)
#
# The copy holds the files git knows (tracked, and untracked ones not
# ignored): no build directories. dpkg-buildpackage -us -uc -b runs the test
# suite at build time (dh_auto_test; DEB_BUILD_OPTIONS=nocheck skips it). The
# package is left installed only with KEEP_INSTALLED=1; otherwise it is
# removed at the end, so the machine is as before. Needs root (apt-get).
# BARE_CHECK=1 also installs it on a bare Debian 12 made with debootstrap.
# Ends with "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$here/deb}" && cd "${1:-$here/deb}" && pwd)
work=$(mktemp -d /tmp/renacer-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
step() { # description status
	if [ "$2" -eq 0 ]; then
		echo "ok: $1"
		passed=$((passed + 1))
	else
		echo "FAIL: $1"
		failed=$((failed + 1))
	fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

# The one version: CMakeLists.txt's project() and debian/changelog agree.
version=$(sed -n 's/^project(renacer VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
deb_version=$(sed -n '1s/^renacer (\([^)]*\)).*/\1/p' "$here/debian/changelog")
[ "$version" = "$deb_version" ]
step "version $version in CMakeLists.txt and debian/changelog ($deb_version)" $?

# Packaging tools, then the build dependencies debian/control names.
tools=(dpkg-dev debhelper lintian)
$SUDO apt-get install -y -qq --no-install-recommends "${tools[@]}" >"$work/apt.log" 2>&1 ||
	{ $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${tools[@]}"; } \
		>>"$work/apt.log" 2>&1
step "packaging tools installed" $?
src="$work/renacer-$version"
mkdir -p "$src"
(cd "$here" && git ls-files --cached --others --exclude-standard |
	while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done |
	tar -c -T - -f -) | tar -x -C "$src"
step "clean copy in $src ($(find "$src" -type f | wc -l) files)" $?
(cd "$src" && $SUDO apt-get build-dep -y -qq ./) >>"$work/apt.log" 2>&1
step "build dependencies installed (apt-get build-dep)" $? || tail -n 20 "$work/apt.log"

start=$(date +%s)
(cd "$src" && DEB_BUILD_OPTIONS="parallel=${JOBS:-2} ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc -b) \
	>"$out/build.log" 2>&1
rc=$?
step "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s; log in $out/build.log)" $rc
if [ "$rc" -ne 0 ]; then
	grep -E "FAIL|Error|error:" "$out/build.log" | tail -n 30
	finish
fi
grep -E "tests passed|tests failed" "$out/build.log" | tail -n 1
rm -f "$out"/renacer_*.deb "$out"/renacer-dbgsym_*.deb
mv "$work"/renacer_*.deb "$work"/renacer-dbgsym_*.deb "$work"/*.changes "$out"/ 2>/dev/null
deb=$(ls "$out"/renacer_"$version"_*.deb)
step "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)" 0

# lintian: tags the package still has are explained in docs/packaging.md.
lintian --info "$deb" >"$out/lintian.txt" 2>&1
echo "lintian ($(grep -c '^[EWIP]:' "$out/lintian.txt") tags, full text in $out/lintian.txt):"
grep '^[EW]:' "$out/lintian.txt" | sort -u | sed 's/^/  /'
! grep '^E:' "$out/lintian.txt" | grep -qv 'copyright'
step "lintian: no errors other than the license ones docs/packaging.md explains" $?

# Runtime dependencies only: no -dev package, nothing the build needed.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
! grep -q -- '-dev\b\|pandoc\|cmake' <<<"$depends"
step "the package depends on run-time libraries only" $?

# Install as a user would, and run the installed program.
$SUDO apt-get install -y -qq "$deb" >"$work/install.log" 2>&1
step "apt install ./$(basename "$deb")" $? || tail -n 10 "$work/install.log"
[ "$(command -v renacer)" = /usr/bin/renacer ]
step "renacer is /usr/bin/renacer" $?
(cd "$work" && /usr/bin/renacer -c -- ls >"$work/ls.out" 2>&1)
rc=$?
cat "$work/ls.out"
[ "$rc" -eq 0 ] && grep -q "Total" "$work/ls.out" && grep -q "openat\|getdents64" "$work/ls.out"
step "/usr/bin/renacer -c -- ls: exit $rc, a summary with ls's calls" $?
/usr/bin/renacer-report -V && man -w renacer-report >/dev/null && man -w 5 renacer-trace >/dev/null
step "installed man pages found by man (renacer-report(1), renacer-trace(5))" $?
# BARE_CHECK=1: also install it on a bare Debian 12 (debootstrap minbase, no
# build dependencies) and run renacer there. Downloads ~40 MB; about 4 minutes.
if [ "${BARE_CHECK:-0}" = 1 ]; then
	bare="$work/bare"
	command -v debootstrap >/dev/null || $SUDO apt-get install -y -qq debootstrap >>"$work/apt.log" 2>&1
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
	$SUDO debootstrap --variant=minbase bookworm "$bare" "${mirror:-http://deb.debian.org/debian}" \
		>"$work/bare.log" 2>&1
	step "bare Debian 12 (debootstrap minbase: $(chroot "$bare" dpkg -l | grep -c '^ii') packages)" $?
	cp "$deb" "$bare/tmp/" && cp /etc/resolv.conf "$bare/etc/"
	$SUDO mount -t proc proc "$bare/proc"
	chroot "$bare" sh -c "! dpkg -l | grep -q -- '-dev ' && apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb")" >>"$work/bare.log" 2>&1
	step "apt install ./$(basename "$deb") on the bare system" $?
	chroot "$bare" sh -c 'cd /tmp && renacer -c -- ls' >"$work/bare-ls.out" 2>&1 &&
		grep -q "Total" "$work/bare-ls.out"
	step "renacer -c -- ls on the bare system" $?
	$SUDO umount "$bare/proc"
fi
if [ "${KEEP_INSTALLED:-0}" != 1 ]; then
	$SUDO apt-get remove -y -qq renacer >>"$work/install.log" 2>&1
	step "package removed again (KEEP_INSTALLED=1 keeps it)" $?
fi
finish
