#!/usr/bin/env bash
# Builds the user guide's example programs (with -g, from each example's own
# folder so debug info names files like src/ui/fonts.c) into DIR and creates
# their inputs there: fonts/ (1247 files), plugins/ (100), data.txt (5000
# 7-byte records), large-file.dat (16 MiB), and www/ (index.html and a 4 MiB
# large-file.zip) which the example server serves.
#
#   docs/examples/prepare.sh DIR
set -euo pipefail

out=${1:?usage: prepare.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
flags=(-g -O0 -Wall)

build() { # example output [defines...] -- sources...
  local ex=$1 name=$2
  shift 2
  local defs=()
  while [ "$1" != "--" ]; do defs+=("$1"); shift; done
  shift
  (cd "$src/$ex" && "$cc" "${flags[@]}" "${defs[@]+"${defs[@]}"}" -o "$out/$name" "$@")
}

build myapp myapp -- src/main.c src/ui/fonts.c
build myapp myapp-optimized -DLAZY_FONTS -- src/main.c src/ui/fonts.c
build server server -- src/server.c src/logger.c
build server server-optimized -DBATCHED_LOG -- src/server.c src/logger.c
build app app -- src/main.c src/config.c src/parser.c src/output.c
cp "$out/app" "$out/app-before"
cp "$out/app" "$out/app-v1"
build app app-after -DBUFFERED_READS -- src/main.c src/config.c src/parser.c src/output.c
cp "$out/app-after" "$out/app-v2"
cp "$out/app-after" "$out/app-optimized"
build process process-traditional -- src/process.c
build process process-mmap -DUSE_MMAP -- src/process.c

cd "$out"
mkdir -p fonts plugins
if [ ! -e fonts/font-1247.ttf ]; then
  seq -f "fonts/font-%04g.ttf" 1 1247 | xargs -n 500 sh -c 'for f; do printf "FONT %s\n" "$f" > "$f"; done' sh
fi
if [ ! -e plugins/plugin-100.conf ]; then
  seq -f "plugins/plugin-%03g.conf" 1 100 | xargs -n 100 sh -c 'for f; do echo "enabled=1" > "$f"; done' sh
fi
[ -e data.txt ] || seq -f "l%05g" 1 5000 > data.txt
[ -e large-file.dat ] || head -c 16777216 /dev/zero | tr '\0' 'x' > large-file.dat
mkdir -p www
[ -e www/index.html ] || printf '<html><body>renacer example</body></html>\n' > www/index.html
[ -e www/large-file.zip ] || head -c 4194304 /dev/urandom > www/large-file.zip
echo "examples built in $out"
